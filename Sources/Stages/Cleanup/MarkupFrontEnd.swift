import Pipeline

/// The one front end of `cleanup` and `boilerplate`: it reads a document into text blocks
/// (``read(_:reuseBlocks:)``) and writes the blocks a stage keeps back as the document's text
/// (``write(_:decisions:explain:into:)``).
///
/// Reading holds the "clean markup first" rule for both stages: markup that no stage has
/// cleaned yet (HTML, XML) is parsed once with libxml2 (``MarkupParser``, whitespace collapsed
/// in the same walk); text that a stage before cleaned is read as its content blocks when the
/// caller reuses them (boilerplate after cleanup); any other text is split into lines, its
/// whitespace collapsed there (``PlainTextBlocks``). Every way gives a ``ParsedPage``: the
/// blocks' text back to back, each block with its kind and source range. Writing assembles
/// the kept blocks once (``TextAssembler``) and, for markup, stores metadata and warnings.
struct MarkupFrontEnd: Sendable {
  /// Where a page's blocks came from.
  enum Origin: Sendable, Equatable {
    /// Parsed HTML or XML: blocks carry their context, containers and metadata.
    case markup
    /// Lines of plain text.
    case lines
    /// The content blocks of text that a stage before cleaned.
    case cleanedBlocks
  }

  /// A document read into blocks.
  struct Input: Sendable {
    var origin: Origin
    var page: ParsedPage
    /// Bytes of text before the stage (the parsed text for markup, else the document's text),
    /// for the warning on an emptied document.
    var bytesBefore: Int
  }

  let parser: MarkupParser
  /// Whether markup metadata (title, lang, author...) become document fields.
  let metadata: Bool

  init(maxDepth: Int, metadata: Bool) {
    parser = MarkupParser(maxDepth: maxDepth)
    self.metadata = metadata
  }

  /// The document's blocks: markup parsed, cleaned text's content blocks (with `reuseBlocks`),
  /// else lines of plain text.
  func read(_ document: Document, reuseBlocks: Bool) throws -> Input {
    if document.isMarkup {
      let page = try parser.parse(document.source, format: document.format)
      return Input(origin: .markup, page: page, bytesBefore: page.text.count)
    }
    let before = document.text.utf8.count
    if reuseBlocks, !document.blocks.isEmpty {
      return Input(
        origin: .cleanedBlocks, page: Self.contentBlocks(document), bytesBefore: before)
    }
    let page = PlainTextBlocks.page(
      document.text, mapsToSource: document.text == document.source)
    return Input(origin: .lines, page: page, bytesBefore: before)
  }

  /// Replaces the document's text with the blocks kept by `decisions` (every block when nil),
  /// one assembly; with `explain`, dropped blocks stay in the blocks layer, and every block
  /// carries its score and reason. A document emptied by `decisions` gets a warning; markup's
  /// metadata and parse warnings are stored.
  func write(
    _ input: Input, decisions: [BoilerplateDecision]? = nil, explain: Bool = false,
    into document: inout Document
  ) {
    let page = input.page
    var assembler = TextAssembler(
      keepDropped: explain, capacity: page.text.count + page.blocks.count * 2)
    for (index, block) in page.blocks.enumerated() {
      let decision = decisions?[index]
      let score = explain ? decision?.score : nil
      let reason = explain ? decision?.reason : nil
      if decision?.keep ?? true {
        assembler.add(
          page.text[block.textStart..<block.textEnd], kind: block.kind,
          sourceStart: block.sourceStart, sourceEnd: block.sourceEnd, score: score,
          reason: reason, newlines: block.newlines)
      } else {
        assembler.drop(
          kind: block.kind, sourceStart: block.sourceStart, sourceEnd: block.sourceEnd,
          score: score, reason: reason)
      }
    }
    document.replaceText(assembler.text, blocks: assembler.blocks)
    if decisions != nil { Self.warnIfEmptied(&document, before: input.bytesBefore) }
    guard input.origin == .markup else { return }
    if metadata { Self.store(page.metadata, in: &document) }
    if page.hitDepthLimit { document.warnings.append(parser.depthWarning) }
    document.warnings += page.warnings
  }

  /// Copies metadata into document fields (an existing field, e.g. a JSON line's title, wins).
  static func store(_ metadata: [String: String], in document: inout Document) {
    for (key, value) in metadata where document.fields[key] == nil {
      document.fields[key] = .string(value)
    }
  }

  /// A document whose text was dropped whole gets a warning (counted in the run summary),
  /// never an empty text in silence.
  private static func warnIfEmptied(_ document: inout Document, before: Int) {
    guard document.text.isEmpty, before > 0,
      document.source.utf8.contains(where: { $0 > 0x20 })
    else { return }
    document.warnings.append(
      "boilerplate dropped the whole text (\(before) bytes): nothing looked like article "
        + "content; for clean text use a pipeline without boilerplate (pipelines/text.yaml)")
  }

  /// The content blocks of cleaned text, their text back to back (offsets clamped to the
  /// text).
  private static func contentBlocks(_ document: Document) -> ParsedPage {
    var page = ParsedPage()
    var text = document.text
    text.withUTF8 { bytes in
      page.text.reserveCapacity(bytes.count)
      for block in document.blocks where block.isContent {
        let start = max(0, min(block.start, bytes.count))
        let end = max(start, min(block.end, bytes.count))
        let textStart = page.text.count
        page.text.append(contentsOf: bytes[start..<end])
        page.blocks.append(
          PageBlock(
            textStart: textStart, textEnd: page.text.count, sourceStart: block.sourceStart,
            sourceEnd: block.sourceEnd, kind: block.kind, flags: [], container: 0, linkBytes: 0))
      }
    }
    return page
  }
}
