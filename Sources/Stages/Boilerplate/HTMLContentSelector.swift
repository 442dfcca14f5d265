/// Picks the main content of a parsed HTML page and classifies every block. In the stage its
/// decisions are evidence for the learned model (``LearnedContentSelector``), which keeps its
/// hard drops (``vetoes(_:)``) and decides the rest.
///
/// 1. Container scores (after Readability): every prose block (paragraph, cell, `pre`, text
///    directly in a `div`) of 25+ bytes outside navigation and outside elements whose
///    class/id says chrome adds `1 + commas + min(bytes / 100, 3)` to its container, half to
///    the next ancestor, and a third per level above, up to five levels. A container starts
///    from its tag and class/id prior, and its total is scaled by `1 - link density`.
/// 2. The best container is the main region (moving up to an ancestor that scores higher, or
///    that holds nothing else); siblings that score at least a fifth of it, and sibling
///    paragraphs of prose with few links, join it.
/// 3. Inside the region, blocks are dropped for link density, class/id hints (share,
///    related, comment, promo...), being inside `nav`/`footer`/`aside`, captions (unless
///    kept), chrome phrases in short blocks, and headings with no content after them.
package struct HTMLContentSelector: Sendable {
  package let lexicon: BoilerplateLexicon
  let thresholds: BoilerplateThresholds
  let keepCaptions: Bool
  let keepTitle: Bool

  package init(
    lexicon: BoilerplateLexicon, thresholds: BoilerplateThresholds, keepCaptions: Bool,
    keepTitle: Bool
  ) {
    self.lexicon = lexicon
    self.thresholds = thresholds
    self.keepCaptions = keepCaptions
    self.keepTitle = keepTitle
  }

  private static let proseKinds: Set<String> = ["p", "pre", "td", "div", "blockquote", "dd"]
  static let chrome: BlockFlags = [.nav, .footer, .aside, .button]

  func select(_ parsed: ParsedPage) -> [BoilerplateDecision] {
    var analysis = analyze(parsed)
    applyTitle(analysis.page, stats: analysis.stats, &analysis.decisions)
    return analysis.decisions
  }

  /// The rules' view of a page: every block's decision (before the title rule), the page with
  /// its effective class/id hints, block statistics and the text under each container.
  package func analyze(_ parsed: ParsedPage) -> SelectorAnalysis {
    let (text, links) = aggregate(parsed)
    let page = withEffectiveHints(parsed, text: text)
    let stats = page.blocks.map { lexicon.stats(page.text[$0.textStart..<$0.textEnd]) }
    var analysis = SelectorAnalysis(
      page: page, stats: stats, containerText: text, containerLinks: links, decisions: [],
      region: nil)
    guard !parsed.blocks.isEmpty else { return analysis }
    let final = scores(page, stats: stats, text: text, links: links)
    guard let top = topCandidate(page, final: final, text: text) else {
      analysis.decisions = fallback(page, stats: stats)
      return analysis
    }
    analysis.region = top
    analysis.decisions = regionDecisions(
      page, stats: stats, top: top, final: final, text: text, links: links)
    return analysis
  }

  private func regionDecisions(
    _ page: ParsedPage, stats: [TextStats], top: Int, final: [Double?], text: [Int], links: [Int]
  ) -> [BoilerplateDecision] {
    let blocks = page.blocks
    let containers = page.containers
    let region = regionMembership(page, top: top, final: final, text: text, links: links)
    let regionFlags = containers[top].flags
    var decisions = [BoilerplateDecision]()
    decisions.reserveCapacity(blocks.count)
    for (index, block) in blocks.enumerated() {
      let stat = stats[index]
      let density = block.byteCount == 0 ? 0 : Double(block.linkBytes) / Double(block.byteCount)
      let score = contentScore(stat: stat, density: density)
      guard region[block.container] else {
        decisions.append(
          BoilerplateDecision(keep: false, score: score, reason: "outside the main content"))
        continue
      }
      let reason = dropReason(
        block, page: page, stat: stat, density: density, regionFlags: regionFlags)
      decisions.append(
        BoilerplateDecision(keep: reason == nil, score: score, reason: reason ?? "main content"))
    }
    dropTrailingHeadings(blocks, &decisions)
    return decisions
  }

  private func contentScore(stat: TextStats, density: Double) -> Double {
    let length = min(1, Double(stat.characters) / Double(thresholds.lengthHigh))
    let prose = min(1, stat.stopwordDensity / 0.4)
    return ((0.5 * length + 0.5 * prose) * (1 - density) * 1000).rounded() / 1000
  }

  /// Class/id hints count only on elements that hold less than 40% of the page's text: a
  /// wrapper of the whole page named `page-ad-margins` or `has-sidebar` is not chrome.
  private func withEffectiveHints(_ page: ParsedPage, text: [Int]) -> ParsedPage {
    let hintFlags: BlockFlags = [.unlikely, .negativeHint, .positiveHint, .mediaHint]
    let limit = Double(text[0]) * 0.4
    var page = page
    var effective = [BlockFlags](repeating: [], count: page.containers.count)
    for index in page.containers.indices {
      let container = page.containers[index]
      var flags: BlockFlags = container.parent >= 0 ? effective[container.parent] : []
      if Double(text[index]) <= limit { flags.formUnion(container.hints) }
      effective[index] = flags
      page.containers[index].flags = container.flags.subtracting(hintFlags).union(flags)
    }
    for index in page.blocks.indices {
      let block = page.blocks[index]
      page.blocks[index].flags = block.flags.subtracting(hintFlags).union(
        effective[block.container])
    }
    return page
  }

  /// Text and link bytes under each container.
  private func aggregate(_ page: ParsedPage) -> (text: [Int], links: [Int]) {
    var text = [Int](repeating: 0, count: page.containers.count)
    var links = [Int](repeating: 0, count: page.containers.count)
    for block in page.blocks {
      text[block.container] += block.byteCount
      links[block.container] += block.linkBytes
    }
    for index in stride(from: page.containers.count - 1, to: 0, by: -1) {
      let parent = page.containers[index].parent
      guard parent >= 0 else { continue }
      text[parent] += text[index]
      links[parent] += links[index]
    }
    return (text, links)
  }

  private func scores(_ page: ParsedPage, stats: [TextStats], text: [Int], links: [Int])
    -> [Double?]
  {
    let containers = page.containers
    var score = [Double?](repeating: nil, count: containers.count)
    for (index, block) in page.blocks.enumerated() {
      guard block.flags.isDisjoint(with: Self.chrome.union(.unlikely)),
        Self.proseKinds.contains(block.kind), block.byteCount >= 25,
        Double(block.linkBytes) <= Double(block.byteCount) * thresholds.maxLinkDensity
      else { continue }
      let value = 1 + Double(stats[index].commas) + Double(min(block.byteCount / 100, 3))
      var container = block.container
      if containers[container].kind == block.kind, block.kind != "div" {
        container = containers[container].parent
      }
      var level = 0
      while container > 0, level < 5 {
        let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level) * 3
        score[container] =
          (score[container] ?? Double(containers[container].weight)) + value / divider
        container = containers[container].parent
        level += 1
      }
    }
    for index in score.indices {
      guard let value = score[index] else { continue }
      let density = text[index] == 0 ? 0 : Double(links[index]) / Double(text[index])
      score[index] = value * (1 - density)
    }
    return score
  }

  private func topCandidate(_ page: ParsedPage, final: [Double?], text: [Int]) -> Int? {
    var best: Int?
    var bestScore = -Double.infinity
    for (index, value) in final.enumerated() {
      if let value, value > bestScore {
        best = index
        bestScore = value
      }
    }
    guard var top = best, bestScore > 0 else { return nil }
    let containers = page.containers
    var lastScore = bestScore
    let threshold = lastScore / 3
    var parent = containers[top].parent
    while parent > 0 {
      guard let parentScore = final[parent] else {
        parent = containers[parent].parent
        continue
      }
      if parentScore < threshold { break }
      if parentScore > lastScore {
        top = parent
        break
      }
      lastScore = parentScore
      parent = containers[parent].parent
    }
    while containers[top].parent > 0, text[containers[top].parent] == text[top] {
      top = containers[top].parent
    }
    return top
  }

  private func regionMembership(
    _ page: ParsedPage, top: Int, final: [Double?], text: [Int], links: [Int]
  ) -> [Bool] {
    let containers = page.containers
    var selected = [Bool](repeating: false, count: containers.count)
    selected[top] = true
    let parent = containers[top].parent
    let threshold = max(10, (final[top] ?? 0) * 0.2)
    if parent > 0 {
      for index in containers.indices where containers[index].parent == parent && index != top {
        let density = text[index] == 0 ? 1 : Double(links[index]) / Double(text[index])
        if let value = final[index], value >= threshold {
          selected[index] = true
        } else if containers[index].kind == "p", text[index] > 80, density < 0.25,
          containers[index].flags.isDisjoint(with: Self.chrome.union(.unlikely))
        {
          selected[index] = true
        }
      }
    }
    for index in containers.indices.dropFirst() where !selected[index] {
      let parent = containers[index].parent
      if parent >= 0, selected[parent] { selected[index] = true }
    }
    return selected
  }

  private func dropReason(
    _ block: PageBlock, page: ParsedPage, stat: TextStats, density: Double, regionFlags: BlockFlags
  ) -> String? {
    let flags = block.flags.subtracting(regionFlags)
    if !flags.isDisjoint(with: Self.chrome) { return "inside nav/footer/aside/button" }
    if flags.contains(.unlikely) { return "class/id says boilerplate" }
    if flags.contains(.negativeHint), stat.characters < 200 || density > 0.2 {
      return "class/id hint (short or linked)"
    }
    let prose = stat.characters >= 150 && stat.stopwordDensity >= 0.25
    let limit = prose ? max(thresholds.maxLinkDensity, 0.75) : thresholds.maxLinkDensity
    if density > limit { return "link density \(Self.rounded(density))" }
    if density > 0.3, stat.characters < 100 {
      return "link density \(Self.rounded(density)) in a short block"
    }
    if !flags.isDisjoint(with: [.caption, .mediaHint]), !keepCaptions { return "caption" }
    if let phrase = lexicon.chromePhrase(page.text[block.textStart..<block.textEnd]) {
      return "chrome phrase '\(phrase)'"
    }
    return nil
  }

  private static func rounded(_ value: Double) -> String {
    String(Double((value * 100).rounded()) / 100)
  }

  private static func isHeading(_ kind: String) -> Bool {
    kind.count == 2 && kind.hasPrefix("h") && kind != "hr"
  }

  /// Headings after the last kept text block announce something that was dropped.
  func dropTrailingHeadings(_ blocks: [PageBlock], _ decisions: inout [BoilerplateDecision]) {
    for index in decisions.indices.reversed() where decisions[index].keep {
      guard Self.isHeading(blocks[index].kind) else { return }
      decisions[index].keep = false
      decisions[index].reason = "heading with no content after it"
    }
  }

  /// Keeps the page title or drops it, per `keepTitle`: the `h1` outside chrome nearest
  /// before the first kept block (else the first after it), not a linked site logo
  /// (`<header><h1><a href="/">Example News</a></h1></header>` before the article's own `h1`).
  package func applyTitle(
    _ page: ParsedPage, stats: [TextStats], _ decisions: inout [BoilerplateDecision]
  ) {
    guard let firstKept = decisions.firstIndex(where: { $0.keep }) else { return }
    let candidates = page.blocks.indices.filter { index in
      let block = page.blocks[index]
      let linked = block.byteCount > 0 && Double(block.linkBytes) / Double(block.byteCount) > 0.5
      return block.kind == "h1" && block.flags.isDisjoint(with: Self.chrome)
        && stats[index].characters >= 10 && !linked
    }
    guard let title = candidates.last(where: { $0 <= firstKept }) ?? candidates.first else {
      return
    }
    if keepTitle {
      if !decisions[title].keep {
        decisions[title].keep = true
        decisions[title].reason = "title"
      }
    } else if decisions[title].keep {
      decisions[title].keep = false
      decisions[title].reason = "title (keep_title is off)"
    }
  }

  /// No prose container found: classify the blocks as plain text.
  private func fallback(_ page: ParsedPage, stats: [TextStats]) -> [BoilerplateDecision] {
    var decisions = TextBlockClassifier(lexicon: lexicon, thresholds: thresholds)
      .classify(TextUnit.units(page))
    for (index, block) in page.blocks.enumerated() where decisions[index].keep {
      if !block.flags.isDisjoint(with: Self.chrome.union(.unlikely)) {
        decisions[index] = BoilerplateDecision(
          keep: false, score: decisions[index].score,
          reason: "inside nav/footer/aside or chrome class")
        continue
      }
      // The text classifier does not see links: a block of headlines linking elsewhere reads
      // like prose. Same limits as inside a content region.
      let stat = stats[index]
      let density = block.byteCount == 0 ? 0 : Double(block.linkBytes) / Double(block.byteCount)
      let prose = stat.characters >= 150 && stat.stopwordDensity >= 0.25
      let limit = prose ? max(thresholds.maxLinkDensity, 0.75) : thresholds.maxLinkDensity
      if density > limit {
        decisions[index] = BoilerplateDecision(
          keep: false, score: decisions[index].score,
          reason: "link density \(Self.rounded(density))")
      }
    }
    return decisions
  }
}

