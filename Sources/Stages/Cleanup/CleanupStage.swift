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
  private let frontEnd: MarkupFrontEnd

  public init(config: Config, context: StageContext) throws {
    self.config = config
    self.frontEnd = MarkupFrontEnd(maxDepth: config.maxDepth, metadata: config.metadata)
  }

  /// It replaces what it provides: one per pipeline.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(
      provides: [.cleanText, .blocks], fields: config.metadata ? metadataFields : [],
      repeatable: false)
  }

  /// Every block the front end reads is kept: markup parsed, or plain text split into lines
  /// (text cleaned before is read again as lines).
  public func process(_ document: inout Document) throws {
    let input = try frontEnd.read(document, reuseBlocks: false)
    frontEnd.write(input, into: &document)
  }
}
