import Foundation
import Testing

@testable import Pipeline

/// Kills a real `nlpipe run` with SIGKILL mid-way, resumes it, and compares the dataset with
/// an uninterrupted run byte for byte.
@Suite struct ResumeTests {
  private func nlpipe(_ arguments: [String]) throws -> Process {
    try CLIBinary.start(arguments)
  }

  @Test func killedRunResumesToTheSameDataset() throws {
    try CLIBinary.requireBuilt()
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(30000, in: folder, brokenEvery: 997) {
      "Document \($0) about Baku, \\\"Tel Aviv\\\", and more text here."
    }
    try write(
      "input: in.jsonl\nstages:\n  - export: {dir: out}\n", "pipeline.yaml", in: folder)
    let pipeline = folder.appendingPathComponent("pipeline.yaml").path
    let reference = folder.appendingPathComponent("reference").path
    let killed = folder.appendingPathComponent("killed").path

    let full = try nlpipe(["run", pipeline, "--output", reference, "--jobs", "2"])
    full.waitUntilExit()
    #expect(full.terminationStatus == 0)

    let run = try nlpipe([
      "run", pipeline, "--output", killed, "--jobs", "2", "--checkpoint-seconds", "0.05",
    ])
    let checkpoint = URL(fileURLWithPath: killed).appendingPathComponent(".nlpipe-checkpoint.json")
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: checkpoint.path), run.isRunning,
      Date() < deadline
    {
      usleep(5000)
    }
    kill(run.processIdentifier, SIGKILL)
    run.waitUntilExit()
    try #require(
      FileManager.default.fileExists(atPath: checkpoint.path),
      "the run finished before its first checkpoint; use a larger input")
    #expect(
      !FileManager.default.fileExists(
        atPath: URL(fileURLWithPath: killed).appendingPathComponent("manifest.json").path))

    let resumed = try nlpipe(["run", pipeline, "--output", killed, "--resume", "--jobs", "2"])
    resumed.waitUntilExit()
    #expect(resumed.terminationStatus == 0)
    expectSameDataset(reference, killed)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: killed).filter {
      $0.hasPrefix(".")
    }
    #expect(leftovers.isEmpty)
  }
}