extension HTMLContentSelector {
  /// Blocks the learned model may not keep: those the rules dropped for being inside `nav`,
  /// `footer`, `aside` or `button`, for a class/id hint, for link density, or as captions; and,
  /// outside the main region, blocks inside such elements or too dense with links by the same
  /// limits.
  package func vetoes(_ analysis: SelectorAnalysis) -> [Bool] {
    zip(analysis.page.blocks, zip(analysis.stats, analysis.decisions)).map { block, pair in
      let (stat, rule) = pair
      guard !rule.keep else { return false }
      let reason = rule.reason
      if reason.hasPrefix("inside nav") || reason.hasPrefix("class/id")
        || reason.hasPrefix("link density") || reason == "caption"
      {
        return true
      }
      guard reason == "outside the main content" else { return false }
      if !block.flags.isDisjoint(with: Self.chrome.union([.unlikely, .caption])) { return true }
      let density = BlockFeatures.linkDensity(block)
      let prose = stat.characters >= 150 && stat.stopwordDensity >= 0.25
      return density > (prose ? max(thresholds.maxLinkDensity, 0.75) : thresholds.maxLinkDensity)
    }
  }
}

/// What ``HTMLContentSelector`` found on a page, for the learned block model's features.
package struct SelectorAnalysis: Sendable {
  /// The page with the class/id hints that count (see the selector's 40% rule).
  package var page: ParsedPage
  package var stats: [TextStats]
  /// Text and link bytes under each container.
  var containerText: [Int]
  var containerLinks: [Int]
  /// The rules' decision for every block (title rule not applied).
  package var decisions: [BoilerplateDecision]
  /// The main-region container, or nil when the page fell back to the plain-text classifier.
  var region: Int?
}
