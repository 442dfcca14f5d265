import Foundation
import Testing

@testable import Pipeline

/// Worker processes (`--isolation process`, the default) end to end: a stage that crashes or
/// hangs costs one document; the datasets are byte-identical to an in-process run; Ctrl-C
/// leaves a resumable run. The crashing stage is `test-trap`, registered only with
/// `NLPIPE_TEST_STAGES=1`.
@Suite struct IsolationTests {
  private let testStages = ["NLPIPE_TEST_STAGES": "1"]

  init() throws { try CLIBinary.requireBuilt() }

  private func corpus(_ count: Int, in folder: URL, name: String = "in.jsonl", marked: Set<Int>)
    throws
  {
    var lines: [String] = []
    for index in 0..<count {
      let text =
        marked.contains(index)
        ? "Document \(index) holds the TRAP marker."
        : "Document \(index): Aliyev met Herzog in Baku."
      lines.append("{\"id\": \"d\(index)\", \"text\": \"\(text)\"}")
    }
    try write(lines.joined(separator: "\n") + "\n", name, in: folder)
  }

  /// Runs `folder/pipeline.yaml` into `folder/out` (returned) and expects exit status 3, the
  /// summary's count of crashes, each marked document alone in errors.jsonl as a worker crash
  /// (signal) in `test-trap`, and every other one of `count` documents in documents.jsonl, in
  /// order.
  private func runExpectingCrashes(_ folder: URL, jobs: Int, marked: Set<Int>, of count: Int)
    throws -> String
  {
    let out = folder.appendingPathComponent("out").path
    let (status, _, message) = try CLIBinary.run(
      [
        "run", folder.appendingPathComponent("pipeline.yaml").path, "--output", out, "--jobs",
        String(jobs),
      ], environment: testStages)
    #expect(status == 3, "\(message)")
    #expect(
      message.contains("\(marked.count) of the failed crashed a worker process"), "\(message)")
    let errors = try readJSONLines(URL(fileURLWithPath: out + "/errors.jsonl"))
    #expect(errors.map { $0["id"] as? String } == marked.sorted().map { "d\($0)" })
    #expect(errors.allSatisfy { $0["stage"] as? String == "test-trap" })
    #expect(errors.allSatisfy { ($0["message"] as? String)?.contains("signal") == true })
    let ids = try readJSONLines(URL(fileURLWithPath: out + "/documents.jsonl")).compactMap {
      $0["id"] as? String
    }
    #expect(ids == (0..<count).filter { !marked.contains($0) }.map { "d\($0)" })
    return out
  }

  @Test func aCrashingStageCostsOneDocumentNotTheRun() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let marked: Set<Int> = [3, 4, 150]
    try corpus(200, in: folder, marked: marked)
    let yaml =
      "input: in.jsonl\nstages:\n  - sentences: {}\n  - test-trap: {}\n  - entities: {}\n"
      + "  - export: {dir: out}\n"
    try write(yaml, "pipeline.yaml", in: folder)
    let clean = folder.appendingPathComponent("clean")
    try corpus(200, in: clean, marked: [])
    try write(yaml, "pipeline.yaml", in: clean)
    let out = try runExpectingCrashes(folder, jobs: 2, marked: marked, of: 200)
    // The documents that did not crash come out as an in-process run writes them.
    let reference = folder.appendingPathComponent("reference").path
    let (cleanStatus, _, _) = try CLIBinary.run(
      [
        "run", clean.appendingPathComponent("pipeline.yaml").path, "--output", reference,
        "--isolation", "none",
      ], environment: testStages)
    #expect(cleanStatus == 0)
    let lines = try String(contentsOfFile: reference + "/documents.jsonl", encoding: .utf8)
      .split(separator: "\n").enumerated().filter { !marked.contains($0.offset) }.map(\.element)
    let isolated = try String(contentsOfFile: out + "/documents.jsonl", encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.count == isolated.count && lines == isolated)
  }

  /// One worker holding several documents, a run of poison ones among them, and the last
  /// document poison too: a worker answers in batches, so it dies holding finished answers;
  /// each poison document alone is an error (with its stage and signal), every other one is
  /// written, in order.
  @Test func poisonDocumentsInOneWorkersBatchCostOneDocumentEach() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let marked: Set<Int> = [3, 4, 5, 150, 151, 299]
    try corpus(300, in: folder, marked: marked)
    try write(
      "input: in.jsonl\nstages:\n  - sentences: {}\n  - test-trap: {}\n  - export: {dir: out}\n",
      "pipeline.yaml", in: folder)
    _ = try runExpectingCrashes(folder, jobs: 1, marked: marked, of: 300)
  }

  /// Documents larger than a socket's buffer, several in flight: the run sends the next ones
  /// while the worker answers the first, and neither waits for the other (this hung once).
  @Test func largeDocumentsInFlightNeverStallARun() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(6, in: folder) { index in
      String(repeating: "Document \(index) about Baku. ", count: 60_000)
    }
    try write("input: in.jsonl\nstages:\n  - export: {dir: out}\n", "pipeline.yaml", in: folder)
    let pipeline = folder.appendingPathComponent("pipeline.yaml").path
    var outputs: [String] = []
    for (isolation, jobs) in [("none", "1"), ("process", "1"), ("process", "2")] {
      let out = folder.appendingPathComponent("\(isolation)\(jobs)").path
      let run = try CLIBinary.start(
        ["run", pipeline, "--output", out, "--jobs", jobs, "--isolation", isolation, "--quiet"])
      let deadline = Date().addingTimeInterval(120)
      while run.isRunning, Date() < deadline { usleep(10_000) }
      if run.isRunning { kill(run.processIdentifier, SIGKILL) }
      run.waitUntilExit()
      #expect(run.terminationReason == .exit && run.terminationStatus == 0, "\(isolation) \(jobs)")
      outputs.append(out)
    }
    expectSameDataset(outputs[0], outputs[1])
    expectSameDataset(outputs[0], outputs[2])
  }

  /// The processes whose command line names `path` (Linux: read from /proc).
  private func processes(naming path: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
      guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
        return nil
      }
      let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
      return line.contains(path) ? "\(pid): \(line)" : nil
    }
  }

  @Test func noWorkerProcessOutlivesTheRun() throws {
    #if os(Linux)
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      try corpus(40, in: folder, marked: [])
      try write(
        "input: in.jsonl\nstages:\n  - sentences: {}\n  - export: {dir: out}\n",
        "pipeline.yaml", in: folder)
      let pipeline = folder.appendingPathComponent("pipeline.yaml").path
      for _ in 0..<3 {
        let (status, _, message) = try CLIBinary.run(
          ["run", pipeline, "--overwrite", "--jobs", "2", "--quiet"])
        #expect(status == 0, "\(message)")
        // The run reaps its workers before it exits: none is left, not even for a moment.
        #expect(processes(naming: pipeline) == [])
      }
    #endif
  }

  @Test func datasetsAndStreamsAreByteIdenticalToInProcessRuns() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipeline = CLIBinary.root.appendingPathComponent("pipelines/news.yaml").path
    let seeds = CLIBinary.root.appendingPathComponent("seeds").path
    for extra in [[], ["--shard", "1/3"]] {
      var outputs: [String] = []
      for isolation in ["none", "process"] {
        let out = folder.appendingPathComponent("\(isolation)\(extra.count)").path
        let (status, _, message) = try CLIBinary.run(
          ["run", pipeline, "--input", seeds, "--output", out, "--isolation", isolation, "--quiet"]
            + extra)
        #expect(status == 0, "\(message)")
        outputs.append(out)
      }
      expectSameDataset(outputs[0], outputs[1])
    }
    var streams: [String] = []
    var input = ""
    for name in try FileManager.default.contentsOfDirectory(atPath: seeds).sorted() {
      let text = try String(contentsOfFile: seeds + "/" + name, encoding: .utf8)
      let line = try JSONSerialization.data(withJSONObject: ["id": name, "text": text])
      input += String(decoding: line, as: UTF8.self) + "\n"
    }
    for isolation in ["none", "process"] {
      let (status, output, _) = try CLIBinary.run(
        ["run", pipeline, "--stdin", "--stdout", "--isolation", isolation, "--quiet"],
        input: input)
      #expect(status == 0)
      streams.append(output)
    }
    #expect(!streams[0].isEmpty && streams[0] == streams[1])
  }

  /// Workers read the input lines in place: broken lines fail with the same error records,
  /// and the others give the same documents, as in an in-process run.
  @Test func brokenInputLinesFailAlikeInWorkerProcesses() throws {
    let pipeline = CLIBinary.root.appendingPathComponent("pipelines/news.yaml").path
    let input =
      [
        #"{"id": "a", "text": "Aliyev met Herzog in Baku. Zoë \u00e9 \ud83d\ude00 left.", "url": "u"}"#,
        #"{"id": "b", "text": "unterminated}"#,
        #"["not", "an", "object"]"#,
        #"{"id": 12345678901234567890, "text": "A numeric id."}"#,
        #"{"id": "c", "text": 3}"#,
        #"{"text": "No id here."}"#,
      ].joined(separator: "\n") + "\n"
    var streams: [String] = []
    for isolation in ["none", "process"] {
      let (_, output, _) = try CLIBinary.run(
        ["run", pipeline, "--stdin", "--stdout", "--isolation", isolation, "--quiet"],
        input: input)
      streams.append(output)
    }
    let lines = streams[0].split(separator: "\n")
    #expect(lines.count == 6)
    #expect(lines.filter { $0.contains(#","error":{"#) }.count == 3)
    #expect(streams[0] == streams[1])
  }

  @Test func docTimeoutKillsAStageThatNeverReturns() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(20, in: folder, marked: [7])
    try write(
      "input: in.jsonl\nstages:\n  - test-trap: {action: hang}\n  - export: {dir: out}\n",
      "pipeline.yaml", in: folder)
    let out = folder.appendingPathComponent("out").path
    let started = Date()
    let (status, _, message) = try CLIBinary.run(
      [
        "run", folder.appendingPathComponent("pipeline.yaml").path, "--output", out,
        // 2 s: a fresh worker's first document in a debug build on a loaded machine can
        // take over 1 s (the run killed one as timed out in a full-suite run).
        "--doc-timeout", "2", "--jobs", "2",
      ], environment: testStages)
    #expect(status == 0, "\(message)")
    #expect(Date().timeIntervalSince(started) < 60)
    let errors = try readJSONLines(URL(fileURLWithPath: out + "/errors.jsonl"))
    #expect(errors.count == 1)
    #expect(errors.first?["id"] as? String == "d7")
    #expect((errors.first?["message"] as? String)?.contains("--doc-timeout") == true)
    #expect(try readJSONLines(URL(fileURLWithPath: out + "/documents.jsonl")).count == 19)
  }

  @Test func ctrlCLeavesAResumableRunAndSaysHow() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(30000, in: folder) { "Document \($0) about Baku and Tel Aviv, and more." }
    try write("input: in.jsonl\nstages:\n  - export: {dir: out}\n", "pipeline.yaml", in: folder)
    let pipeline = folder.appendingPathComponent("pipeline.yaml").path
    let reference = folder.appendingPathComponent("reference").path
    let (full, _, _) = try CLIBinary.run(["run", pipeline, "--output", reference, "--quiet"])
    #expect(full == 0)
    let out = folder.appendingPathComponent("out")
    let errors = Pipe()
    let run = try CLIBinary.start(
      ["run", pipeline, "--output", out.path, "--jobs", "2", "--checkpoint-seconds", "0.05"],
      stderr: errors)
    let checkpoint = out.appendingPathComponent(Checkpoint.fileName)
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: checkpoint.path), run.isRunning,
      Date() < deadline
    {
      usleep(5000)
    }
    kill(run.processIdentifier, SIGINT)
    let message = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    run.waitUntilExit()
    try #require(run.terminationStatus == 130, "the run ended before Ctrl-C: \(message)")
    #expect(message.contains("--resume"), "\(message)")
    #expect(
      !FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
    let (resumed, _, resumeMessage) = try CLIBinary.run([
      "run", pipeline, "--output", out.path, "--resume", "--quiet",
    ])
    #expect(resumed == 0, "\(resumeMessage)")
    expectSameDataset(reference, out.path)
    // Resubmitted once more (an array job): nothing to do, and that is fine.
    let (again, _, _) = try CLIBinary.run(["run", pipeline, "--output", out.path, "--resume"])
    #expect(again == 0)
  }
}
