import Foundation

/// The features of every block of a page, for the learned boilerplate model
/// (``BoilerplateModel``): the block's own text statistics, its tag and inherited context, the
/// class/id hints of its ancestors, its place in the page, what the hand rules of
/// ``HTMLContentSelector`` decided for it (as evidence, not as the verdict), and the same
/// statistics for its neighbours.
///
/// Rows are stored back to back: feature `f` of block `b` is `values[b * count + f]`.
package struct BlockFeatures: Sendable {
  /// Feature names, in column order (the model file names its weights by them).
  static let names: [String] = own + context + neighbourNames

  private static let own = [
    "log_chars", "stopword_density", "link_density", "commas_per_word", "chars_per_word",
    "ends_sentence", "chrome_phrase", "question_item", "tiny", "digits_share",
    "kind_p", "kind_h1", "kind_h2_h6", "kind_li", "kind_td", "kind_div", "kind_pre",
    "kind_blockquote", "kind_dd_dt", "kind_other",
    "in_nav", "in_footer", "in_aside", "in_header", "in_form", "in_list_item", "in_table_cell",
    "in_caption", "in_quote", "in_article", "in_button", "hint_negative", "hint_positive",
    "hint_unlikely", "in_time", "in_address", "hint_media",
  ]
  private static let context = [
    "rule_keep", "rule_outside_region", "rule_chrome_container", "rule_class_hint",
    "rule_link_density", "rule_caption", "rule_chrome_phrase", "rule_trailing_heading",
    "rule_fallback_mode", "rule_kept_share", "between_rule_kept", "log_distance_rule_kept",
    "position", "text_position", "container_share", "container_link_density", "log_depth",
    "in_region_subtree", "log_page_chars", "window_rule_kept", "window_stopword_density",
    "window_link_density",
  ]
  private static let neighbourFields = [
    "log_chars", "stopword_density", "link_density", "rule_keep", "is_heading", "same_container",
  ]
  private static let neighbourNames = ["prev", "next", "prev2", "next2"].flatMap { side in
    neighbourFields.map { "\(side)_\($0)" }
  }

  package static let count = names.count

  /// The inherited context flags, in the order of the `in_*` and `hint_*` columns.
  private static let flagColumns: [BlockFlags] = [
    .nav, .footer, .aside, .header, .form, .listItem, .tableCell, .caption, .quote, .article,
    .button, .negativeHint, .positiveHint, .unlikely, .time, .address, .mediaHint,
  ]

  /// One row per block.
  package var values: [Double]
  var rows: Int

  /// Features of the blocks of an analysed page; rows of `skipped` blocks (vetoed: the model
  /// does not decide them) stay zero.
  package init(_ analysis: SelectorAnalysis, lexicon: BoilerplateLexicon, skipped: [Bool]) {
    let page = analysis.page
    let blocks = page.blocks
    let stats = analysis.stats
    let count = Self.count
    rows = blocks.count
    values = [Double](repeating: 0, count: rows * count)
    guard rows > 0 else { return }
    let decisions = analysis.decisions
    let ruleKeep = decisions.map(\.keep)
    let depth = Self.depths(page.containers)
    let regionSubtree = Self.subtree(page.containers, root: analysis.region)
    let totalChars = max(1, stats.reduce(0) { $0 + $1.characters })
    let keptChars = zip(stats, ruleKeep).reduce(0) { $0 + ($1.1 ? $1.0.characters : 0) }
    let firstKept = ruleKeep.firstIndex(of: true)
    let lastKept = ruleKeep.lastIndex(of: true)
    let nearestKept = Self.nearestDistance(ruleKeep)
    let pageText = max(1, analysis.containerText.first ?? 1)
    var cumulative = 0
    var row = [Double]()
    row.reserveCapacity(count)
    for index in 0..<rows {
      let block = blocks[index]
      let stat = stats[index]
      if skipped[index] {
        cumulative += stat.characters
        continue
      }
      let text = page.text[block.textStart..<block.textEnd]
      row.removeAll(keepingCapacity: true)
      let density = Self.linkDensity(block)
      // Own text.
      row.append(log1p(Double(stat.characters)))
      row.append(stat.stopwordDensity)
      row.append(density)
      row.append(Double(stat.commas) / Double(max(1, stat.words)))
      row.append(min(20, Double(stat.characters) / Double(max(1, stat.words))) / 10)
      // Both look at the ends only: no copy of a long block.
      row.append(TextBlockClassifier.endsWithSentence(Array(text.suffix(16))) ? 1 : 0)
      row.append(lexicon.chromePhrase(text) == nil ? 0 : 1)
      let question = text.count < 200 && text.last == 0x3F
      row.append(question && TextBlockClassifier.isQuestionListItem(Array(text)) ? 1 : 0)
      row.append(stat.words < 4 ? 1 : 0)
      row.append(Self.digitShare(text))
      // Tag.
      let kind = Self.kindColumn(block.kind)
      for column in 0..<10 { row.append(column == kind ? 1 : 0) }
      // Inherited context.
      for flag in Self.flagColumns { row.append(block.flags.contains(flag) ? 1 : 0) }
      // The rules' verdict.
      let verdict = Self.verdict(decisions[index])
      row.append(ruleKeep[index] ? 1 : 0)
      for category in 1...7 { row.append(verdict == category ? 1 : 0) }
      row.append(analysis.region == nil ? 1 : 0)
      row.append(Double(keptChars) / Double(totalChars))
      let between = firstKept.map { $0 <= index } == true && lastKept.map { index <= $0 } == true
      row.append(between ? 1 : 0)
      row.append(log1p(Double(nearestKept[index])))
      // Place in the page.
      row.append(Double(index) / Double(max(1, rows - 1)))
      row.append(Double(cumulative) / Double(totalChars))
      cumulative += stat.characters
      let container = block.container
      row.append(Double(analysis.containerText[container]) / Double(pageText))
      row.append(
        Double(analysis.containerLinks[container])
          / Double(max(1, analysis.containerText[container])))
      row.append(log1p(Double(depth[container])))
      row.append(regionSubtree[container] ? 1 : 0)
      row.append(log1p(Double(totalChars)) / 10)
      // A window of three blocks each side.
      var windowKept = 0
      var windowChars = 0
      var windowStop = 0.0
      var windowLinks = 0.0
      for other in max(0, index - 3)...min(rows - 1, index + 3) where other != index {
        let chars = stats[other].characters
        windowChars += chars
        if ruleKeep[other] { windowKept += chars }
        windowStop += stats[other].stopwordDensity * Double(chars)
        windowLinks += Self.linkDensity(blocks[other]) * Double(chars)
      }
      let windowTotal = Double(max(1, windowChars))
      row.append(Double(windowKept) / windowTotal)
      row.append(windowStop / windowTotal)
      row.append(windowLinks / windowTotal)
      // Neighbours.
      for offset in [-1, 1, -2, 2] {
        let other = index + offset
        guard other >= 0, other < rows else {
          row.append(contentsOf: repeatElement(0, count: Self.neighbourFields.count))
          continue
        }
        row.append(log1p(Double(stats[other].characters)))
        row.append(stats[other].stopwordDensity)
        row.append(Self.linkDensity(blocks[other]))
        row.append(ruleKeep[other] ? 1 : 0)
        row.append(blocks[other].flags.contains(.heading) ? 1 : 0)
        row.append(blocks[other].container == container ? 1 : 0)
      }
      for column in 0..<count { values[index * count + column] = row[column] }
    }
  }

  static func linkDensity(_ block: PageBlock) -> Double {
    block.byteCount == 0 ? 0 : Double(block.linkBytes) / Double(block.byteCount)
  }

  private static func kindColumn(_ kind: String) -> Int {
    switch kind {
    case "p": return 0
    case "h1": return 1
    case "h2", "h3", "h4", "h5", "h6": return 2
    case "li": return 3
    case "td", "th": return 4
    case "div": return 5
    case "pre": return 6
    case "blockquote": return 7
    case "dd", "dt": return 8
    default: return 9
    }
  }

  /// The rule family behind a decision: 0 kept or other, 1 outside the main region, 2 inside
  /// a chrome element (nav, footer, aside, button), 3 class/id hint, 4 link density, 5 caption,
  /// 6 chrome phrase, 7 heading with nothing after it.
  private static func verdict(_ decision: BoilerplateDecision) -> Int {
    guard !decision.keep else { return 0 }
    let reason = decision.reason
    if reason.hasPrefix("outside the main") { return 1 }
    if reason.hasPrefix("inside nav") { return 2 }
    if reason.hasPrefix("class/id") { return 3 }
    if reason.hasPrefix("link density") { return 4 }
    if reason.hasPrefix("caption") { return 5 }
    if reason.hasPrefix("chrome phrase") { return 6 }
    if reason.hasPrefix("heading with no content") { return 7 }
    return 0
  }

  private static func digitShare(_ text: ArraySlice<UInt8>) -> Double {
    guard !text.isEmpty else { return 0 }
    var digits = 0
    for byte in text where byte >= 0x30 && byte <= 0x39 { digits += 1 }
    return Double(digits) / Double(text.count)
  }

  /// Nesting depth of every container (the root is 0).
  private static func depths(_ containers: [PageContainer]) -> [Int] {
    var depth = [Int](repeating: 0, count: containers.count)
    for index in containers.indices.dropFirst() {
      let parent = containers[index].parent
      depth[index] = parent >= 0 ? depth[parent] + 1 : 0
    }
    return depth
  }

  /// Whether each container is `root` or inside it.
  private static func subtree(_ containers: [PageContainer], root: Int?) -> [Bool] {
    var inside = [Bool](repeating: false, count: containers.count)
    guard let root else { return inside }
    inside[root] = true
    for index in containers.indices where index > root {
      let parent = containers[index].parent
      if parent >= 0, inside[parent] { inside[index] = true }
    }
    return inside
  }

  /// Blocks between each block and the nearest kept one (the page's length when none is).
  private static func nearestDistance(_ kept: [Bool]) -> [Int] {
    let none = kept.count
    var distance = [Int](repeating: none, count: kept.count)
    var last = -1
    for index in kept.indices {
      if kept[index] { last = index }
      if last >= 0 { distance[index] = index - last }
    }
    last = -1
    for index in kept.indices.reversed() {
      if kept[index] { last = index }
      if last >= 0 { distance[index] = min(distance[index], last - index) }
    }
    return distance
  }
}
