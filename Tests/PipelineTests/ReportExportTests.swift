import Foundation
import Testing

@testable import Export
@testable import Pipeline
@testable import Stages

@Suite("Report: export stage and writer")
struct ReportExportTests {
  private func run(_ yaml: String, files: [String: String]) throws -> (URL, RunSummary) {
    let folder = try temporaryFolder()
    for (name, text) in files { try write(text, "in/\(name)", in: folder) }
    let pipeline = try loadPipeline(yaml, in: folder)
    let summary = try Executor(pipeline: pipeline, options: RunOptions(jobs: 2)).run()
    return (folder, summary)
  }

  private func names(in folder: URL) throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
  }

  @Test func writesASelfContainedEscapedPageBesideTheDataset() throws {
    var files: [String: String] = [:]
    for index in 0..<6 {
      files["doc\(index).txt"] = "Alice Smith met Bob Jones\nin Paris \(index)\n"
    }
    files["a-evil.txt"] = "Mallory <script>alert(1)</script> & Eve\n"
    files["zz-broken.txt"] = "this one has FAIL in it\n"
    let (folder, summary) = try run(
      """
      name: rep
      input: {path: in, glob: "*.txt"}
      stages:
        - words: {}
        - caps: {label: PERSON}
        - fail: {}
        - export: {formats: [csv, html], dir: out, report_documents: 3}
      """, files: files)
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(summary.documentsOK == 7 && summary.documentsFailed == 1)
    let out = folder.appendingPathComponent("out")
    // The dataset is still written, the page beside it, and no temporary file is left.
    #expect(
      try names(in: out) == [
        "documents.csv", "sentences.csv", "entities.csv", "relations.csv", "errors.jsonl",
        "manifest.json", "report.html",
      ])
    let html = try String(
      contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.hasSuffix("</html>\n"))
    // Self-contained: no scripts, no fetched resources.
    #expect(!html.contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark"))
    for pattern in ["<link", " src=", "url(http", "@import", "@font-face"] {
      #expect(!html.contains(pattern), "found \(pattern)")
    }
    // Summary: counts, labels, top entities, relations, graph, failures.
    #expect(html.contains("<b>8</b><span>documents</span>"))
    #expect(html.contains("<b>1</b><span>failed</span>"))
    #expect(html.contains(">PERSON</span></td><td class=\"num\">"))
    #expect(
      html.contains(
        "Alice<span class=\"lbl\">PERSON</span></span></td><td class=\"num\">6</td><td class=\"num\">6</td>"
      ))
    #expect(html.contains("<td>next_to</td><td class=\"num\">7</td>"))
    #expect(html.contains("<section id=\"graph\"><h2>Relation graph</h2>"))
    #expect(html.contains("next_to ×6"))
    #expect(html.contains("<section id=\"failed\">"))
    #expect(html.contains("zz-broken</b>"))
    #expect(html.contains("marker found (at byte 13)"))
    // The first three documents, in input order, and no more.
    #expect(html.matches(of: /<section class="doc"/).count == 3)
    let order = ["a-evil", "doc0", "doc1"].compactMap {
      html.range(of: "</h3><p class=\"meta\">\($0) · ")?.lowerBound
    }
    #expect(order.count == 3 && order == order.sorted())
    #expect(!html.contains("<p class=\"meta\">doc2 · "))
    // Documents go by their title (here the first line of the text), not their id.
    #expect(html.contains("<h3>Alice Smith met Bob Jones</h3><p class=\"meta\">doc0 · "))
    #expect(html.contains("The first 3 of 7 processed documents."))
    // Balanced structure.
    for tag in ["section", "table", "svg", "mark", "div"] {
      #expect(
        html.matches(of: try Regex("<\(tag)[ >]")).count
          == html.matches(of: try Regex("</\(tag)>")).count, "unbalanced <\(tag)>")
    }
  }

  @Test func htmlAloneWritesOnlyThePage() throws {
    let (folder, summary) = try run(
      """
      name: only
      input: {path: in}
      stages:
        - export: {formats: [html], dir: out, report_documents: 0}
      """, files: ["a.txt": "one", "b.txt": "two"])
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(summary.documentsOK == 2)
    let out = folder.appendingPathComponent("out")
    #expect(try names(in: out) == ["errors.jsonl", "manifest.json", "report.html"])
    let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(html.contains("No documents shown"))
    #expect(html.contains("No relations between entities."))
    #expect(!html.contains("<section class=\"doc\""))
  }

  @Test func compositeOutputMergesNamedPartsAndHandsEachSinkItsOwn() throws {
    let first = RecordingOutput(parts: ["a.csv": [1], "b.csv": [2, 2]])
    let second = RecordingOutput(parts: ["c.jsonl": [3], "d.html": [4, 4, 4]])
    let composite = CompositeOutput([first, second])
    let document = Document(id: "x", location: "x", format: .text, source: "x")
    let encoded = try composite.encoder.encode(document)
    #expect(encoded.parts.map(\.name) == ["a.csv", "b.csv", "c.jsonl", "d.html"])
    let sink = try composite.openSink(
      OutputFiles(
        policy: OutputFiles.Policy(
          resume: false, overwrite: true, pipelineSHA256: "", shard: nil)))
    try sink.write(encoded)
    try sink.recordFailure(
      ErrorRecord(id: "y", location: "y", stage: "s", message: "m", offset: nil))
    #expect(first.sink.written == [[[1], [2, 2]]])
    #expect(second.sink.written == [[[3], [4, 4, 4]]])
    #expect(first.sink.failures == 1 && second.sink.failures == 1)
    // A part missing from the document is an error, not a silent gap.
    #expect(throws: OutputError.self) { try sink.write(EncodedDocument()) }
    // Two outputs encoding one part (two sinks on one file) are refused.
    let clash = CompositeOutput([first, RecordingOutput(parts: ["a.csv": [9]])])
    #expect(throws: OutputError.self) { _ = try clash.encoder.encode(document) }
  }
}

/// An output that encodes fixed named parts, and whose sink records the parts it reads back
/// by name (test-only).
private struct RecordingOutput: DocumentOutput, @unchecked Sendable {
  struct Encoder: DocumentEncoder {
    let parts: [(String, [UInt8])]
    func encode(_ document: Document) throws -> EncodedDocument {
      var encoded = EncodedDocument()
      for (name, bytes) in parts { encoded.append(name, bytes) }
      return encoded
    }
  }
  let directory: URL? = nil
  let encoder: any DocumentEncoder
  let names: [String]
  let sink: RecordingSink
  init(parts: KeyValuePairs<String, [UInt8]>) {
    let sorted = parts.map { ($0.key, $0.value) }
    encoder = Encoder(parts: sorted)
    names = sorted.map(\.0)
    sink = RecordingSink(names: names)
  }
  func openSink(_ files: OutputFiles) throws -> any DocumentSink { sink }
}

private final class RecordingSink: DocumentSink, @unchecked Sendable {
  let names: [String]
  var written: [[[UInt8]]] = []
  var failures = 0
  init(names: [String]) { self.names = names }
  func write(_ encoded: EncodedDocument) throws {
    written.append(try names.map { try encoded.part($0).bytes })
  }
  func recordFailure(_ record: ErrorRecord) throws { failures += 1 }
  func finish() throws {}
}
