import CSV
import Foundation
import Synchronization
import Testing

@testable import Pipeline
@testable import Stages

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whether `python3` is on PATH (the plugin tests skip without it).
let python3Available =
  ExternalStage.findProgram(
    "python3", in: URL(fileURLWithPath: "/"),
    path: ProcessInfo.processInfo.environment["PATH"] ?? "") != nil

/// The Python interpreter itself (a version manager's `python3` shim is slow to start).
let python3Path: String = {
  let process = Process()
  let output = Pipe()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
  process.standardOutput = output
  guard (try? process.run()) != nil else { return "python3" }
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  return process.terminationStatus == 0 && !path.isEmpty ? path : "python3"
}()

/// A test plugin under `Fixtures/external/`.
func externalFixture(_ name: String) -> String {
  Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
    .appendingPathComponent("external").appendingPathComponent(name).path ?? name
}

/// The repository root (for `Examples/` and `seeds/`).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// The `external` stage end to end: real plugin processes, through the executor.
@Suite(.enabled(if: python3Available, "python3 is not installed"))
struct ExternalStageTests {
  private func csvRows(_ url: URL) throws -> [[String: String]] {
    let reader = try CSVReader(
      string: try String(contentsOf: url, encoding: .utf8), hasHeaderRow: true)
    let header = reader.headerRow ?? []
    var rows: [[String: String]] = []
    while let row = reader.next() {
      rows.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
    }
    return rows
  }

  /// Runs the flaky test plugin over documents named by their texts; returns the ok
  /// documents (JSON lines) and the error records by id.
  private func runFlaky(
    _ texts: [(String, String)], timeout: Double = 10, jobs: Int = 1, plugin: String = "flaky.py"
  ) throws -> (documents: [[String: Any]], errors: [String: String], summary: RunSummary) {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for (id, text) in texts { try write(text, "docs/\(id).txt", in: folder) }
    let yaml = """
      name: flaky
      input: {path: docs, glob: "*.txt"}
      stages:
        - external:
            command: ["\(python3Path)", "\(externalFixture(plugin))"]
            timeout: \(timeout)
            fields: [length, pid]
            layers: [marks]
        - export: {dir: out, formats: [jsonl]}
      """
    try write(yaml, "pipeline.yaml", in: folder)
    let definition = try PipelineLoader(registry: try testRegistry(), jobs: jobs).load(
      path: folder.appendingPathComponent("pipeline.yaml").path)
    let summary = try Executor(pipeline: definition, options: RunOptions(jobs: jobs)).run()
    let out = folder.appendingPathComponent("out")
    let documents = try readJSONLines(out.appendingPathComponent("documents.jsonl"))
    var errors: [String: String] = [:]
    for record in try readJSONLines(out.appendingPathComponent("errors.jsonl")) {
      errors[record["id"] as? String ?? ""] = record["message"] as? String ?? ""
    }
    return (documents, errors, summary)
  }

  @Test func sentimentExampleRunsOnTheSeeds() throws {
    // Exactly the example pipeline of docs/custom-stages.md, with the output redirected.
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let definition = try PipelineLoader(registry: try testRegistry(), jobs: 2).load(
      path: repositoryRoot.appendingPathComponent("Examples/plugins/sentiment.yaml").path)
    let out = folder.appendingPathComponent("out")
    let summary = try Executor(
      pipeline: definition, options: RunOptions(jobs: 2, outputOverride: out)
    ).run()
    #expect(summary.documentsIn == 5)
    #expect(summary.documentsOK == 5)
    let documents = try csvRows(out.appendingPathComponent("documents.csv"))
    #expect(documents.count == 5)
    for row in documents {
      #expect(["positive", "negative", "neutral"].contains(row["sentiment_label"] ?? ""))
      #expect(Double(row["sentiment"] ?? "x").map { (-1...1).contains($0) } == true)
    }
    let annotations = try csvRows(out.appendingPathComponent("annotations.csv"))
    #expect(!annotations.isEmpty)
    #expect(annotations.allSatisfy { $0["layer"] == "sentiment" })
    // Offsets slice back to the word the plugin matched.
    let lines = try readJSONLines(out.appendingPathComponent("documents.jsonl"))
    for line in lines {
      let text = Array((line["text"] as? String ?? "").utf8)
      let layers = line["annotations"] as? [String: [[String: Any]]] ?? [:]
      for annotation in layers["sentiment"] ?? [] {
        let start = annotation["start"] as? Int ?? -1
        let end = annotation["end"] as? Int ?? -1
        #expect(String(decoding: text[start..<end], as: UTF8.self) == annotation["text"] as? String)
        #expect(["positive", "negative"].contains(annotation["label"] as? String ?? ""))
      }
    }
    let errors = try String(
      contentsOf: out.appendingPathComponent("errors.jsonl"), encoding: .utf8)
    #expect(errors.isEmpty)
  }

