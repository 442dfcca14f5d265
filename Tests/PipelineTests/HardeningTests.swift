import CSV
import Foundation
import Testing

@testable import Export
@testable import Pipeline

/// Issue 14 part B, in-process: resume keys and checks, overwrite that swaps at the end,
/// refused output folders, runs that leave nothing or nothing finished-looking, merge checks,
/// thread start failures, the CSV formula guard.
@Suite struct HardeningTests {
  private let yaml =
    "input: in.jsonl\nstages: [words, caps, {fail: {marker: FAIL}}, {export: {dir: out}}]\n"

  private func corpus(_ count: Int, in folder: URL) throws {
    try writeDocuments(count, in: folder) {
      $0 == count / 3 ? "Document \($0) FAIL here" : "Document \($0) about Baku and Tel Aviv"
    }
  }

  private func run(
    _ folder: URL, output: URL, jobs: Int = 1, failFast: Bool = false, resume: Bool = false,
    overwrite: Bool = false
  ) throws -> RunSummary {
    try Executor(
      pipeline: try loadPipeline(yaml, in: folder),
      options: RunOptions(
        jobs: jobs, failFast: failFast, outputOverride: output, resume: resume,
        overwrite: overwrite)
    ).run()
  }

  /// A run stopped by --fail-fast: nothing published, a checkpoint to resume from.
  private func stoppedRun(_ folder: URL, output: URL) throws {
    let stopped = try run(folder, output: output, failFast: true)
    #expect(stopped.stoppedEarly)
    let names = try FileManager.default.contentsOfDirectory(atPath: output.path)
    #expect(names.allSatisfy { $0.hasPrefix(".") }, "published after --fail-fast: \(names)")
    #expect(names.contains(Checkpoint.fileName))
  }

