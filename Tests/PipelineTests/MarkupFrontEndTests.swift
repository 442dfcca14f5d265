import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// The front end that cleanup and boilerplate share (issue 18 item 4), and the scans it and
/// the boilerplate classifier run on every page without per-call copies (issue 15, speed).
@Suite struct MarkupFrontEndTests {
  private let frontEnd = MarkupFrontEnd(maxDepth: MarkupWalker.depthLimit, metadata: true)

  private func texts(_ page: ParsedPage) -> [String] { page.blocks.map(page.string) }

  @Test func markupIsParsedAndPlainTextSplitIntoLines() throws {
    let html = Document(
      id: "h", location: "h", format: .html,
      source: "<html><head><title>T</title></head><body><p>One  two</p><p>Three</p></body></html>")
    let markup = try frontEnd.read(html, reuseBlocks: true)
    #expect(markup.origin == .markup)
    #expect(texts(markup.page) == ["One two", "Three"])
    #expect(markup.page.metadata["title"] == "T")

    let source = "  A\u{00A0}\u{00A0}line \n\n\u{000C}B\tc\nd\u{00A0}\n"
    let text = Document(id: "t", location: "t", format: .text, source: source)
    let lines = try frontEnd.read(text, reuseBlocks: true)
    #expect(lines.origin == .lines)
    #expect(texts(lines.page) == ["A line", "B c", "d"])
    #expect(lines.page.blocks.map(\.newlines) == [2, 2, 1])
    let slices = lines.page.blocks.map {
      Document.slice(source, $0.sourceStart ?? -1, $0.sourceEnd ?? -1)
    }
    #expect(slices == ["A\u{00A0}\u{00A0}line", "\u{000C}B\tc", "d"])
  }

  @Test func cleanedTextIsReadAsItsContentBlocksOnlyWhenReused() throws {
    var document = Document(
      id: "c", location: "c", format: .html,
      source: "<body><h1>Head</h1><ul><li>a</li><li>b</li></ul><p>Tail text.</p></body>")
    frontEnd.write(try frontEnd.read(document, reuseBlocks: false), into: &document)
    #expect(document.text == "Head\n\na\nb\n\nTail text.")
    let reused = try frontEnd.read(document, reuseBlocks: true)
    #expect(reused.origin == .cleanedBlocks)
    #expect(texts(reused.page) == ["Head", "a", "b", "Tail text."])
    #expect(reused.page.blocks.map(\.kind) == ["h1", "li", "li", "p"])
    #expect(reused.page.blocks.map(\.sourceStart) == document.blocks.map(\.sourceStart))
    // Without reuse the cleaned text is plain text again: its lines.
    let again = try frontEnd.read(document, reuseBlocks: false)
    #expect(again.origin == .lines)
    #expect(texts(again.page) == ["Head", "a", "b", "Tail text."])
  }