  @Test func wellBehavedRepliesMergeIntoTheDocument() throws {
    let result = try runFlaky([("a", "Zürich is nice"), ("b", "two wörds")])
    #expect(result.errors.isEmpty)
    #expect(result.documents.count == 2)
    let first = try #require(result.documents.first)
    let fields = first["fields"] as? [String: Any] ?? [:]
    #expect(fields["length"] as? Int == "Zürich is nice".utf8.count)
    let entities = first["entities"] as? [[String: Any]] ?? []
    #expect(entities.map { $0["text"] as? String } == ["nice"])
    #expect(entities.first?["source"] as? String == "flaky")
    let marks = (first["annotations"] as? [String: [[String: Any]]])?["marks"] ?? []
    #expect(marks.map { $0["text"] as? String } == ["Zürich"])
    #expect((marks.first?["attributes"] as? [String: String])?["n"] == "1")
    // One process served both documents (jobs 1): it is long-lived, not one per document.
    let pids = result.documents.compactMap { ($0["fields"] as? [String: Any])?["pid"] as? Int }
    #expect(pids.count == 2 && Set(pids).count == 1)
  }

  @Test func aCrashFailsOnlyThatDocumentAndTheProcessIsRestarted() throws {
    let result = try runFlaky([("a", "fine one"), ("b", "CRASH here"), ("c", "fine again")])
    #expect(result.summary.documentsOK == 2)
    #expect(result.documents.map { $0["id"] as? String } == ["a", "c"])
    let message = try #require(result.errors["b"])
    #expect(message.contains("plugin 'flaky' crashed: exited with status 1"))
    #expect(message.contains("ValueError: boom on b"))
    let pids = result.documents.compactMap { ($0["fields"] as? [String: Any])?["pid"] as? Int }
    #expect(Set(pids).count == 2)
  }

  @Test func aHangIsKilledAtTheTimeout() throws {
    let result = try runFlaky(
      [("a", "fine one"), ("b", "HANG here"), ("c", "fine again")], timeout: 1)
    #expect(result.documents.map { $0["id"] as? String } == ["a", "c"])
    let message = try #require(result.errors["b"])
    #expect(message.contains("timed out: no reply within 1 s"))
    #expect(message.contains("killed by signal 9"))
  }

  @Test func garbageWrongIDsAndExtraLinesRestartThePlugin() throws {
    let result = try runFlaky(
      [
        ("a", "GARBAGE out"), ("b", "fine"), ("c", "WRONGID please"), ("d", "TWOLINES twice"),
        ("e", "fine again"),
      ], jobs: 2)
    #expect(result.documents.map { $0["id"] as? String } == ["b", "e"])
    #expect(result.errors["a"]?.contains("reply is not JSON") == true)
    #expect(result.errors["a"]?.contains("'this is not json'") == true)
    #expect(result.errors["c"]?.contains("reply is for document 'someone-else', not 'c'") == true)
    #expect(result.errors["d"]?.contains("more than one line") == true)
  }

  @Test func badContentFailsTheDocumentButKeepsTheProcess() throws {
    let result = try runFlaky(
      [
        ("a", "fine"), ("b", "SPLIT café"), ("c", "UNDECLARED x"), ("d", "REFUSE it"),
        ("e", "fine again"),
      ])
    #expect(result.documents.map { $0["id"] as? String } == ["a", "e"])
    #expect(result.errors["b"]?.contains("splits a UTF-8 character") == true)
    #expect(result.errors["c"]?.contains("field 'surprise'") == true)
    #expect(result.errors["d"]?.contains("refused by the plugin") == true)
    let pids = result.documents.compactMap { ($0["fields"] as? [String: Any])?["pid"] as? Int }
    #expect(Set(pids).count == 1)
  }

