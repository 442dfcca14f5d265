import Foundation
import Testing

@testable import Pipeline

/// Kills a real `nlpipe run` that writes the HTML report, resumes it, and compares the page
/// with an uninterrupted run's byte for byte (the report's journal rebuilds the summary).
@Suite struct ReportResumeTests {
  @Test func killedRunResumesToTheSameReport() throws {
    try CLIBinary.requireBuilt()
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(12000, in: folder, brokenEvery: 997) {
      "Document \($0) <b>about</b> Baku.\\nA second line & more."
    }
    try write(
      "input: in.jsonl\nstages:\n  - export: {dir: out, formats: [csv, html], report_documents: 8000}\n",
      "pipeline.yaml", in: folder)
    let pipeline = folder.appendingPathComponent("pipeline.yaml").path
    let reference = folder.appendingPathComponent("reference").path
    let killed = folder.appendingPathComponent("killed").path

    let full = try CLIBinary.start(["run", pipeline, "--output", reference, "--jobs", "2"])
    full.waitUntilExit()
    #expect(full.terminationStatus == 0)

    let run = try CLIBinary.start([
      "run", pipeline, "--output", killed, "--jobs", "2", "--checkpoint-seconds", "0.05",
    ])
    let checkpoint = URL(fileURLWithPath: killed).appendingPathComponent(".nlpipe-checkpoint.json")
    let deadline = Date().addingTimeInterval(60)
    // Kill it once a few thousand documents (and failures, and sections) are checkpointed.
    func position() -> Int {
      guard let data = FileManager.default.contents(atPath: checkpoint.path),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      else { return 0 }
      return object["position"] as? Int ?? 0
    }
    while position() < 2000, run.isRunning, Date() < deadline { usleep(2000) }
    kill(run.processIdentifier, SIGKILL)
    run.waitUntilExit()
    let stoppedAt = position()
    try #require(
      stoppedAt >= 2000 && stoppedAt < 12000,
      "the run was not stopped midway (at \(stoppedAt)); use a larger input")

    let resumed = try CLIBinary.start([
      "run", pipeline, "--output", killed, "--resume", "--jobs", "2",
    ])
    resumed.waitUntilExit()
    #expect(resumed.terminationStatus == 0)
    let a = FileManager.default.contents(atPath: reference + "/report.html")
    let b = FileManager.default.contents(atPath: killed + "/report.html")
    #expect(a != nil && a == b, "report.html differs after resume")
    let page = String(decoding: a ?? Data(), as: UTF8.self)
    #expect(page.contains("<b>13</b><span>failed</span>"))
    #expect(page.matches(of: /<section class="doc"/).count == 8000)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: killed).filter {
      $0.hasPrefix(".")
    }
    #expect(leftovers.isEmpty)
  }
}
