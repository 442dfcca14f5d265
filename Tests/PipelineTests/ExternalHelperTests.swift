import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// The Python helper module for plugins (`Examples/plugins/nlpipe_plugin.py`) and the
/// `external` stage's `max_consecutive_failures`.
@Suite(.enabled(if: python3Available, "python3 is not installed"))
struct ExternalHelperTests {
  /// Runs the helper-based test plugin over JSON-lines documents.
  private func run(_ texts: [String], maxFailures: Int?, jobs: Int = 1) throws -> (
    RunSummary, [[String: Any]], [[String: Any]]
  ) {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(texts.count, in: folder) { texts[$0] }
    let helpers = repositoryRoot.appendingPathComponent("Examples/plugins").path
    let limit = maxFailures.map { "max_consecutive_failures: \($0)" } ?? ""
    let pipeline = try loadPipeline(
      """
      input: {path: in.jsonl}
      stages:
        - external:
            command: ["\(python3Path)", "\(externalFixture("helper_plugin.py"))"]
            env: ["PYTHONPATH=\(helpers)"]
            fields: [length]
            layers: [marks]
            provides: [entities]
            \(limit)
        - export: {formats: [jsonl], dir: out}
      """, in: folder)
    let summary = try Executor(pipeline: pipeline, options: RunOptions(jobs: jobs)).run()
    let out = folder.appendingPathComponent("out")
    // A run that stopped early publishes nothing: its files keep their temporary names.
    func file(_ name: String) -> URL {
      summary.stoppedEarly
        ? out.appendingPathComponent(".\(name).partial") : out.appendingPathComponent(name)
    }
    return (
      summary, try readJSONLines(file("documents.jsonl")), try readJSONLines(file("errors.jsonl"))
    )
  }

  @Test func helperModuleAnswersInBytesAndTurnsExceptionsIntoDocumentErrors() throws {
    let (summary, documents, errors) = try run(
      ["Zoë was here é", "a bad one", "a bug here", "Ok"], maxFailures: nil)
    #expect(summary.documentsOK == 2 && summary.documentsFailed == 2 && !summary.stoppedEarly)
    let first = documents[0]
    #expect((first["fields"] as? [String: Any])?["length"] as? Int == 16)
    let entity = (first["entities"] as? [[String: Any]])?.first
    #expect(entity?["text"] as? String == "Zoë" && entity?["end"] as? Int == 4)
    #expect(entity?["label"] as? String == "FIRST" && entity?["confidence"] as? Double == 0.5)
    let mark = ((first["annotations"] as? [String: Any])?["marks"] as? [[String: Any]])?.first
    #expect(mark?["text"] as? String == "é" && mark?["start"] as? Int == 14)
    #expect((mark?["attributes"] as? [String: String])?["note"] == "é")
    #expect(
      errors.map { $0["message"] as? String ?? "" } == [
        "plugin 'helper_plugin' failed the document: bad document d1",
        "plugin 'helper_plugin' failed the document: ValueError: a bug in the plugin",
      ])
  }

  @Test func aPluginFailingDocumentAfterDocumentStopsTheRun() throws {
    // Four failures in a row are below the limit; the fifth of the next streak stops the run.
    let texts =
      ["good 0", "good 1"] + Array(repeating: "bad", count: 4) + ["good 2"]
      + Array(repeating: "bug", count: 20) + ["good 3"]
    let (summary, documents, errors) = try run(texts, maxFailures: 5)
    #expect(summary.stoppedEarly)
    #expect(
      summary.stopReason
        == "stage 'external': plugin 'helper_plugin' failed 5 documents in a row "
        + "(max_consecutive_failures: 5); last error: plugin 'helper_plugin' failed the document: "
        + "ValueError: a bug in the plugin")
    // Documents already in flight are finished; the rest of the input is never started.
    #expect(documents.count == 3)
    #expect(errors.count >= 9 && errors.count < 24)
    #expect(summary.documentsIn == documents.count + errors.count)
    // 0: never stop.
    let (all, _, allErrors) = try run(texts, maxFailures: 0, jobs: 2)
    #expect(!all.stoppedEarly && all.documentsIn == texts.count && allErrors.count == 24)
  }
}