  @Test func aPluginThatExitsBetweenDocumentsIsReplacedWithoutFailures() throws {
    let result = try runFlaky([("a", "EXITAFTER this"), ("b", "fine"), ("c", "fine too")])
    #expect(result.errors.isEmpty)
    #expect(result.documents.map { $0["id"] as? String } == ["a", "b", "c"])
    let pids = result.documents.compactMap { ($0["fields"] as? [String: Any])?["pid"] as? Int }
    #expect(pids.count == 3 && pids[0] != pids[1] && pids[1] == pids[2])
  }

  @Test func crashesOnTheFirstDocumentsAreNotMistakenForAStartUpFailure() throws {
    let crashes = (1...4).map { ("c\($0)", "CRASH \($0)") }
    let result = try runFlaky(crashes + [("f1", "fine"), ("f2", "fine too")])
    #expect(result.documents.map { $0["id"] as? String } == ["f1", "f2"])
    #expect(result.errors.count == 4)
    #expect(result.errors.values.allSatisfy { $0.contains("crashed: exited with status 1") })
  }

  @Test func aPluginThatExitsAtStartUpFailsEveryDocumentWithoutLooping() throws {
    let texts = (0..<6).map { ("d\($0)", "text \($0)") }
    let result = try runFlaky(texts, plugin: "exit_at_start.py")
    #expect(result.summary.documentsFailed == 6)
    #expect(result.documents.isEmpty)
    #expect(result.errors.values.contains { $0.contains("exited with status 3") })
    #expect(result.errors.values.contains { $0.contains("missing model file, giving up") })
    #expect(result.errors["d0"]?.contains("crashed: exited with status 3") == true)
    #expect(result.errors["d5"]?.contains("exits at start-up, before reading any input") == true)
    #expect(result.errors["d5"]?.contains("not restarting it") == true)
  }

  @Test func stderrIsForwardedWithTheNamePrefixAndProcessesEndWithThePool() throws {
    let lines = Mutex<[String]>([])
    let launch = PluginLaunch(
      command: [python3Path, externalFixture("flaky.py")],
      environment: ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" },
      directory: "/", logPrefix: "[external flaky] ",
      log: { line in lines.withLock { $0.append(line) } })
    var pids: [Int32] = []
    do {
      let pool = try ProcessPool(
        name: "flaky", launch: launch, timeout: 10, startupTimeout: 30)
      var document = Document(id: "doc1", location: "x", format: .text, source: "hello world")
      document.sentences = [Sentence(start: 0, end: 11)]
      let reply = try pool.exchange(
        PluginRequest.encode(document, parts: Set(PluginRequest.Part.allCases)), id: "doc1")
      #expect(reply["id"] == .string("doc1"))
      pids = pool.idleProcessIDs
      #expect(pids.count == 1)
    }
    // The pool is gone: its process got end-of-input, exited, and was reaped (no zombie).
    for pid in pids {
      #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }
    #expect(lines.withLock { $0 }.contains("[external flaky] got doc1"))
  }

  @Test func theCLIStreamsThroughThePluginAndForwardsItsStderr() throws {
    let (status, output, errors) = try CLIBinary.run(
      ["run", "Examples/plugins/sentiment.yaml", "--stdin", "--stdout", "--jobs", "1"],
      input: "{\"id\": \"a\", \"text\": \"a good day\"}\n")
    #expect(status == 0, "\(errors)")
    #expect(errors.contains("[external sentiment] sentiment plugin ready\n"))
    let line = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    let fields = line?["fields"] as? [String: Any]
    #expect(fields?["sentiment_label"] as? String == "positive")
    let layers = line?["annotations"] as? [String: [[String: Any]]]
    #expect(layers?["sentiment"]?.first?["text"] as? String == "good")
  }

  @Test func aMissingProgramIsALoadError() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect {
      _ = try loadPipeline(
        "input: docs\nstages:\n  - external: {command: [no-such-program-xyz, a.py]}\n",
        in: folder)
    } throws: { error in
      "\(error)".contains("cannot find program 'no-such-program-xyz' on PATH")
    }
  }
}

