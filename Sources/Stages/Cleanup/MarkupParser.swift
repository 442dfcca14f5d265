import CLibXML2
import Pipeline

/// Parses HTML or XML with libxml2 and walks it into a ``ParsedPage``, all inside one call:
/// nothing of libxml2 leaves it and everything is freed. HTML is read through libxml2's SAX
/// interface into flat node arrays (``MarkupTree``; no libxml2 tree is built), XML is parsed
/// to a tree and copied into the same arrays.
///
/// HTML: libxml2's HTML parser in recover mode, no network, no error output, the page's own
/// charset declaration ignored (the reader already decoded the input to UTF-8). XML: the XML
/// parser without entity substitution, DTD loading or network access; a document that is not
/// well-formed (including entity loops and amplification that libxml2 refuses) is a
/// per-document error. Entity references left unexpanded produce no text.
package struct MarkupParser: Sendable {
  private let tags = TagTable()
  private let hints = ClassHints()
  private let attributes = AttributeLimiter()

  /// Runs `xmlInitParser()` once per process before the first parse.
  private static let initialized: Bool = {
    xmlInitParser()
    return true
  }()

  /// Elements nested deeper than this are not read (see ``MarkupWalker/depthLimit``).
  let maxDepth: Int

  package init(maxDepth: Int = MarkupWalker.depthLimit) { self.maxDepth = maxDepth }

  /// The warning for a page whose nesting reached the limit.
  var depthWarning: String {
    maxDepth < MarkupWalker.depthLimit
      ? "markup nested deeper than \(maxDepth) levels (max_depth): deeper text was skipped"
      : "markup nested deeper than \(MarkupWalker.depthLimit) levels: libxml2 may have cut text"
  }

  /// Parses `source` (UTF-8 markup) as HTML or XML.
  package func parse(_ source: String, format: SourceFormat) throws(DocumentError) -> ParsedPage {
    _ = Self.initialized
    var source = source
    let result: Result<ParsedPage, DocumentError> = source.withUTF8 { buffer in
      guard buffer.count < Int(Int32.max) else {
        return .failure(DocumentError("document too large for libxml2 (\(buffer.count) bytes)"))
      }
      guard let base = buffer.baseAddress, buffer.count > 0 else {
        return .success(ParsedPage())
      }
      // Thousands of attributes on one element would make libxml2 quadratic: bounded first.
      if let (bytes, report) = attributes.limited(buffer) {
        return bytes.withUnsafeBufferPointer { limited in
          guard let limitedBase = limited.baseAddress else { return .success(ParsedPage()) }
          var result =
            format == .xml
            ? parseXML(limitedBase, count: limited.count)
            : parseHTML(limitedBase, count: limited.count)
          if case .success(var page) = result {
            page.warnings.append(attributes.warning(report))
            result = .success(page)
          }
          return result
        }
      }
      return format == .xml
        ? parseXML(base, count: buffer.count) : parseHTML(base, count: buffer.count)
    }
    return try result.get()
  }

  /// libxml2's HTML options: recover, no network, no error output, the page's own charset
  /// declaration ignored.
  private static let htmlOptions = Int32(
    HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
      | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
      | HTML_PARSE_IGNORE_ENC.rawValue)

  /// HTML through libxml2's SAX interface into flat arrays (no libxml2 tree).
  private func parseHTML(_ base: UnsafePointer<UInt8>, count: Int) -> Result<
    ParsedPage, DocumentError
  > {
    var flat = nlpipe_flat()
    defer { nlpipe_flat_free(&flat) }
    guard nlpipe_flat_parse_html(base, Int32(count), Self.htmlOptions, &flat) != 0 else {
      return .failure(DocumentError("libxml2 could not parse this HTML"))
    }
    return .success(walk(flat, mode: .html))
  }

  /// HTML through libxml2's tree, copied into flat arrays: the reference that the SAX reading
  /// must match node for node (for the tests).
  func parseHTMLTree(_ source: String) throws(DocumentError) -> ParsedPage {
    _ = Self.initialized
    var source = source
    let result: Result<ParsedPage, DocumentError> = source.withUTF8 { buffer in
      guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(ParsedPage()) }
      var tracker = nlpipe_tracker()
      defer { nlpipe_tracker_free(&tracker) }
      guard let doc = nlpipe_html_parse(base, Int32(buffer.count), Self.htmlOptions, &tracker)
      else { return .failure(DocumentError("libxml2 could not parse this HTML")) }
      defer { xmlFreeDoc(doc) }
      return copyTree(doc, tracker: tracker, mode: .html)
    }
    return try result.get()
  }

  private func parseXML(_ base: UnsafePointer<UInt8>, count: Int) -> Result<
    ParsedPage, DocumentError
  > {
    var tracker = nlpipe_tracker()
    defer { nlpipe_tracker_free(&tracker) }
    var message = [CChar](repeating: 0, count: 256)
    var line: Int32 = 0
    let doc = message.withUnsafeMutableBufferPointer { buffer in
      nlpipe_xml_parse(base, Int32(count), &tracker, buffer.baseAddress, Int32(buffer.count), &line)
    }
    guard let doc else {
      let text = String(
        decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self
      )
      .trimmingSpaces
      let reason = text.isEmpty ? "libxml2 gave no reason" : text
      return .failure(DocumentError("XML is not well-formed (line \(line)): \(reason)"))
    }
    defer { xmlFreeDoc(doc) }
    return copyTree(doc, tracker: tracker, mode: .xml)
  }

  /// Walks a libxml2 tree through its flat copy.
  private func copyTree(_ doc: xmlDocPtr, tracker: nlpipe_tracker, mode: MarkupWalker.Mode)
    -> Result<ParsedPage, DocumentError>
  {
    var flat = nlpipe_flat()
    defer { nlpipe_flat_free(&flat) }
    var tracker = tracker
    guard nlpipe_flat_from_tree(doc, &tracker, &flat) != 0 else {
      return .failure(DocumentError("out of memory while reading the markup"))
    }
    return .success(walk(flat, mode: mode))
  }

  private func walk(_ flat: nlpipe_flat, mode: MarkupWalker.Mode) -> ParsedPage {
    var walker = MarkupWalker(
      tags: tags, hints: hints, mode: mode, tree: MarkupTree(flat), maxDepth: maxDepth)
    walker.walk()
    return walker.page
  }
}
