import Pipeline

/// Turns HTML or XML into plain text with its block structure, metadata and source ranges.
///
/// Each block (paragraph, heading, list item, table cell, line of a `pre`) becomes one line;
/// a blank line separates blocks (one newline between consecutive list items or cells).
/// `Block.sourceStart`/`sourceEnd` are UTF-8 byte offsets into `Document.source` spanning the
/// text nodes the block's text came from (an entity or character reference starts at its
/// `&`). Metadata (`title`, `lang`, `description`, `author`, `date`, `site_name`, `og_*`)
/// become document fields. Plain-text input is split into lines with whitespace collapsed.
public struct CleanupStage: Stage {
  public struct Config: StageConfig {
    public var metadata: Bool
    public var maxDepth: Int

    public init(reading reader: inout ConfigReader) throws {
      metadata = try reader.bool(
        "metadata", default: true,
        help: "export title, lang, description, author, date and og:* fields")
      maxDepth = try reader.int(
        "max_depth", default: MarkupWalker.depthLimit, in: 2...MarkupWalker.depthLimit,
        help: Self.maxDepthHelp)
    }

    /// Help for the `max_depth` key (cleanup and boilerplate).
    static let maxDepthHelp =
      "elements nested deeper are skipped, with a document warning (libxml2 itself stops at 256)"
  }

  public static let name = "cleanup"
  public static let summary =
    "HTML/XML to text with libxml2: blocks, entities, metadata, source byte ranges"

  /// The metadata fields the stage may set.
  public static let metadataFields = [
    "title", "lang", "description", "author", "date", "site_name", "og_title", "og_type",
    "og_url", "og_image", "og_locale",
  ]

  private let config: Config
  private let parser: MarkupParser

  public init(config: Config, context: StageContext) throws {
    self.config = config
    self.parser = MarkupParser(maxDepth: config.maxDepth)
  }

  /// It replaces what it provides: one per pipeline.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(
      provides: [.cleanText, .blocks], fields: config.metadata ? metadataFields : [],
      repeatable: false)
  }

  public func process(_ document: inout Document) throws {
    guard document.isMarkup else {
      Self.cleanPlainText(&document)
      return
    }
    let page = try parser.parse(document.source, format: document.format)
    var assembler = TextAssembler(
      keepDropped: false, capacity: page.text.count + page.blocks.count * 2)
    for block in page.blocks {
      assembler.add(
        page.text[block.textStart..<block.textEnd], kind: block.kind,
        sourceStart: block.sourceStart, sourceEnd: block.sourceEnd)
    }
    document.replaceText(assembler.text, blocks: assembler.blocks)
    if config.metadata { Self.store(page.metadata, in: &document) }
    if page.hitDepthLimit {
      document.warnings.append(
        parser.depthWarning)
    }
    document.warnings += page.warnings
  }

  /// Copies metadata into document fields (an existing field, e.g. a JSON line's title, wins).
  static func store(_ metadata: [String: String], in document: inout Document) {
    for (key, value) in metadata where document.fields[key] == nil {
      document.fields[key] = .string(value)
    }
  }

  private static func cleanPlainText(_ document: inout Document) {
    let mapsToSource = document.text == document.source
    var assembler = TextAssembler(keepDropped: false, capacity: document.text.utf8.count)
    for line in PlainTextBlocks.lines(document.text) {
      assembler.add(
        line.text, kind: "line", sourceStart: mapsToSource ? line.start : nil,
        sourceEnd: mapsToSource ? line.end : nil, newlines: line.afterBlank ? 2 : 1)
    }
    document.replaceText(assembler.text, blocks: assembler.blocks)
  }
}
