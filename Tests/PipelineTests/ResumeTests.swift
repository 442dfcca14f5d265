import Foundation
import Testing

@testable import Pipeline

/// Kills a real `nlpipe run` with SIGKILL mid-way, resumes it, and compares the dataset with
/// an uninterrupted run byte for byte.
@Suite struct ResumeTests {
  private var binary: URL { CLIBinary.url }

  private func nlpipe(_ arguments: [String]) throws -> Process {
    try CLIBinary.start(arguments)
  }

  @Test func killedRunResumesToTheSameDataset() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: binary.path),
      "build the CLI first: swift build --build-tests")
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var lines: [String] = []
    for index in 0..<30000 {
      lines.append(
        "{\"id\": \"d\(index)\", \"text\": \"Document \(index) about Baku, \\\"Tel Aviv\\\", and more text here.\"}"
      )
      if index % 997 == 0 { lines.append("{not json") }
    }
    try write(lines.joined(separator: "\n") + "\n", "in.jsonl", in: folder)
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
    for name in [
      "documents.jsonl", "documents.json", "documents.csv", "sentences.csv", "entities.csv",
      "relations.csv", "errors.jsonl",
    ] {
      let a = FileManager.default.contents(atPath: reference + "/" + name)
      let b = FileManager.default.contents(atPath: killed + "/" + name)
      #expect(a != nil && a == b, "\(name) differs after resume")
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: killed).filter {
      $0.hasPrefix(".")
    }
    #expect(leftovers.isEmpty)
  }
}
