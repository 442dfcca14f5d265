import CSV
import Foundation
import Testing

@testable import Pipeline

/// End to end: pipeline file in, CSV and JSON out, read back with real parsers.
@Suite struct ExecutorTests {
  private func run(
    _ definition: PipelineDefinition, jobs: Int = 2, failFast: Bool = false
  ) throws -> RunSummary {
    try Executor(pipeline: definition, options: RunOptions(jobs: jobs, failFast: failFast)).run()
  }

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

  @Test func datasetRoundTripsThroughCSVAndJSON() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("Hello, \"Zürich\" team\nSecond Line here", "docs/a.txt", in: folder)
    try write("plain words only", "docs/b.txt", in: folder)
    let definition = try loadPipeline(
      "name: t\ninput: {path: docs, glob: \"*.txt\"}\nstages:\n  - words\n  - caps\n  - export: {dir: out, tokens: true}\n",
      in: folder)
    let summary = try run(definition)
    #expect(summary.documentsIn == 2)
    #expect(summary.documentsOK == 2)
    let out = folder.appendingPathComponent("out")

    let entities = try csvRows(out.appendingPathComponent("entities.csv"))
    // `"Zürich"` starts with a quote, not a capital, so the test stage skips it.
    #expect(entities.map { $0["text"] } == ["Hello,", "Second", "Line"])
    #expect(entities.allSatisfy { $0["doc_id"] == "a" && $0["label"] == "CAP" })
    #expect(entities.map { $0["sentence_id"] } == ["0", "1", "1"])

