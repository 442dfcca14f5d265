/// One unit of plain text to classify: a line, a paragraph or a block from `cleanup`.
struct TextUnit: Sendable {
  var text: [UInt8]
  /// Block kind (`line`, `p`, `h2`, `li`...).
  var kind: String

  /// The blocks of a page as units.
  static func units(_ page: ParsedPage) -> [TextUnit] {
    page.blocks.map { TextUnit(text: Array(page.text[$0.textStart..<$0.textEnd]), kind: $0.kind) }
  }
}

/// Classifies plain-text blocks as content or boilerplate, the jusText way, plus a main-run
/// step.
///
/// 1. Each block gets an initial class from its length, its share of function words, and
///    chrome phrases ("Sign in", "Donate", "Related articles", "©"...), list items that are
///    questions (link lists of other articles) count as chrome too.
/// 2. Context smoothing: short blocks take the class of their neighbours (good on both sides
///    makes good, bad on both sides bad); "near good" blocks become good unless both non-short
///    neighbours are bad; a heading-like short block right before good text is kept.
/// 3. Main run: the contiguous run of blocks with the best balance of good text against
///    boilerplate (good text counts for its length, boilerplate against it) is the article;
///    good blocks outside it (teasers, captions of other stories after a promo) are dropped.
struct TextBlockClassifier: Sendable {
  enum Initial: Equatable {
    case good, nearGood, short, bad
  }

  let lexicon: BoilerplateLexicon
  let thresholds: BoilerplateThresholds

  func classify(_ units: [TextUnit]) -> [BoilerplateDecision] {
    let count = units.count
    guard count > 0 else { return [] }
    let stats = units.map { lexicon.stats($0.text[...]) }
    let totalWords = stats.reduce(0) { $0 + $1.words }
    let totalStop = stats.reduce(0) { $0 + $1.stopwords }
    // Without function words for this language, length alone decides.
    let covered = totalWords > 0 && Double(totalStop) / Double(totalWords) >= 0.08
    let low = covered ? thresholds.stopwordsLow : 0
    let high = covered ? thresholds.stopwordsHigh : 0
    var initial = [Initial](repeating: .bad, count: count)
    var reasons = [String](repeating: "", count: count)
    var forcedBad = [Bool](repeating: false, count: count)
    for index in 0..<count {
      let unit = units[index]
      let stat = stats[index]
      if let phrase = lexicon.chromePhrase(unit.text[...]) {
        initial[index] = .bad
        reasons[index] = "chrome phrase '\(phrase)'"
        forcedBad[index] = true
      } else if Self.isQuestionListItem(unit.text) {
        initial[index] = .bad
        reasons[index] = "list item that is a question (link list)"
        forcedBad[index] = true
      } else if stat.characters < thresholds.lengthLow {
        initial[index] = .short
        reasons[index] = "short (\(stat.characters) characters)"
      } else if stat.stopwordDensity >= high, stat.characters >= thresholds.lengthHigh {
        initial[index] = .good
        reasons[index] = "long prose (\(stat.characters) characters)"
      } else if stat.stopwordDensity >= low {
        initial[index] = .nearGood
        reasons[index] = "prose-like"
      } else if stat.words >= 8, Self.endsWithSentence(unit.text) {
        initial[index] = .nearGood
        reasons[index] = "a sentence with few function words"
      } else {
        initial[index] = .bad
        reasons[index] = "few function words"
      }
    }
    if !initial.contains(.good) {
      // No block is long enough to anchor the text (an article of paragraphs just under
      // `length_high`): the longer prose blocks anchor it instead, or smoothing, which
      // counts the page edges as boilerplate, would drop everything.
      for index in 0..<count
      where initial[index] == .nearGood && stats[index].characters >= thresholds.lengthHigh / 2
        && stats[index].stopwordDensity >= high
      {
        initial[index] = .good
        reasons[index] =
          "prose (\(stats[index].characters) characters) in a page without long blocks"
      }
    }
    let classes = smoothNearGood(initial, smoothShort(initial))
    var good = classes.map { $0 == .good }
    for index in 0..<count where !good[index] && !forcedBad[index] {
      if isHeadingBeforeContent(index, units: units, stats: stats, good: good) {
        good[index] = true
        reasons[index] = "heading before content"
      } else if initial[index] != classes[index] || initial[index] == .short {
        reasons[index] += ", neighbours are boilerplate"
      }
    }
    for index in 0..<count
    where good[index] && initial[index] != .good && !reasons[index].hasPrefix("heading") {
      reasons[index] += ", between content"
    }
    let run = mainRun(good: good, stats: stats)
    return (0..<count).map { index in
      let score = Self.score(initial[index], stat: stats[index])
      if good[index], !run.contains(index) {
        return BoilerplateDecision(keep: false, score: score, reason: "outside the main text run")
      }
      return BoilerplateDecision(keep: good[index], score: score, reason: reasons[index])
    }
  }

