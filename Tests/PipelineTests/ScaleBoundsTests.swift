import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Inputs that used to take time quadratic in their size (issue 14, part A): the results
/// stay what they were, and the work is bounded.
@Suite struct ScaleBoundsTests {
  func limited(_ html: String) -> (bytes: [UInt8], report: AttributeLimiter.Report)? {
    var copy = html
    return copy.withUTF8 { AttributeLimiter(limit: 3).limited($0) }
  }

  @Test func attributesPastTheLimitAreBlankedInPlace() throws {
    let html = #"<p a="1" b='2>' c d=x e=5 f>Text</p><div x y>More</div>"#
    let (bytes, report) = try #require(limited(html))
    #expect(report == AttributeLimiter.Report(elements: 1, attributes: 3))
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == #"<p a="1" b='2>' c          >Text</p><div x y>More</div>"#)
    #expect(bytes.count == html.utf8.count)
    #expect(
      limited("<p a b c>x</p><!-- <p a b c d e> --><script>if (a<b c d e f) {}</script>") == nil)
  }

  @Test func anElementWithThousandsOfAttributesIsReadWithAWarning() throws {
    let attributes = (0..<20_000).map { "a\($0)" }.joined(separator: " ")
    let source = "<html><body><div \(attributes)>Hello world.</div><p>More text.</p></body></html>"
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipeline = try loadPipeline(
      "input: in.html\nstages:\n  - cleanup: {}\n  - export: {dir: out}\n", in: folder)
    var document = Document(id: "d", location: "d", format: .html, source: source)
    try #require(pipeline.stages[0].stage).process(&document)
    #expect(document.text == "Hello world.\n\nMore text.")
    #expect(
      document.warnings == [AttributeLimiter().warning(.init(elements: 1, attributes: 19_744))])
    // Source offsets still point into the page as written.
    let block = try #require(document.blocks.last)
    let start = try #require(block.sourceStart)
    let end = try #require(block.sourceEnd)
    #expect(Document.slice(source, start, end).contains("More text."))
  }

  @Test func linkingManyMentionsKeepsTheFirstFullName() throws {
    let stage = try #require(EntitiesTests.stage)
    var text = "Ilham Aliyev met Recep Tayyip Erdogan. Heydar Aliyev spoke. "
    text += String(repeating: "Aliyev and Erdogan talked. ", count: 300)
    var document = EntityTestTokenizer.document(text)
    try stage.process(&document)
    let canonical = document.entities.filter { document.slice($0) == "Aliyev" }.map(\.canonical)
    #expect(canonical.count == 300)
    #expect(canonical.allSatisfy { $0 == "Ilham Aliyev" })
    let erdogan = document.entities.filter { document.slice($0) == "Erdogan" }.map(\.canonical)
    #expect(erdogan.allSatisfy { $0 == "Recep Tayyip Erdogan" })
  }

  @Test func manyBlocksKeepEveryToken() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipeline = try loadPipeline(
      "input: in.html\nstages:\n  - cleanup: {}\n  - sentences: {}\n  - export: {dir: out}\n",
      in: folder)
    let source = String(repeating: "<p>One two. Three four.</p>\n", count: 5_000)
    var document = Document(id: "d", location: "d", format: .html, source: source)
    for loaded in pipeline.stages.prefix(2) { try #require(loaded.stage).process(&document) }
    #expect(document.sentences.count == 10_000)
    #expect(document.tokens.count == 30_000)
  }
}