/// The protocol pieces without processes.
@Suite struct ExternalProtocolTests {
  @Test func theJSONParserReadsRepliesAndRejectsGarbage() throws {
    let value = try JSONParser.parse(
      Array(#" {"id": "a\u00e9\ud83d\ude00\n", "n": [1, -2.5e1, true, null], "o": {}} "#.utf8))
    #expect(
      value
        == .object([
          "id": .string("aé😀\n"),
          "n": .array([.number(1), .number(-25), .bool(true), .null]), "o": .object([:]),
        ]))
    for garbage in ["", "{", "{\"a\" 1}", "[1,]", "01", "\"\\ud800\"", "{} x", "nul"] {
      #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(garbage.utf8)) }
    }
    let deep = String(repeating: "[", count: 10_000)
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(deep.utf8)) }
  }

  @Test func requestsCarryTheDocumentAsOneLine() throws {
    var document = Document(id: "d", location: "x", format: .text, source: "Añb\nc")
    document.tokens = [Token(start: 0, end: 4)]
    document.entities = [Entity(start: 0, end: 4, label: "X", origin: "t")]
    document.fields["k"] = .string("v")
    let line = PluginRequest.encode(document, parts: Set(PluginRequest.Part.allCases))
    #expect(line.last == 0x0A)
    #expect(!line.dropLast().contains(0x0A))
    let parsed = try JSONParser.parse(Array(line.dropLast()))
    guard case .object(let object) = parsed else {
      Issue.record("not an object")
      return
    }
    #expect(object["text"] == .string("Añb\nc"))
    #expect(object["tokens"] == .array([.array([.number(0), .number(4)])]))
    #expect(object["fields"] == .object(["k": .string("v")]))
    let entity: JSONValue = .object([
      "start": .number(0), "end": .number(4), "label": .string("X"), "canonical": .string("Añb"),
    ])
    #expect(object["entities"] == .array([entity]))
    let minimal = PluginRequest.encode(document, parts: [])
    #expect(String(decoding: minimal, as: UTF8.self) == "{\"id\":\"d\",\"text\":\"Añb\\nc\"}\n")
  }

  @Test func newEntitiesMergeInTextOrderAndRelationsFollowThem() throws {
    var document = Document(id: "d", location: "x", format: .text, source: "Ann met Bob in Rome")
    document.entities = [
      Entity(start: 0, end: 3, label: "PER", origin: "model"),
      Entity(start: 15, end: 19, label: "LOC", origin: "model"),
    ]
    document.relations = [Relation(relation: "visited", head: 0, tail: 1, sentence: 0, rule: "r")]
    let object: [String: JSONValue] = [
      "id": .string("d"),
      "entities": .array([
        .object(["start": .number(8), "end": .number(11), "label": .string("PER")])
      ]),
    ]
    let reply = try PluginReply(object, document: document, origin: "p", fields: [], layers: [])
    reply.apply(to: &document)
    #expect(document.entities.map { document.slice($0) } == ["Ann", "Bob", "Rome"])
    #expect(document.entities[1].origin == "p")
    #expect(document.relations[0].head == 0 && document.relations[0].tail == 2)
  }

  @Test func offsetsOutsideTheTextAreRejected() throws {
    let document = Document(id: "d", location: "x", format: .text, source: "short")
    let object: [String: JSONValue] = [
      "id": .string("d"),
      "annotations": .array([
        .object(["start": .number(2), "end": .number(9), "label": .string("x")])
      ]),
    ]
    #expect {
      _ = try PluginReply(object, document: document, origin: "p", fields: [], layers: ["l"])
    } throws: { error in
      "\(error)".contains("span 2..<9 is outside the text (0..<5 bytes)")
    }
  }

  @Test func theRegistryRejectsADuplicateName() throws {
    var registry = try BuiltinStages.registry()
    #expect {
      try registry.register(ExternalStage.self)
    } throws: { error in
      "\(error)"
        == "a stage named 'external' is already registered; choose another name for the new stage"
    }
  }
}