  @Test func writingKeepsDecidedBlocksAndWarnsWhenEverythingGoes() throws {
    let document = Document(id: "w", location: "w", format: .text, source: "Keep me\nDrop me")
    let input = try frontEnd.read(document, reuseBlocks: true)
    var kept = document
    frontEnd.write(
      input,
      decisions: [
        BoilerplateDecision(keep: true, score: 0.9, reason: "yes"),
        BoilerplateDecision(keep: false, score: 0.1, reason: "no"),
      ], explain: true, into: &kept)
    #expect(kept.text == "Keep me")
    #expect(kept.blocks.map(\.isContent) == [true, false])
    #expect(kept.blocks.map(\.reason) == ["yes", "no"])
    #expect(kept.warnings.isEmpty)
    var emptied = document
    let none = BoilerplateDecision(keep: false, score: 0, reason: "no")
    frontEnd.write(input, decisions: [none, none], into: &emptied)
    #expect(emptied.text.isEmpty && emptied.blocks.isEmpty)
    #expect(emptied.warnings.count == 1)
    #expect(
      emptied.warnings.first?.hasPrefix("boilerplate dropped the whole text (15 bytes)") == true)
  }

  @Test func cleanupAndBoilerplateReadTheSameBlocks() throws {
    let source = """
      <html><head><title>Page</title></head><body><nav><a href="/">Home</a></nav><article><h1>A headline for the page</h1>
      <p>\(CraftedPage.paragraphs[0])</p><p>\(CraftedPage.paragraphs[1])</p></article></body></html>
      """
    let context = StageContext(
      baseDirectory: URL(fileURLWithPath: "/tmp"), pipelineName: "t", jobs: 1)
    var reader = ConfigReader.describing()
    let cleanup = try CleanupStage(
      config: try CleanupStage.Config(reading: &reader), context: context)
    reader = ConfigReader.describing()
    var config = try BoilerplateStage.Config(reading: &reader)
    config.explain = true
    let boilerplate = try BoilerplateStage(config: config, context: context)
    var cleaned = Document(id: "s", location: "s", format: .html, source: source)
    try cleanup.process(&cleaned)
    var explained = Document(id: "s", location: "s", format: .html, source: source)
    try boilerplate.process(&explained)
    // Every block cleanup writes is one boilerplate decided, with the same source range.
    #expect(
      explained.blocks.map { [$0.sourceStart, $0.sourceEnd] }
        == cleaned.blocks.map { [$0.sourceStart, $0.sourceEnd] })
    #expect(explained.fields["title"] == .string("Page"))
    #expect(cleaned.fields["title"] == .string("Page"))
    #expect(explained.text.contains(CraftedPage.paragraphs[1]))
    #expect(!explained.text.contains("Home"))
  }

  @Test func substringIndexFindsWhatANaiveSearchFinds() {
    let words = ["ab", "a", "b", "abc", "bca", "cab", "ca", "zz", "", "c"].map { Array($0.utf8) }
    let index = SubstringIndex(words)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
      let length = Int.random(in: 0..<12, using: &generator)
      let text = (0..<length).map { _ in Array("abcz".utf8).randomElement(using: &generator) ?? 0 }
      var found: [Int] = []
      index.forEachOccurrence(in: text) { found.append($0) }
      var expected: [Int] = []
      for start in text.indices {
        for (number, word) in words.enumerated() where !word.isEmpty {
          if text[start...].starts(with: word) { expected.append(number) }
        }
      }
      #expect(found == expected, "\(String(decoding: text, as: UTF8.self))")
      var copied: [Int] = []
      index.forEachOccurrence(in: text.lazy.map { $0 }) { copied.append($0) }
      #expect(copied == expected)
    }
  }

  @Test func hiddenStylesAreFoundWithoutCaseOrSpaces() {
    func hides(_ style: String) -> Bool {
      var bytes = Array(style.utf8) + [0]
      return bytes.withUnsafeMutableBufferPointer { MarkupWalker.styleHides($0.baseAddress!) }
    }
    #expect(hides("display:none"))
    #expect(hides("color: red; DISPLAY : None"))
    #expect(hides("dis play:no ne"))
    #expect(hides("visibility: hidden;"))
    #expect(hides("font-family: \"Ünïcode\"; display: none"))
    #expect(!hides("display: block"))
    #expect(!hides("display:\tnone"))
    #expect(!hides("visibility: visible; font-family: \"Ünïcode\""))
    #expect(!hides(""))
  }

  @Test func rawTextAndCommentsAreSkippedWhateverTheirCase() {
    func limited(_ html: String) -> AttributeLimiter.Report? {
      var copy = html
      return copy.withUTF8 { AttributeLimiter(limit: 2).limited($0)?.report }
    }
    #expect(limited("<SCRIPT>x <p a b c d></ScRiPt><p a b>t</p>") == nil)
    #expect(limited("<style>p <a b c d></style><!-- <p a b c> --><p a b>t</p>") == nil)
    #expect(limited("<script>never closed <p a b c d>") == nil)
    #expect(
      limited("<scripts a b c>x</scripts>") == AttributeLimiter.Report(elements: 1, attributes: 1))
    #expect(limited("<!-- open <p a b c>") == nil)
    #expect(limited("<p a b c><") == AttributeLimiter.Report(elements: 1, attributes: 1))
  }
}
