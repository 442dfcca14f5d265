import Foundation
import Testing

@testable import Pipeline

/// Checkpoints carry their format version (2: the xxHash64 input digest); `--resume` refuses a
/// checkpoint of another version with what to do, and still refuses a changed input.
@Suite struct CheckpointVersionTests {
  private let yaml =
    "input: in.jsonl\nstages: [words, {fail: {marker: FAIL}}, {export: {dir: out}}]\n"

  private func run(_ folder: URL, output: URL, failFast: Bool = false, resume: Bool = false)
    throws -> RunSummary
  {
    try Executor(
      pipeline: try loadPipeline(yaml, in: folder),
      options: RunOptions(jobs: 1, failFast: failFast, outputOverride: output, resume: resume)
    ).run()
  }

  /// Rewrites the checkpoint's JSON object (`edit` gets and returns its fields).
  private func editCheckpoint(in output: URL, _ edit: (inout [String: Any]) -> Void) throws {
    let url = Checkpoint.url(in: output)
    var fields = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    edit(&fields)
    try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]).write(to: url)
  }

  @Test func anotherVersionIsRefusedAndTheCurrentOneResumes() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(200, in: folder) { $0 == 120 ? "Document \($0) FAIL" : "Document \($0)" }
    let reference = folder.appendingPathComponent("reference")
    _ = try run(folder, output: reference)
    let out = folder.appendingPathComponent("out")
    #expect(try run(folder, output: out, failFast: true).stoppedEarly)
    let written = try #require(try Checkpoint.read(in: out))
    #expect(written.version == Checkpoint.currentVersion)
    #expect(written.position > 0)

    // Written before version 2: no version field (and an FNV-1a digest).
    try editCheckpoint(in: out) { $0["version"] = nil }
    do {
      _ = try run(folder, output: out, resume: true)
      Issue.record("resumed from a checkpoint of an older version")
    } catch let error as OutputError {
      #expect(error.description.contains("older nlpipe (checkpoint version 1"), "\(error)")
      #expect(error.description.contains("--overwrite"), "\(error)")
    }
    try editCheckpoint(in: out) { $0["version"] = Checkpoint.currentVersion + 1 }
    do {
      _ = try run(folder, output: out, resume: true)
      Issue.record("resumed from a checkpoint of a newer version")
    } catch let error as OutputError {
      #expect(error.description.contains("newer nlpipe"), "\(error)")
    }

    // The refusals changed nothing: with its version back, the run resumes to the same dataset.
    try editCheckpoint(in: out) { $0["version"] = Checkpoint.currentVersion }
    let resumed = try run(folder, output: out, resume: true)
    #expect(resumed.documentsIn == 200)
    expectSameDataset(reference.path, out.path)
  }

  @Test func aChangedByteInAWrittenDocumentIsRefused() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(200, in: folder) { $0 == 120 ? "Document \($0) FAIL" : "Document \($0)" }
    let out = folder.appendingPathComponent("out")
    #expect(try run(folder, output: out, failFast: true).stoppedEarly)
    // One byte of an early document, same length.
    let input = folder.appendingPathComponent("in.jsonl")
    let original = try Data(contentsOf: input)
    try Data(
      String(decoding: original, as: UTF8.self)
        .replacingOccurrences(of: "Document 7\"", with: "Document 8\"").utf8
    ).write(to: input)
    do {
      _ = try run(folder, output: out, resume: true)
      Issue.record("resumed although a written document changed")
    } catch let error as OutputError {
      #expect(error.description.contains("changed since"), "\(error)")
    }
    try original.write(to: input)
    #expect(try run(folder, output: out, resume: true).documentsIn == 200)
  }
}
