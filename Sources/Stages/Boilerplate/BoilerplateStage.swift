import Pipeline

/// Keeps the article text of a page and drops site chrome, for HTML and plain text.
///
/// The input is read by the front end it shares with `cleanup` (``MarkupFrontEnd``): HTML/XML
/// not yet cleaned is parsed once with libxml2; the hand rules of ``HTMLContentSelector``
/// analyse its blocks and a learned model
/// (``LearnedContentSelector``, `Resources/boilerplate/model.txt`, trained by
/// `nlpipe train boilerplate`) decides which to keep. Plain
/// text, or blocks that `cleanup` produced, are classified jusText-style
/// (``TextBlockClassifier``). The kept blocks become the text; with `explain` on, dropped
/// blocks stay in `Document.blocks` with `isContent: false`, and every block carries its
/// score and the reason for its decision (export with `blocks: true` to get `blocks.csv`).
public struct BoilerplateStage: Stage {
  public struct Config: StageConfig {
    public var keepTitle: Bool
    public var keepCaptions: Bool
    public var explain: Bool
    public var metadata: Bool
    public var maxDepth: Int
    var thresholds = BoilerplateThresholds()

    public init(reading reader: inout ConfigReader) throws {
      keepTitle = try reader.bool(
        "keep_title", default: true, help: "keep the page's headline (first h1 / title line)")
      keepCaptions = try reader.bool(
        "keep_captions", default: false, help: "keep figure and table captions in the content")
      explain = try reader.bool(
        "explain", default: false,
        help: "keep dropped blocks in the blocks layer with their score and the reason")
      metadata = try reader.bool(
        "metadata", default: true,
        help: "for HTML input, export title, lang, description, author, date and og:* fields")
      maxDepth = try reader.int(
        "max_depth", default: MarkupWalker.depthLimit, in: 2...MarkupWalker.depthLimit,
        help: CleanupStage.Config.maxDepthHelp)
      thresholds.lengthLow = try reader.int(
        "length_low", default: thresholds.lengthLow, in: 1...10_000,
        help: "blocks shorter than this many characters are short: their neighbours decide")
      thresholds.lengthHigh = try reader.int(
        "length_high", default: thresholds.lengthHigh, in: 1...100_000,
        help: "prose blocks at least this long are content on their own")
      thresholds.stopwordsLow = try reader.double(
        "stopwords_low", default: thresholds.stopwordsLow, in: 0...1,
        help: "share of function words that makes a block prose-like")
      thresholds.stopwordsHigh = try reader.double(
        "stopwords_high", default: thresholds.stopwordsHigh, in: 0...1,
        help: "share of function words that (with length_high) makes a block content")
      thresholds.maxLinkDensity = try reader.double(
        "max_link_density", default: thresholds.maxLinkDensity, in: 0...1,
        help: "blocks with a larger share of link text are boilerplate")
      thresholds.gapWeight = try reader.double(
        "gap_weight", default: thresholds.gapWeight, in: 0...100,
        help: "plain text: how much boilerplate between two runs of text separates them")
    }
  }

  public static let name = "boilerplate"
  public static let summary =
    "keep the article text, drop menus, promos and link lists (HTML and plain text)"

  private let config: Config
  private let frontEnd: MarkupFrontEnd
  private let lexicon: BoilerplateLexicon
  private let model: BoilerplateModel

  public init(config: Config, context: StageContext) throws {
    self.config = config
    self.frontEnd = MarkupFrontEnd(maxDepth: config.maxDepth, metadata: config.metadata)
    self.lexicon = try BoilerplateLexicon.bundled()
    self.model = try BoilerplateModel.bundled()
  }

  /// It replaces what it provides: one per pipeline.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(
      provides: [.cleanText, .content, .blocks],
      fields: config.metadata ? CleanupStage.metadataFields : [], repeatable: false)
  }

  public func process(_ document: inout Document) throws {
    let input = try frontEnd.read(document, reuseBlocks: true)
    let decisions =
      input.origin == .markup ? markupDecisions(input.page) : textDecisions(input)
    frontEnd.write(input, decisions: decisions, explain: config.explain, into: &document)
  }

  /// Parsed HTML/XML: the learned selector over the rules' analysis.
  private func markupDecisions(_ page: ParsedPage) -> [BoilerplateDecision] {
    let rules = HTMLContentSelector(
      lexicon: lexicon, thresholds: config.thresholds, keepCaptions: false,
      keepTitle: config.keepTitle)
    return LearnedContentSelector(
      rules: rules, model: model, keepCaptions: config.keepCaptions
    ).select(page)
  }

  /// Lines of plain text or blocks of cleaned text: the jusText-style classifier, except for
  /// plain text without page chrome, which is kept whole.
  private func textDecisions(_ input: MarkupFrontEnd.Input) -> [BoilerplateDecision] {
    let units = TextUnit.units(input.page)
    var decisions: [BoilerplateDecision]
    if input.origin == .lines, !units.isEmpty, !hasChrome(units) {
      // Plain text with no sign of page chrome (a clean article, a sentence per document)
      // has nothing to remove: the classifier's length rules would drop short texts whole.
      decisions = units.map { _ in
        BoilerplateDecision(keep: true, score: 1, reason: "no page chrome in the text: kept whole")
      }
    } else {
      decisions = TextBlockClassifier(lexicon: lexicon, thresholds: config.thresholds)
        .classify(units)
    }
    if !config.keepTitle, let first = decisions.firstIndex(where: { $0.keep }),
      decisions[first].reason == "heading before content"
    {
      decisions[first].keep = false
      decisions[first].reason = "title (keep_title is off)"
    }
    return decisions
  }

  /// Whether a line shows page chrome: a short line (under 15 words) with a chrome phrase
  /// ("Sign in", "Related articles", "©"), or a list item that is a question (a link list
  /// of other articles). A long sentence that mentions a "premium" or a "subscriber" is
  /// prose, not chrome.
  private func hasChrome(_ units: [TextUnit]) -> Bool {
    units.contains {
      TextBlockClassifier.isQuestionListItem($0.text)
        || (lexicon.chromePhrase($0.text[...]) != nil && lexicon.stats($0.text[...]).words < 15)
    }
  }
}
