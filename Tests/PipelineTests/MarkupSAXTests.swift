import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// HTML is read through libxml2's SAX interface into flat node arrays (issue 15, speed): every
/// page must read exactly as libxml2's own tree reads it (the reference path), blocks, source
/// ranges, containers and metadata alike.
@Suite struct MarkupSAXTests {
  private let parser = MarkupParser()

  /// Everything the walker produced, as one comparable value.
  private func summary(_ page: ParsedPage) -> String {
    var lines = [
      "text \(String(decoding: page.text, as: UTF8.self))",
      "depth \(page.hitDepthLimit) warnings \(page.warnings)",
      "meta \(page.metadata.sorted { $0.key < $1.key })",
    ]
    for block in page.blocks {
      lines.append(
        "block \(block.textStart)-\(block.textEnd) \(block.kind) src \(block.sourceStart ?? -1)-"
          + "\(block.sourceEnd ?? -1) flags \(block.flags.rawValue) in \(block.container) "
          + "links \(block.linkBytes)")
    }
    for container in page.containers {
      lines.append(
        "container \(container.parent) \(container.kind) \(container.weight) "
          + "\(container.flags.rawValue) \(container.hints.rawValue)")
    }
    return lines.joined(separator: "\n")
  }

  private func expectSame(_ html: String, sourceLocation: SourceLocation = #_sourceLocation)
    throws
  {
    let sax = try parser.parse(html, format: .html)
    let tree = try parser.parseHTMLTree(html)
    #expect(summary(sax) == summary(tree), sourceLocation: sourceLocation)
  }

  @Test func trickyMarkupReadsAsLibxml2sTree() throws {
    let pages = [
      "<p>plain</p>",
      "<!DOCTYPE html><html lang=en><head><title>T &amp; U</title>"
        + "<meta name=author content='A  B'></head><body><p>x</p></body></html>",
      // Namespaced element names lose their prefix; attributes keep theirs.
      "<body><a0:nav class=menu><a0:ul><a0:li>One</a0:li><x:y:li>Two</x:y:li></a0:ul>"
        + "</a0:nav><:p>odd</:p><q:>tail</q:></body>",
      // Text split by comments, entities and character references, CDATA in scripts.
      "<div>a<!-- c -->b &amp; c&#160;d &nbsp; e<?pi x?>f<script>var s = '<p>';</script>g</div>",
      // Content after the root closed, at the document level, with and without a DOCTYPE.
      "<html><body><p>in</p></body></html><p>after</p>text after",
      "<!DOCTYPE html><html><body><p>in</p></body></html><div>after</div>",
      "<!-- first --><html><body><p>in</p></body></html><div>after</div>",
      "text first<p>then a paragraph",
      // Attributes: empty, missing values, booleans, hidden, styles, duplicates.
      "<div class='' id=main><p hidden>h</p><p style='DISPLAY : none'>s</p>"
        + "<p class=a class=b nowrap>k</p><input checked><span lang=''>l</span></div>",
      // Misplaced html/head/body tags and unclosed elements.
      "<p>one<div>two<body class=late><p>three<html lang=fr><li>four<td>five",
      "<pre>line 1\nline 2\n\n  line 4</pre><table><tr><td>a<td>b</table>",
      "",
      "   ",
      "<",
    ]
    for html in pages { try expectSame(html) }
  }

  /// Deeper than the tree builder's limit (256): libxml2 halts there, and so does the SAX
  /// reading, with the same text before the cut.
  @Test func nestingPastLibxml2sLimitStopsTheSameWay() throws {
    for depth in [250, 256, 257, 258, 400] {
      let html =
        "<body>" + String(repeating: "<div>x", count: depth) + "deep"
        + String(repeating: "</div>", count: depth) + "<p>after</p></body>"
      try expectSame(html)
    }
    // libxml2 halts the parse there: the text after the cut is gone on both paths.
    let cut =
      "<body>" + String(repeating: "<div>x", count: 300) + "deep"
      + String(repeating: "</div>", count: 300) + "<p>after</p></body>"
    let page = try parser.parse(cut, format: .html)
    #expect(page.hitDepthLimit)
    #expect(!page.blocks.map(page.string).contains("after"))
    #expect(page.blocks.map(page.string).contains("x"))
  }

  /// Every page of both shared extraction dev sets (when present) reads as libxml2's tree.
  @Test(.enabled(if: SharedCorpora.isAvailable, "../shared/corpora is absent"))
  func sharedDevPagesReadAsLibxml2sTree() throws {
    var pages = 0
    for corpus in ["article-extraction-dev", "readability-dev"] {
      let folder = SharedCorpora.url("\(corpus)/html")
      let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
      for file in files where file.hasSuffix(".html.gz") {
        let bytes = try Gzip.decompress(
          [UInt8](try Data(contentsOf: folder.appendingPathComponent(file))), limit: 256 << 20)
        let html = String(decoding: bytes, as: UTF8.self)
        let sax = try parser.parse(html, format: .html)
        let tree = try parser.parseHTMLTree(html)
        #expect(summary(sax) == summary(tree), "\(corpus)/\(file)")
        pages += 1
      }
    }
    #expect(pages == 166)
  }
}