    let sentences = try csvRows(out.appendingPathComponent("sentences.csv"))
    #expect(
      sentences.map { $0["text"] } == [
        "Hello, \"Zürich\" team", "Second Line here", "plain words only",
      ])

    let relations = try csvRows(out.appendingPathComponent("relations.csv"))
    #expect(relations.count == 1)
    #expect(relations.first?["role"] == "a, \"b\"\nc")
    #expect(relations.first?["head_text"] == "Hello,")
    #expect(relations.first?["evidence"] == "Hello, \"Zürich\" team")

    let documents = try csvRows(out.appendingPathComponent("documents.csv"))
    #expect(documents.map { $0["doc_id"] } == ["a", "b"])
    #expect(documents.first?["entities"] == "3")

    let lines = try readJSONLines(out.appendingPathComponent("documents.jsonl"))
    let array =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: out.appendingPathComponent("documents.json")))
      as? [[String: Any]] ?? []
    #expect(lines.count == 2)
    #expect(array.count == 2)
    #expect(lines.first?["text"] as? String == "Hello, \"Zürich\" team\nSecond Line here")
    // Every offset slices back to exactly the text it names.
    for document in lines {
      let text = Array((document["text"] as? String ?? "").utf8)
      for entity in document["entities"] as? [[String: Any]] ?? [] {
        let start = entity["start"] as? Int ?? -1
        let end = entity["end"] as? Int ?? -1
        #expect(String(decoding: text[start..<end], as: UTF8.self) == entity["text"] as? String)
      }
      for token in document["tokens"] as? [[Int]] ?? [] {
        #expect(token[0] < token[1] && token[1] <= text.count)
      }
    }
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
      as? [String: Any] ?? [:]
    #expect((manifest["documents"] as? [String: Any])?["ok"] as? Int == 2)
    #expect((manifest["stages"] as? [[String: Any]])?.count == 3)
    #expect(
      try String(contentsOf: out.appendingPathComponent("errors.jsonl"), encoding: .utf8).isEmpty)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter {
      $0.hasSuffix(".partial")
    }
    #expect(leftovers.isEmpty)
  }

  @Test func brokenDocumentsAreReportedAndTheRestGoesOn() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(
      [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x3E], "docs/binary.bin", in: folder)
    try write(
      Array("caf".utf8) + [0xE9, 0xFF, 0xC3, 0x28, 0xE9, 0xE9], "docs/latin.txt", in: folder)
    try write("A good document.", "docs/good.txt", in: folder)
    let definition = try loadPipeline(
      "input: docs\nstages:\n  - words\n  - export: {dir: out}\n", in: folder)
    let summary = try run(definition)
    #expect(summary.documentsIn == 3)
    #expect(summary.documentsOK == 1)
    #expect(summary.documentsFailed == 2)
    let out = folder.appendingPathComponent("out")
    let errors = try readJSONLines(out.appendingPathComponent("errors.jsonl"))
    #expect(errors.map { $0["id"] as? String } == ["binary", "latin"])
    #expect(errors.allSatisfy { $0["stage"] as? String == "input" })
    #expect((errors.first?["message"] as? String)?.contains("binary file") == true)
    #expect((errors.last?["message"] as? String)?.contains("not valid UTF-8") == true)
    let documents = try readJSONLines(out.appendingPathComponent("documents.jsonl"))
    #expect(documents.map { $0["id"] as? String } == ["good"])
  }

  @Test func outputKeepsInputOrderUnderParallelism() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var lines: [String] = []
    for index in 0..<300 {
      let words = String(repeating: "Word ", count: (index * 37) % 200 + 1)
      lines.append("{\"id\": \"d\(index)\", \"text\": \"\(words)\"}")
    }
    try write(lines.joined(separator: "\n") + "\n", "docs.jsonl", in: folder)
    let definition = try loadPipeline(
      "input: docs.jsonl\nstages: [words, caps, {export: {dir: out, formats: [jsonl]}}]\n",
      in: folder)
    let summary = try run(definition, jobs: 4)
    #expect(summary.documentsOK == 300)
    let documents = try readJSONLines(folder.appendingPathComponent("out/documents.jsonl"))
    #expect(documents.map { $0["id"] as? String } == (0..<300).map { "d\($0)" })
  }

  @Test func jsonLinesWithBrokenLines() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = """
      {"id": "one", "text": "First"}
      {"id": "two", "text": "Second"
      [1, 2]

      {"id": 7, "html": "<p>markup</p>"}
      {"id": "three", "text": 42}
      {"text": "no id"}
      """
    try write(text, "in.jsonl", in: folder)
    let definition = try loadPipeline(
      "input: in.jsonl\nstages: [{export: {dir: out}}]\n", in: folder)
    let summary = try run(definition)
    #expect(summary.documentsIn == 6)
    #expect(summary.documentsOK == 3)
    let errors = try readJSONLines(folder.appendingPathComponent("out/errors.jsonl"))
    #expect(errors.map { $0["source"] as? String } == ["in.jsonl:2", "in.jsonl:3", "in.jsonl:6"])
    #expect((errors.first?["message"] as? String)?.contains("line 2: not valid JSON") == true)
    let documents = try readJSONLines(folder.appendingPathComponent("out/documents.jsonl"))
    #expect(documents.map { $0["id"] as? String } == ["one", "7", "in-7"])
    #expect(documents[1]["format"] as? String == "html")
  }

  @Test func markupReachingATextStageFailsThatDocumentOnly() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("<p>Hi There</p>", "docs/page.html", in: folder)
    try write("Hi There", "docs/note.txt", in: folder)
    let definition = try loadPipeline(
      "input: docs\nstages: [words, {export: {dir: out}}]\n", in: folder)
    let summary = try run(definition)
    #expect(summary.documentsOK == 1)
    let errors = try readJSONLines(folder.appendingPathComponent("out/errors.jsonl"))
    #expect(errors.first?["stage"] as? String == "words")
    #expect((errors.first?["message"] as? String)?.contains("add `- cleanup: {}`") == true)
  }

  @Test func stageErrorsCarryStageAndOffset() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("fine", "docs/a.txt", in: folder)
    try write("this one FAILs", "docs/b.txt", in: folder)
    try write("fine too", "docs/c.txt", in: folder)
    let yaml = "input: docs\nstages: [{fail: {marker: FAIL}}, {export: {dir: out}}]\n"
    let summary = try run(try loadPipeline(yaml, in: folder))
    #expect(summary.documentsOK == 2)
    #expect(!summary.stoppedEarly)
    let errors = try readJSONLines(folder.appendingPathComponent("out/errors.jsonl"))
    #expect(errors.first?["stage"] as? String == "fail")
    #expect(errors.first?["offset"] as? Int == 9)

    let stopped = try run(try loadPipeline(yaml, in: folder), jobs: 1, failFast: true)
    #expect(stopped.stoppedEarly)
    #expect(stopped.documentsFailed == 1)
  }

  @Test func outputOverrideAndDeclaredFieldColumns() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("quiet words", "docs/a.txt", in: folder)
    let definition = try loadPipeline(
      "input: docs\nstages: [upper, words, {export: {dir: out}}]\n", in: folder)
    let elsewhere = folder.appendingPathComponent("elsewhere")
    let summary = try Executor(
      pipeline: definition, options: RunOptions(jobs: 1, outputOverride: elsewhere)
    ).run()
    #expect(summary.outputDirectories == [elsewhere])
    let rows = try csvRows(elsewhere.appendingPathComponent("documents.csv"))
    #expect(rows.first?["shout"] == "true")
    let documents = try readJSONLines(elsewhere.appendingPathComponent("documents.jsonl"))
    #expect(documents.first?["text"] as? String == "QUIET WORDS")
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
  }

  @Test func twoExportsIntoOneFolderAreRefusedBeforeTheRun() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "one\n".write(
      to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    let definition = try loadPipeline(
      "input: a.txt\nstages:\n  - export: {dir: out, formats: [csv]}\n"
        + "  - export: {dir: out, formats: [jsonl]}\n", in: folder)
    #expect(throws: OutputError.self) { _ = try run(definition) }
    let left =
      (try? FileManager.default.contentsOfDirectory(
        atPath: folder.appendingPathComponent("out").path)) ?? []
    #expect(left.isEmpty, "left behind: \(left)")
  }

  @Test func missingInputIsARunError() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let definition = try loadPipeline("input: nowhere\nstages: [export]\n", in: folder)
    #expect(throws: InputError.self) { _ = try run(definition) }
  }
}
