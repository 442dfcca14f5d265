import Foundation
import Pipeline
import Stages
import Testing

/// Splits on whitespace into tokens, and into one sentence per line (test-only).
struct WordsStage: Stage {
  static let name = "words"
  static let summary = "test: whitespace tokens, one sentence per non-empty line"
  init(config: EmptyConfig, context: StageContext) throws {}
  static func contract(_ config: EmptyConfig) -> StageContract {
    StageContract(requires: [.cleanText], provides: [.tokens, .sentences])
  }

  func process(_ document: inout Document) throws {
    let bytes = Array(document.text.utf8)
    var tokens: [Token] = []
    var sentences: [Sentence] = []
    var index = 0
    var lineStart: Int?
    var lineEnd = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0A {
        if let start = lineStart { sentences.append(Sentence(start: start, end: lineEnd)) }
        lineStart = nil
        index += 1
      } else if byte == 0x20 || byte == 0x09 {
        index += 1
      } else {
        let start = index
        while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x0A, bytes[index] != 0x09
        {
          index += 1
        }
        tokens.append(Token(start: start, end: index))
        if lineStart == nil { lineStart = start }
        lineEnd = index
      }
    }
    if let start = lineStart { sentences.append(Sentence(start: start, end: lineEnd)) }
    document.tokens = tokens
    document.sentences = sentences
  }
}

/// Tags capitalised tokens (test-only), with a configurable label.
struct CapsStage: Stage {
  struct Config: StageConfig {
    var label: String
    var minLength: Int
    init(reading reader: inout ConfigReader) throws {
      label = try reader.string("label", default: "CAP", help: "label to give")
      minLength = try reader.int("min_length", default: 2, in: 1...100, help: "shortest token")
    }
  }
  static let name = "caps"
  static let summary = "test: capitalised tokens become entities"
  let config: Config
  init(config: Config, context: StageContext) throws { self.config = config }
  static func contract(_ config: Config) -> StageContract {
    StageContract(requires: [.tokens], provides: [.entities])
  }

  func process(_ document: inout Document) throws {
    for token in document.tokens {
      let text = document.slice(token)
      guard let first = text.unicodeScalars.first, first.properties.isUppercase,
        text.count >= config.minLength
      else { continue }
      document.entities.append(
        Entity(start: token.start, end: token.end, label: config.label, origin: "pattern"))
    }
    if document.entities.count >= 2 {
      document.relations.append(
        Relation(
          relation: "next_to", head: 0, tail: 1, sentence: 0, role: "a, \"b\"\nc", rule: "t1"))
    }
  }
}

/// Rewrites the text (test-only), to check ordering rules.
struct UpperStage: Stage {
  static let name = "upper"
  static let summary = "test: rewrites the text"
  init(config: EmptyConfig, context: StageContext) throws {}
  static func contract(_ config: EmptyConfig) -> StageContract {
    StageContract(provides: [.cleanText, .content], fields: ["shout"])
  }

  func process(_ document: inout Document) throws {
    document.replaceText(document.text.uppercased(), blocks: [])
    document.fields["shout"] = .bool(true)
  }
}

/// Fails documents whose text contains a marker (test-only).
struct FailStage: Stage {
  struct Config: StageConfig {
    var marker: String
    init(reading reader: inout ConfigReader) throws {
      marker = try reader.string("marker", default: "FAIL", help: "text that fails a document")
    }
  }
  static let name = "fail"
  static let summary = "test: fails marked documents"
  let config: Config
  init(config: Config, context: StageContext) throws { self.config = config }

  func process(_ document: inout Document) throws {
    if let range = document.text.range(of: config.marker) {
      let offset = document.text.utf8.distance(
        from: document.text.utf8.startIndex, to: range.lowerBound)
      throw DocumentError("marker found", offset: offset)
    }
  }
}

/// A registry with the built-in stages plus the test stages.
func testRegistry() throws -> StageRegistry {
  var registry = try BuiltinStages.registry()
  try registry.register(WordsStage.self)
  try registry.register(CapsStage.self)
  try registry.register(UpperStage.self)
  try registry.register(FailStage.self)
  return registry
}

/// A fresh temporary folder, removed by the caller's `defer`.
func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "nlpipe-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The bytes of `file` compressed by the system's `gzip` (which leaves `file` and writes
/// `file.gz` beside it).
func gzipped(_ file: URL) throws -> [UInt8] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["gzip", "-k", file.path]
  try process.run()
  process.waitUntilExit()
  return [UInt8](try Data(contentsOf: file.appendingPathExtension("gz")))
}

/// Writes bytes to `folder/name`, creating sub-folders.
func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws {
  let url = folder.appendingPathComponent(name)
  try FileManager.default.createDirectory(
    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try Data(bytes).write(to: url)
}

func write(_ text: String, _ name: String, in folder: URL) throws {
  try write(Array(text.utf8), name, in: folder)
}

/// Writes `folder/in.jsonl` with `count` documents `{"id": "dN", "text": text(N)}` (`text`
/// returns JSON string content, escapes included), and a broken line after every
/// `brokenEvery`-th document.
func writeDocuments(
  _ count: Int, in folder: URL, brokenEvery: Int? = nil, text: (Int) -> String
) throws {
  var lines: [String] = []
  for index in 0..<count {
    lines.append("{\"id\": \"d\(index)\", \"text\": \"\(text(index))\"}")
    if let brokenEvery, index % brokenEvery == 0 { lines.append("{not json") }
  }
  try write(lines.joined(separator: "\n") + "\n", "in.jsonl", in: folder)
}

/// A pipeline over `in.jsonl` of the fixture stages (upper-casing, words, `NAME` entities on
/// capitalised words, a stage failing on `BROKEN`) exporting `formats` with tokens to `out`.
func fixtureStagesPipeline(name: String, formats: [String]) -> String {
  """
  name: \(name)
  input: {path: in.jsonl}
  stages:
    - upper: {}
    - words: {}
    - caps: {label: NAME}
    - fail: {marker: BROKEN}
    - export: {formats: [\(formats.joined(separator: ", "))], dir: out, tokens: true}
  """
}

/// Expects the dataset files of two output folders to be byte-identical.
func expectSameDataset(_ reference: String, _ other: String) {
  for name in [
    "documents.jsonl", "documents.json", "documents.csv", "sentences.csv", "entities.csv",
    "relations.csv", "errors.jsonl",
  ] {
    let a = FileManager.default.contents(atPath: reference + "/" + name)
    let b = FileManager.default.contents(atPath: other + "/" + name)
    #expect(a != nil && a == b, "\(name) differs")
  }
}

/// Loads a pipeline YAML written into `folder/pipeline.yaml`.
func loadPipeline(_ yaml: String, in folder: URL, input: String? = nil) throws -> PipelineDefinition
{
  try write(yaml, "pipeline.yaml", in: folder)
  let loader = PipelineLoader(registry: try testRegistry(), inputOverride: input, jobs: 2)
  return try loader.load(path: folder.appendingPathComponent("pipeline.yaml").path)
}

/// Reads a JSON-lines file into objects.
func readJSONLines(_ url: URL) throws -> [[String: Any]] {
  let text = try String(contentsOf: url, encoding: .utf8)
  return try text.split(separator: "\n").map {
    try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
  }
}
