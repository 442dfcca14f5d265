import Pipeline

/// Keeps the article text of a page and drops site chrome, for HTML and plain text.
///
/// HTML/XML input (not yet cleaned) is parsed once with libxml2 (see ``CleanupStage``); the
/// hand rules of ``HTMLContentSelector`` analyse its blocks and a learned model
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
  private let parser: MarkupParser
  private let lexicon: BoilerplateLexicon
  private let model: BoilerplateModel

  public init(config: Config, context: StageContext) throws {
    self.config = config
    self.parser = MarkupParser(maxDepth: config.maxDepth)
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
    if document.isMarkup {
      try processMarkup(&document)
    } else {
      processText(&document)
    }
  }

  private func processMarkup(_ document: inout Document) throws {
    let page = try parser.parse(document.source, format: document.format)
    let rules = HTMLContentSelector(
      lexicon: lexicon, thresholds: config.thresholds, keepCaptions: false,
      keepTitle: config.keepTitle)
    let decisions = LearnedContentSelector(
      rules: rules, model: model, keepCaptions: config.keepCaptions
    ).select(page)
    var assembler = TextAssembler(keepDropped: config.explain, capacity: page.text.count)
    for (block, decision) in zip(page.blocks, decisions) {
      let score = config.explain ? decision.score : nil
      let reason = config.explain ? decision.reason : nil
      if decision.keep {
        assembler.add(
          page.text[block.textStart..<block.textEnd], kind: block.kind,
          sourceStart: block.sourceStart, sourceEnd: block.sourceEnd, score: score, reason: reason)
      } else {
        assembler.drop(
          kind: block.kind, sourceStart: block.sourceStart, sourceEnd: block.sourceEnd,
          score: score, reason: reason)
      }
    }
    let before = page.text.count
    document.replaceText(assembler.text, blocks: assembler.blocks)
    warnIfEmptied(&document, before: before)
    if config.metadata { CleanupStage.store(page.metadata, in: &document) }
    if page.hitDepthLimit {
      document.warnings.append(
        parser.depthWarning)
    }
    document.warnings += page.warnings
  }

  private func processText(_ document: inout Document) {
    let units: [TextUnit]
    if document.blocks.isEmpty {
      let mapsToSource = document.text == document.source
      units = PlainTextBlocks.lines(document.text).map { line in
        TextUnit(
          text: line.text, kind: "line", sourceStart: mapsToSource ? line.start : nil,
          sourceEnd: mapsToSource ? line.end : nil, newlines: line.afterBlank ? 2 : 1)
      }
    } else {
      let bytes = Array(document.text.utf8)
      units = document.blocks.filter(\.isContent).map { block in
        let start = max(0, min(block.start, bytes.count))
        let end = max(start, min(block.end, bytes.count))
        return TextUnit(
          text: Array(bytes[start..<end]), kind: block.kind, sourceStart: block.sourceStart,
          sourceEnd: block.sourceEnd)
      }
    }
    var decisions: [BoilerplateDecision]
    if document.blocks.isEmpty, !units.isEmpty, !hasChrome(units) {
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
    var assembler = TextAssembler(keepDropped: config.explain, capacity: document.text.utf8.count)
    for (unit, decision) in zip(units, decisions) {
      let score = config.explain ? decision.score : nil
      let reason = config.explain ? decision.reason : nil
      if decision.keep {
        assembler.add(
          unit.text, kind: unit.kind, sourceStart: unit.sourceStart, sourceEnd: unit.sourceEnd,
          score: score, reason: reason, newlines: unit.newlines)
      } else {
        assembler.drop(
          kind: unit.kind, sourceStart: unit.sourceStart, sourceEnd: unit.sourceEnd, score: score,
          reason: reason)
      }
    }
    let before = document.text.utf8.count
    document.replaceText(assembler.text, blocks: assembler.blocks)
    warnIfEmptied(&document, before: before)
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

  /// A document whose text was dropped whole gets a warning (counted in the run summary),
  /// never an empty text in silence.
  private func warnIfEmptied(_ document: inout Document, before: Int) {
    guard document.text.isEmpty, before > 0,
      document.source.utf8.contains(where: { $0 > 0x20 })
    else { return }
    document.warnings.append(
      "boilerplate dropped the whole text (\(before) bytes): nothing looked like article "
        + "content; for clean text use a pipeline without boilerplate (pipelines/text.yaml)")
  }
}
