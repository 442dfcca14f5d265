import CSV
import Foundation
import Testing

@testable import Pipeline

/// JSON-lines keys kept as document fields, `input.fields` columns, the `text` column.
@Suite struct InputFieldsTests {
  @Test func jsonLinesKeepTheirExtraKeysAsDocumentFields() throws {
    let reader = DocumentReader(spec: InputSpec(path: URL(fileURLWithPath: "/x"), displayPath: "x"))
    let line = """
      {"id": "a", "text": "Hi", "url": "https://e.org/1", "title": "T", "date": "2024-05-01",
       "rank": 3, "tags": ["x"], "fields": {"lang": "en"}, "entities": [], "source": "s"}
      """
    let document = try reader.read(
      .line(Array(line.utf8), file: "in.jsonl", fileId: "in", number: 1))
    #expect(
      document.fields == [
        "url": .string("https://e.org/1"), "title": .string("T"), "date": .string("2024-05-01"),
        "rank": .number(3), "tags": .array([.string("x")]), "lang": .string("en"),
      ])
    #expect(document.text == "Hi")
  }

  @Test func declaredInputFieldsAndTheTextBecomeDocumentColumns() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(
      """
      {"id": "a", "text": "Alpha one\\nline two", "url": "https://e.org/a", "title": "A, \\"quoted\\""}
      {"id": "b", "text": "Beta", "date": "2024-01-02", "url": "https://e.org/b"}

      """, "in.jsonl", in: folder)
    let pipeline = try loadPipeline(
      """
      input: {path: in.jsonl, fields: [url, title]}
      stages:
        - words
        - export: {formats: [csv, jsonl], dir: out, text: true}
      """, in: folder)
    _ = try Executor(pipeline: pipeline, options: RunOptions(jobs: 2)).run()
    let reader = try CSVReader(
      string: try String(
        contentsOf: folder.appendingPathComponent("out/documents.csv"), encoding: .utf8),
      hasHeaderRow: true)
    #expect(
      reader.headerRow == [
        "doc_id", "source", "format", "chars", "bytes", "sentences", "entities", "relations",
        "warnings", "text", "url", "title",
      ])
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    #expect(
      rows.map { Array($0.suffix(3)) } == [
        ["Alpha one\nline two", "https://e.org/a", "A, \"quoted\""],
        ["Beta", "https://e.org/b", ""],
      ])
    // Undeclared keys are document fields all the same, in the JSON.
    let lines = try readJSONLines(folder.appendingPathComponent("out/documents.jsonl"))
    #expect(
      (lines[1]["fields"] as? [String: String]) == ["date": "2024-01-02", "url": "https://e.org/b"])
  }
}
