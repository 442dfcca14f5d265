import Foundation
import Testing

@testable import Pipeline

/// Hostile inputs through the full pipeline: each gives a clear per-document error or correct
/// text, the run finishes, no file outside the input is read, nothing escapes the output folder.
@Suite struct HostileInputTests {
  private var fixtures: URL {
    get throws {
      try #require(Bundle.module.url(forResource: "Fixtures/hostile", withExtension: nil))
    }
  }

  @Test func hostileCorpusIsContained() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in")
    try FileManager.default.copyItem(at: try fixtures, to: input)
    try FileManager.default.removeItem(at: input.appendingPathComponent("README.md"))
    let definition = try loadPipeline(
      """
      input: {path: in, max_mb: 64}
      stages:
        - cleanup
        - sentences
        - entities
        - export: {dir: out}
      """, in: folder)
    let summary = try Executor(
      pipeline: definition, options: RunOptions(jobs: 2, documentTimeout: 120)
    ).run()
    let out = folder.appendingPathComponent("out")
    let documents = try readJSONLines(out.appendingPathComponent("documents.jsonl"))
    let errors = try readJSONLines(out.appendingPathComponent("errors.jsonl"))
    #expect(documents.count + errors.count == summary.documentsIn)
    #expect(summary.documentsIn == 17)

    func error(_ id: String) -> String? {
      errors.first { $0["id"] as? String == id }?["message"] as? String
    }
    func document(_ id: String) -> [String: Any]? {
      documents.first { $0["id"] as? String == id }
    }
    #expect(error("binary")?.contains("binary file") == true)
    #expect(error("nul-bytes")?.contains("NUL byte at byte 9") == true)
    #expect(error("invalid-utf8")?.contains("not valid UTF-8") == true)
    #expect(error("broken-lines-3")?.contains("not valid JSON") == true)
    #expect(error("broken-lines-4")?.contains("not valid JSON") == true)
    #expect((document("utf16-no-bom")?["text"] as? String)?.contains("Baku and Tel Aviv") == true)
    #expect(document("empty")?["text"] as? String == "")
    // Ids are data, never paths.
    #expect(document("../../etc/escape") != nil)
    #expect(document("a/b/c") != nil)
    #expect(document("fine") != nil)
    // Entities are never substituted: no file content, no blow-up.
    let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
    let marker = passwd.split(separator: "\n").first.map(String.init) ?? "root:x:0:0"
    let everything = try String(
      contentsOf: out.appendingPathComponent("documents.jsonl"), encoding: .utf8)
    #expect(!everything.contains(marker))
    for id in ["xxe-file", "xxe-network", "xxe-parameter", "billion-laughs", "quadratic-blowup"] {
      let text = (document(id)?["text"] as? String) ?? ""
      #expect(text.utf8.count < 100_000, "\(id) expanded to \(text.utf8.count) bytes")
      #expect(document(id) != nil || error(id) != nil, "\(id) vanished")
    }
    // Deep nesting: the text, a clear error, or a warning that libxml2 cut it; never a crash.
    let nested = document("nested-10000")
    let nestedWarned = (nested?["warnings"] as? [String])?.contains { $0.contains("nested deeper") }
    #expect(
      (nested?["text"] as? String)?.contains("Deep text at the bottom.") == true
        || error("nested-10000") != nil || nestedWarned == true)
    // Nothing but the dataset in the output folder, nothing next to it.
    let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(
      written == [
        "documents.csv", "documents.json", "documents.jsonl", "entities.csv", "errors.jsonl",
        "manifest.json", "relations.csv", "sentences.csv",
      ])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
        "in", "out", "pipeline.yaml",
      ])
  }

  /// Generated giants, through the engine alone (the stages have their own size tests): a
  /// 100 MB single-line file over the run's 64 MB limit is refused by its size before it is
  /// read; a 50 MB JSON line under it is read, kept whole and exported.
  @Test func giantsAreRefusedByLimitOrKeptWhole() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(
      [UInt8](repeating: UInt8(ascii: "a"), count: 100 << 20), "in/huge-line.txt", in: folder)
    let text = String(repeating: "word ", count: 10 << 20)
    try write("{\"id\": \"long\", \"text\": \"\(text)\"}\n", "in/long-line.jsonl", in: folder)
    try write("{\"id\": \"small\", \"text\": \"fine\"}\n", "in/small.jsonl", in: folder)
    let definition = try loadPipeline(
      "input: {path: in, max_mb: 64}\nstages: [{export: {dir: out, formats: [jsonl]}}]\n",
      in: folder)
    let summary = try Executor(pipeline: definition, options: RunOptions(jobs: 2)).run()
    #expect(summary.documentsIn == 3)
    let errors = try readJSONLines(folder.appendingPathComponent("out/errors.jsonl"))
    #expect(errors.map { $0["id"] as? String } == ["huge-line"])
    #expect((errors.first?["message"] as? String)?.contains("more than input.max_mb") == true)
    let documents = try readJSONLines(folder.appendingPathComponent("out/documents.jsonl"))
    #expect(documents.map { $0["id"] as? String } == ["long", "small"])
    #expect((documents.first?["text"] as? String)?.utf8.count == text.utf8.count)
  }

  @Test func documentTimeBudgetFailsOnlySlowDocuments() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("fast", "docs/a.txt", in: folder)
    try write(String(repeating: "Word ", count: 200_000), "docs/b.txt", in: folder)
    let definition = try loadPipeline(
      "input: docs\nstages: [words, caps, {export: {dir: out}}]\n", in: folder)
    let summary = try Executor(
      pipeline: definition, options: RunOptions(jobs: 1, documentTimeout: 0.000_001)
    ).run()
    #expect(summary.documentsFailed == 2)
    let errors = try readJSONLines(folder.appendingPathComponent("out/errors.jsonl"))
    #expect((errors.first?["message"] as? String)?.contains("--doc-timeout") == true)
  }
}