  @Test func failFastPublishesNothingAndResumesThroughASymlink() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(2000, in: folder)
    let reference = folder.appendingPathComponent("reference")
    _ = try run(folder, output: reference, jobs: 2)
    let real = folder.appendingPathComponent("real")
    try stoppedRun(folder, output: real)
    let link = folder.appendingPathComponent("link")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
    let resumed = try run(folder, output: link, jobs: 2, resume: true)
    #expect(resumed.documentsIn == 2000)
    expectSameDataset(reference.path, real.path)
  }

  @Test func resumeRefusesAChangedInputOrAShortenedFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(300, in: folder)
    let out = folder.appendingPathComponent("out")
    try stoppedRun(folder, output: out)
    // A document already written changes: the skipped ones would no longer match.
    let input = folder.appendingPathComponent("in.jsonl")
    let original = try Data(contentsOf: input)
    try Data(
      String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\"d1\"", with: "\"x1\"")
        .utf8
    )
    .write(to: input)
    #expect(throws: OutputError.self) { _ = try run(folder, output: out, resume: true) }
    try original.write(to: input)
    // A data file lost bytes: an error, never zero padding.
    let partial = out.appendingPathComponent(".documents.jsonl.partial")
    let handle = try FileHandle(forUpdating: partial)
    try handle.truncate(atOffset: 10)
    try handle.close()
    do {
      _ = try run(folder, output: out, resume: true)
      Issue.record("resumed onto a shortened file")
    } catch let error as OutputError {
      #expect(error.description.contains("shorter"), "\(error)")
    }
    let bytes = try Data(contentsOf: partial)
    #expect(!bytes.contains(0), "NUL bytes in the data file")
  }

  @Test func resumeRefusesAChangedRuleFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(100, in: folder)
    let rules = folder.appendingPathComponent("rules.txt")
    try "first version\n".write(to: rules, atomically: true, encoding: .utf8)
    let yaml =
      "input: in.jsonl\nstages: [words, {fail: {marker: rules.txt}}, {fail: {marker: FAIL}}, {export: {dir: out}}]\n"
    let out = folder.appendingPathComponent("out")
    let stopped = try Executor(
      pipeline: try loadPipeline(yaml, in: folder),
      options: RunOptions(jobs: 1, failFast: true, outputOverride: out)
    ).run()
    #expect(stopped.stoppedEarly)
    try "second, longer version\n".write(to: rules, atomically: true, encoding: .utf8)
    do {
      _ = try Executor(
        pipeline: try loadPipeline(yaml, in: folder),
        options: RunOptions(jobs: 1, outputOverride: out, resume: true)
      ).run()
      Issue.record("resumed although a file the pipeline names changed")
    } catch let error as OutputError {
      #expect(error.description.contains("rules.txt"), "\(error)")
    }
  }

  @Test func overwriteKeepsTheOldDatasetUntilTheNewOneIsComplete() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(200, in: folder)
    let out = folder.appendingPathComponent("out")
    _ = try run(folder, output: out)
    let before = try Data(contentsOf: out.appendingPathComponent("documents.jsonl"))
    let manifest = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
    let stopped = try run(folder, output: out, failFast: true, overwrite: true)
    #expect(stopped.stoppedEarly)
    #expect(try Data(contentsOf: out.appendingPathComponent("documents.jsonl")) == before)
    #expect(try Data(contentsOf: out.appendingPathComponent("manifest.json")) == manifest)
    // A complete run replaces it, and drops the old files it does not write.
    try loadPipeline(
      "input: in.jsonl\nstages: [words, {export: {dir: out, formats: [jsonl]}}]\n", in: folder
    )
    .run(output: out)
    let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(names == ["documents.jsonl", "errors.jsonl", "manifest.json"], "\(names)")
  }

  @Test func anOutputFolderInsideTheInputIsRefused() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("one", "docs/a.txt", in: folder)
    let definition = try loadPipeline("input: docs\nstages: [{export: {dir: out}}]\n", in: folder)
    for output in ["docs", "docs/out", "docs/sub/out"] {
      #expect(throws: OutputError.self) {
        _ = try definition.run(output: folder.appendingPathComponent(output))
      }
    }
    let single = try loadPipeline("input: docs/a.txt\nstages: [{export: {dir: out}}]\n", in: folder)
    #expect(throws: OutputError.self) {
      _ = try single.run(output: folder.appendingPathComponent("docs"))
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("docs/out").path))
  }

  @Test func aRunWithoutDocumentsLeavesNothing() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("one", "docs/a.txt", in: folder)
    let definition = try loadPipeline(
      "input: {path: docs, glob: \"*.html\"}\nstages: [{export: {dir: out}}]\n", in: folder)
    #expect(throws: InputError.self) { _ = try definition.run(output: nil) }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
  }

  @Test func mergeRefusesItsOwnPartsDuplicatesAndMixedSplits() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(60, in: folder)
    let definition = try loadPipeline(yaml, in: folder)
    func shard(_ index: Int, of count: Int) throws -> URL {
      let out = folder.appendingPathComponent("s\(index)of\(count)")
      _ = try Executor(
        pipeline: definition,
        options: RunOptions(jobs: 1, outputOverride: out, shard: Shard(index: index, count: count))
      ).run()
      return out
    }
    let a = try shard(0, of: 2)
    let b = try shard(1, of: 2)
    let c = try shard(1, of: 3)
    let merged = folder.appendingPathComponent("merged")
    for (inputs, output) in [
      ([a, b], a), ([a, a, b], merged), ([a, c], merged), ([a, b], folder),
    ] {
      #expect(throws: OutputError.self) {
        try DatasetMerger(inputs: inputs, output: output).merge(overwrite: true)
      }
    }
    #expect(try DatasetMerger(inputs: [a, b], output: merged).merge(overwrite: false) == 60)
  }

  @Test func aThreadThatCannotStartEndsTheRunWithAnError() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(20, in: folder)
    var options = RunOptions(jobs: 2, outputOverride: folder.appendingPathComponent("out"))
    options.threadStackSize = 1 << 50
    do {
      _ = try Executor(pipeline: try loadPipeline(yaml, in: folder), options: options).run()
      Issue.record("a petabyte stack was granted?")
    } catch let error as OutputError {
      #expect(error.description.contains("cannot start a worker thread"), "\(error)")
    }
  }

  @Test func formulaCellsAreGuardedForSpreadsheets() throws {
    var row: [UInt8] = []
    CSVRow.append(
      ["=SUM(A1)", "+1 call", "-x", "@cmd", "-3.5", "+2", "1e-5", "a=b", "", "=a,b"], to: &row)
    #expect(
      String(decoding: row, as: UTF8.self)
        == "'=SUM(A1),'+1 call,'-x,'@cmd,-3.5,+2,1e-5,a=b,,\"'=a,b\"\r\n")
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("=HYPERLINK(\"x\")\n@Baku -5\n", "a.txt", in: folder)
    _ = try loadPipeline("input: a.txt\nstages: [words, {export: {dir: out}}]\n", in: folder)
      .run(output: nil)
    let reader = try CSVReader(
      string: try String(
        contentsOf: folder.appendingPathComponent("out/sentences.csv"), encoding: .utf8),
      hasHeaderRow: true)
    var texts: [String] = []
    while let cells = reader.next() { texts.append(cells[4]) }
    #expect(texts == ["'=HYPERLINK(\"x\")", "'@Baku -5"])
  }
}

extension PipelineDefinition {
  /// Runs in-process, one job, into `output` (or the export stage's folder).
  @discardableResult
  fileprivate func run(output: URL?) throws -> RunSummary {
    try Executor(
      pipeline: self, options: RunOptions(jobs: 1, outputOverride: output, overwrite: true)
    ).run()
  }
}
