import Foundation
import Pipeline
import Testing

@testable import Stages

@Suite struct CleanupTests {
  private func config(metadata: Bool = true, maxDepth: Int? = nil) throws -> CleanupStage.Config {
    var reader = ConfigReader.describing()
    var config = try CleanupStage.Config(reading: &reader)
    config.metadata = metadata
    if let maxDepth { config.maxDepth = maxDepth }
    return config
  }

  private func stage(metadata: Bool = true, maxDepth: Int? = nil) throws -> CleanupStage {
    try CleanupStage(
      config: try config(metadata: metadata, maxDepth: maxDepth),
      context: StageContext(
        baseDirectory: URL(fileURLWithPath: "/tmp"), pipelineName: "t", jobs: 1))
  }

  private func clean(_ markup: String, format: SourceFormat = .html) throws -> Document {
    var document = Document(id: "t", location: "t", format: format, source: markup)
    try stage().process(&document)
    return document
  }

  private func lines(_ document: Document) -> [String] {
    document.text.split(separator: "\n").map(String.init)
  }

  @Test func blocksGetTheirOwnLinesAndInlineTextJoinsWithoutSpuriousSpaces() throws {
    let document = try clean(
      """
      <html><body><h1>Big  <em>news</em></h1><p>Hel<b>lo</b>, <a href="#">world</a>!</p>
      <ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>
      <div>text<p>inner</p>tail</div></body></html>
      """)
    #expect(
      lines(document) == [
        "Big news", "Hello, world!", "one", "two", "a", "b", "text", "inner", "tail",
      ])
    #expect(document.text.hasPrefix("Big news\n\nHello, world!\n\none\ntwo\n\na\nb"))
    #expect(document.blocks.map(\.kind) == ["h1", "p", "li", "li", "td", "td", "div", "p", "div"])
    #expect(!document.isMarkup)
    for block in document.blocks {
      #expect(!document.slice(block).isEmpty)
      #expect(!document.slice(block).hasPrefix(" ") && !document.slice(block).hasSuffix(" "))
    }
  }

  @Test func entitiesAndSpacesAreDecodedAndNonTextElementsDropped() throws {
    let document = try clean(
      """
      <p>Caf&eacute;&nbsp;&amp;&#160;bar&#x2014;&quot;x&quot;\u{00A0}\u{00A0}end</p>
      <script>var x = "<p>no</p>";</script><style>p { color: red }</style>
      <template><p>no</p></template><noscript>no</noscript><svg><text>no</text></svg>
      <p hidden>no</p><p style="display: none">no</p><p>yes</p>
      """)
    #expect(lines(document) == ["Café & bar—\"x\" end", "yes"])
  }

  @Test func metadataBecomesFields() throws {
    let document = try clean(
      """
      <html lang="pt-BR"><head><title> A   title </title>
      <meta name="description" content="About it"><meta name="author" content="Ana Silva">
      <meta property="article:published_time" content="2024-01-02T03:04:05Z">
      <meta property="og:title" content="OG title"><meta property="og:site_name" content="Site">
      </head><body><p>Body</p></body></html>
      """)
    #expect(document.fields["title"] == .string("A title"))
    #expect(document.fields["lang"] == .string("pt-BR"))
    #expect(document.fields["description"] == .string("About it"))
    #expect(document.fields["author"] == .string("Ana Silva"))
    #expect(document.fields["date"] == .string("2024-01-02T03:04:05Z"))
    #expect(document.fields["og_title"] == .string("OG title"))
    #expect(document.fields["site_name"] == .string("Site"))
    #expect(document.text == "Body")
    #expect(CleanupStage.contract(try config(metadata: true)).fields.contains("author"))
    #expect(CleanupStage.contract(try config(metadata: false)).fields.isEmpty)
  }

  @Test func blocksPointBackToTheirSourceBytes() throws {
    let source =
      "<html><body>\n<p>Caf&eacute; <b>é</b> end</p>\n<li>Two &amp; three</li></body></html>"
    let document = try clean(source)
    #expect(document.blocks.count == 2)
    let first = try #require(document.blocks.first)
    let start = try #require(first.sourceStart)
    let end = try #require(first.sourceEnd)
    #expect(Document.slice(source, start, end) == "Caf&eacute; <b>é</b> end")
    let second = document.blocks[1]
    #expect(
      Document.slice(source, second.sourceStart ?? 0, second.sourceEnd ?? 0) == "Two &amp; three")
    #expect(document.slice(second) == "Two & three")
  }

  @Test func entityAtTheStartOfATextNodeStartsAtItsAmpersand() throws {
    let source = "<p>&laquo;Quote&raquo;</p>"
    let document = try clean(source)
    let block = try #require(document.blocks.first)
    #expect(document.text == "«Quote»")
    #expect(
      Document.slice(source, block.sourceStart ?? -1, block.sourceEnd ?? -1)
        == "&laquo;Quote&raquo;")
  }

  @Test func malformedAndTruncatedHTMLIsRecovered() throws {
    let document = try clean(
      "<html><body><p>First <b>bold<p>Second</i></div><li>item<table><td>cell")
    #expect(lines(document) == ["First bold", "Second", "item", "cell"])
    let truncated = try clean("<p>Complete.</p><p>Cut in the mid")
    #expect(lines(truncated) == ["Complete.", "Cut in the mid"])
    let attribute = try clean("<p>ok</p><a href=\"unterminated")
    #expect(lines(attribute) == ["ok"])
    #expect(try clean("").text == "")
  }

  @Test func declaredLegacyCharsetsAreDecodedOnce() throws {
    var bytes = Array("<html><head><meta charset=\"windows-1252\"></head><body><p>caf".utf8)
    bytes += [0xE9, 0x20, 0x80, 0x35, 0x20, 0x93, 0x71, 0x94]
    bytes += Array("</p></body></html>".utf8)
    let decoded = try SourceDecoder.decode(
      bytes, encoding: .auto, format: .html, maxInvalidRatio: 0.01)
    var document = Document(id: "w", location: "w", format: .html, source: decoded.text)
    try stage().process(&document)
    #expect(document.text == "café €5 “q”")

    var latin = Array(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head><body><p>na"
        .utf8)
    latin += [0xEF, 0x76, 0x65, 0x20, 0xA0, 0x21]
    latin += Array("</p></body></html>".utf8)
    let latinDecoded = try SourceDecoder.decode(
      latin, encoding: .auto, format: .html, maxInvalidRatio: 0.01)
    var latinDocument = Document(id: "l", location: "l", format: .html, source: latinDecoded.text)
    try stage().process(&latinDocument)
    #expect(latinDocument.text == "naïve !")
  }

  @Test func xmlExternalEntitiesAreNeverRead() throws {
    let xml = """
      <?xml version="1.0"?>
      <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>
      <r><p>before &xxe; &net; after</p></r>
      """
    let document = try clean(xml, format: .xml)
    #expect(!document.text.contains("root:"))
    #expect(document.text.contains("before"))
    #expect(document.text.contains("after"))
  }

  @Test func billionLaughsFailsTheDocumentOrStaysSmall() throws {
    var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
    for level in 1...9 {
      let previous = level == 1 ? "lol" : "lol\(level - 1)"
      xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
    }
    xml += "]>\n<lolz>&lol9;</lolz>"
    do {
      let document = try clean(xml, format: .xml)
      #expect(document.text.utf8.count < 10_000)
    } catch let error as DocumentError {
      #expect(error.message.contains("XML"))
    }
  }

  @Test func malformedXMLIsAClearDocumentError() throws {
    #expect {
      try clean("<r><p>open</r>", format: .xml)
    } throws: { error in
      guard let error = error as? DocumentError else { return false }
      return error.message.hasPrefix("XML is not well-formed (line 1)")
    }
  }

  @Test func xmlElementsAreBlocksUnlessInMixedContent() throws {
    let xml = """
      <?xml version="1.0" encoding="ISO-8859-1"?>
      <doc><title>T</title><record><name>Ada</name><city>Zürich</city></record>
      <para>Some <emph>mixed</emph> text &amp; more</para><code><![CDATA[raw <b>]]></code></doc>
      """
    let document = try clean(xml, format: .xml)
    #expect(lines(document) == ["T", "Ada", "Zürich", "Some mixed text & more", "raw <b>"])
    #expect(document.fields["title"] == .string("T"))
    let para = document.blocks[3]
    #expect(
      Document.slice(xml, para.sourceStart ?? 0, para.sourceEnd ?? 0).hasPrefix("Some <emph>"))
  }

  @Test func xhtmlUsesHTMLRules() throws {
    let xml = """
      <html xmlns="http://www.w3.org/1999/xhtml"><body><p>A <b>b</b> c</p><script>x</script></body></html>
      """
    #expect(try clean(xml, format: .xml).text == "A b c")
  }

  @Test func plainTextIsSplitIntoLinesWithSourceRanges() throws {
    let source = "  Title  line \n\nFirst\u{00A0} para\nsecond line\n\n\n"
    var document = Document(id: "p", location: "p", format: .text, source: source)
    try stage().process(&document)
    #expect(document.text == "Title line\n\nFirst para\nsecond line")
    #expect(document.blocks.count == 3)
    let block = document.blocks[1]
    #expect(
      Document.slice(source, block.sourceStart ?? 0, block.sourceEnd ?? 0) == "First\u{00A0} para")
  }

  @Test func deepNestingIsReportedNotFatal() throws {
    let markup =
      String(repeating: "<div>", count: 400) + "deep" + String(repeating: "</div>", count: 400)
    let document = try clean("<p>top</p>" + markup)
    #expect(document.text.hasPrefix("top"))
    #expect(document.warnings.contains { $0.contains("nested deeper") })
  }

  @Test func maxDepthSkipsDeeperTextWithAWarning() throws {
    let markup =
      "<p>top</p>" + String(repeating: "<div>", count: 40) + "<p>deep</p>"
      + String(repeating: "</div>", count: 40) + "<p>after</p>"
    var document = Document(id: "t", location: "t", format: .html, source: markup)
    try stage(maxDepth: 20).process(&document)
    #expect(lines(document) == ["top", "after"])
    #expect(document.warnings.contains { $0.contains("deeper than 20 levels (max_depth)") })
    var full = Document(id: "t", location: "t", format: .html, source: markup)
    try stage().process(&full)
    #expect(lines(full).filter { !$0.isEmpty } == ["top", "deep", "after"])
    #expect(full.warnings.isEmpty)
  }
}