  private static func score(_ initial: Initial, stat: TextStats) -> Double {
    let base: Double
    switch initial {
    case .good: base = 0.8
    case .nearGood: base = 0.6
    case .short: base = 0.3
    case .bad: base = 0.1
    }
    return min(1, base + 0.2 * min(1, stat.stopwordDensity / 0.4))
  }

  /// jusText's rule: a short block between good text (ignoring near-good blocks) is good,
  /// between boilerplate bad; between the two it is good only when a near-good block sits
  /// between it and the boilerplate side.
  private func smoothShort(_ initial: [Initial]) -> [Initial] {
    var result = initial
    for index in initial.indices where initial[index] == .short {
      let previous = neighbour(initial, from: index, step: -1, skipping: [.short, .nearGood])
      let next = neighbour(initial, from: index, step: 1, skipping: [.short, .nearGood])
      if previous == .good && next == .good {
        result[index] = .good
      } else if previous == .bad && next == .bad {
        result[index] = .bad
      } else if previous == .bad
        && neighbour(initial, from: index, step: -1, skipping: [.short]) == .nearGood
        || next == .bad && neighbour(initial, from: index, step: 1, skipping: [.short]) == .nearGood
      {
        result[index] = .good
      } else {
        result[index] = .bad
      }
    }
    return result
  }

  /// A near-good block is good unless boilerplate surrounds it (judged on the initial
  /// classes, ignoring short and near-good blocks).
  private func smoothNearGood(_ initial: [Initial], _ smoothed: [Initial]) -> [Initial] {
    var result = smoothed
    for index in initial.indices where initial[index] == .nearGood {
      let previous = neighbour(initial, from: index, step: -1, skipping: [.short, .nearGood])
      let next = neighbour(initial, from: index, step: 1, skipping: [.short, .nearGood])
      result[index] = previous == .bad && next == .bad ? .bad : .good
    }
    return result
  }

  /// The nearest class in a direction that is not in `skipping` (the edges count as bad).
  private func neighbour(_ classes: [Initial], from index: Int, step: Int, skipping: Set<Initial>)
    -> Initial
  {
    var cursor = index + step
    while cursor >= 0, cursor < classes.count {
      if !skipping.contains(classes[cursor]) { return classes[cursor] }
      cursor += step
    }
    return .bad
  }

  /// A short, title-like block followed (within 200 characters) by kept content. At the very
  /// top of the text, a title needs three words or more (a lone site name does not count).
  private func isHeadingBeforeContent(
    _ index: Int, units: [TextUnit], stats: [TextStats], good: [Bool]
  ) -> Bool {
    let unit = units[index]
    let stat = stats[index]
    let isHeadingKind = unit.kind.count == 2 && unit.kind.hasPrefix("h")
    guard
      isHeadingKind || (stat.words <= 16 && stat.characters < 160 && !Self.endsSentence(unit.text))
    else { return false }
    let before = good[..<index].contains(true)
    if !before, stat.words < 3 { return false }
    let next = index + 1
    guard next < units.count else { return false }
    if good[next] { return true }
    // A title followed by a dateline or a standfirst, then the text.
    return next + 1 < units.count && good[next + 1] && stats[next].characters < 80
      && lexicon.chromePhrase(units[next].text[...]) == nil
  }

  /// The run of blocks with the best sum of good text minus weighted boilerplate.
  private func mainRun(good: [Bool], stats: [TextStats]) -> ClosedRange<Int> {
    var best = 0.0
    var bestRange = 0...0
    var current = 0.0
    var start = 0
    var found = false
    for index in good.indices {
      let value =
        good[index]
        ? Double(stats[index].characters)
        : -(Double(stats[index].characters) * thresholds.gapWeight + 25)
      if current <= 0 {
        current = value
        start = index
      } else {
        current += value
      }
      if current > best {
        best = current
        bestRange = start...index
        found = true
      }
    }
    return found ? bestRange : 0...(good.count - 1)
  }

  /// Ends with `.`, `!`, `?` or one of them followed by a closing quote or bracket.
  static func endsWithSentence(_ text: [UInt8]) -> Bool {
    var end = text.count
    while end > 0 {
      let byte = text[end - 1]
      if byte == 0x22 || byte == 0x27 || byte == 0x29 {
        end -= 1
      } else if end >= 3, text[end - 3] == 0xE2, text[end - 2] == 0x80,
        text[end - 1] == 0x9D || text[end - 1] == 0x99
      {
        end -= 3
      } else {
        break
      }
    }
    guard end > 0 else { return false }
    let last = text[end - 1]
    return last == 0x2E || last == 0x21 || last == 0x3F
  }

  static func endsSentence(_ text: [UInt8]) -> Bool {
    guard let last = text.last else { return false }
    return last == 0x2E || last == 0x2C || last == 0x3B
  }

  /// "- What are ...?" / "• How ...?": a list of links to other questions.
  static func isQuestionListItem(_ text: [UInt8]) -> Bool {
    guard text.count < 200, text.last == 0x3F else { return false }
    if text.starts(with: [0x2D, 0x20]) || text.starts(with: [0x2A, 0x20]) { return true }
    return text.starts(with: [0xE2, 0x80, 0xA2])
  }
}
