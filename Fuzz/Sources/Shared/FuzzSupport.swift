import Export
import Foundation
import Pipeline
import Stages

/// Builds a built-in stage with its default config, once per fuzz process, through the
/// loader (so config reading is exactly that of a real pipeline file).
func makeStage(_ name: String, yaml: String = "{}") -> (any Stage)? {
  guard let registry = try? BuiltinStages.registry() else { return nil }
  let loader = PipelineLoader(registry: registry)
  let definition = try? loader.load(
    yaml: "input: .\nstages:\n  - \(name): \(yaml)\n", file: "fuzz.yaml",
    baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
  return definition?.stages.first?.stage
}

/// The fuzz input as a string, invalid UTF-8 repaired (the reader does the same).
func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
  String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// What the cleanup and boilerplate stages promise about blocks: content blocks are non-empty,
/// in text order, do not overlap and lie in the text; source ranges lie in the source.
func checkBlocks(_ document: Document) {
  let textCount = document.text.utf8.count
  let sourceCount = document.source.utf8.count
  var previous = 0
  for block in document.blocks {
    precondition(block.start <= block.end && block.end <= textCount)
    precondition(block.start >= previous)
    if block.isContent {
      precondition(block.start < block.end)
      previous = block.end
    }
    if let start = block.sourceStart, let end = block.sourceEnd {
      precondition(0 <= start && start <= end && end <= sourceCount)
    } else {
      precondition(block.sourceStart == nil && block.sourceEnd == nil)
    }
  }
}

/// The folder whole-pipeline targets run in (one per fuzz process), and their pipelines,
/// loaded once (models load slowly): `input: in.jsonl` plus the stages, by stages text.
let fuzzWorkFolder: URL = {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "nlpipe-fuzz-\(getpid())")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}()

let fuzzPipelines: [String: PipelineDefinition] = {
  var result: [String: PipelineDefinition] = [:]
  guard let registry = try? BuiltinStages.registry() else { return result }
  for stages in [exportStages, mergeStages] {
    result[stages] = try? PipelineLoader(registry: registry, jobs: 2).load(
      yaml: "input: in.jsonl\n" + stages, file: "fuzz.yaml", baseDirectory: fuzzWorkFolder)
  }
  return result
}()

let exportStages =
  "stages:\n  - sentences: {}\n  - entities: {}\n"
  + "  - export: {dir: out, formats: [csv, json, jsonl], tokens: true}\n"
let mergeStages =
  "stages:\n  - sentences: {}\n  - export: {dir: out, formats: [csv, json, jsonl]}\n"

/// The work folder, emptied for each input.
struct FuzzFolder {
  let url = fuzzWorkFolder

  init?() {
    remove()
    guard
      (try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true))
        != nil
    else { return nil }
  }

  func write(_ bytes: [UInt8], _ name: String) -> Bool {
    FileManager.default.createFile(
      atPath: url.appendingPathComponent(name).path, contents: Data(bytes))
  }

  func contents(_ name: String) -> Data? {
    FileManager.default.contents(atPath: url.appendingPathComponent(name).path)
  }

  /// Runs `input: in.jsonl` + `stages` in-process into `output`; nil when the run refuses.
  func run(
    _ stages: String, output: String, failFast: Bool = false, resume: Bool = false,
    shard: Shard? = nil
  ) -> RunSummary? {
    guard let definition = fuzzPipelines[stages] else {
      preconditionFailure("the pipeline did not load")
    }
    let options = RunOptions(
      jobs: 2, failFast: failFast, outputOverride: url.appendingPathComponent(output),
      shard: shard, resume: resume, overwrite: false)
    return try? Executor(pipeline: definition, options: options).run()
  }

  func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The JSON objects of a JSON-lines file (every line must parse).
func jsonLines(_ url: URL) -> [[String: Any]] {
  guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
  return data.split(separator: 0x0A).map { line in
    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
      preconditionFailure("\(url.lastPathComponent): a line is not a JSON object")
    }
    return object
  }
}

/// The rows of a CSV file, read by RFC 4180 (quoted cells, doubled quotes, CRLF).
func csvRows(_ url: URL) -> [[String]] {
  guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
  var rows: [[String]] = []
  var row: [String] = []
  var cell: [UInt8] = []
  var quoted = false
  var index = data.startIndex
  while index < data.endIndex {
    let byte = data[index]
    if quoted {
      if byte == 0x22 {
        if index + 1 < data.endIndex, data[index + 1] == 0x22 {
          cell.append(0x22)
          index += 1
        } else {
          quoted = false
        }
      } else {
        cell.append(byte)
      }
    } else if byte == 0x22 {
      precondition(cell.isEmpty || cell == [UInt8(ascii: "'")], "a quote inside an unquoted cell")
      quoted = true
    } else if byte == 0x2C {
      row.append(String(decoding: cell, as: UTF8.self))
      cell = []
    } else if byte == 0x0D, index + 1 < data.endIndex, data[index + 1] == 0x0A {
      row.append(String(decoding: cell, as: UTF8.self))
      rows.append(row)
      row = []
      cell = []
      index += 1
    } else {
      precondition(byte != 0x0A && byte != 0x0D, "a bare line break in an unquoted cell")
      cell.append(byte)
    }
    index += 1
  }
  precondition(!quoted && row.isEmpty && cell.isEmpty, "the file does not end with a row")
  return rows
}

/// Every row has the header's number of cells; no cell starts like a spreadsheet formula.
func checkCSV(_ url: URL) {
  let rows = csvRows(url)
  guard let header = rows.first else { return }
  for row in rows {
    precondition(
      row.count == header.count, "\(url.lastPathComponent): a row with \(row.count) cells")
    for cell in row where CSVRow.needsFormulaGuard(cell.utf8) {
      preconditionFailure("\(url.lastPathComponent): an unguarded formula cell")
    }
  }
}
