/// The rule pass of ``SentenceSplitter`` over one segment's tokens: decides, left to right,
/// which tokens start a sentence. Each token is looked at a bounded number of times (plus one
/// extra pass over each paragraph that has single line breaks), so the time is linear.
struct SplitRules {
  let text: UnsafeBufferPointer<UInt8>
  let tokens: UnsafeBufferPointer<ScannedToken>
  let starters: WordTable

  /// A list enumerator such as "1.", "2)", "b.", "3.)".
  struct ListMarker: Equatable {
    enum Style: Equatable { case period, parenthesis, periodParenthesis }
    var style: Style
    var isLetter: Bool
    var value: Int
    /// Index of the marker's last token.
    var last: Int
  }

  /// What is known about the paragraph (tokens between blank lines) being split.
  private struct Paragraph {
    var end = -1
    /// Every line break in it ends a sentence (a list of short lines without final punctuation).
    var lineMode = false
    var longestLine = 0
  }

  /// Indices of the tokens that start a sentence (the first is always 0 when there are tokens).
  func sentenceStarts() -> [Int] {
    let count = tokens.count
    guard count > 0 else { return [] }
    var starts: [Int] = [0]
    var sentenceStart = 0
    var pendingBreak = -1
    var skipUntil = 0
    var marker: ListMarker?
    var paragraph = Paragraph()
    var index = 0
    while index < count {
      let token = tokens[index]
      if index > 0 {
        var breaks = index == pendingBreak || token.gap == .blankLine
        if !breaks, token.gap == .newline {
          if index > paragraph.end { paragraph = describeParagraph(from: index) }
          breaks = lineBreakEndsSentence(index, lineStart: previousLineStart(index), paragraph)
        }
        if !breaks, token.kind == .bullet { breaks = true }
        if !breaks, token.gap > .none, tokens[index - 1].kind != .bullet, let last = marker,
          let next = listMarker(at: index),
          next.style == last.style, next.isLetter == last.isLetter, next.value == last.value + 1
        {
          breaks = true
        }
        if !breaks, token.gap > .none, tokens[index - 1].kind == .word,
          let found = listMarker(at: index),
          found.style == .parenthesis, !found.isLetter, found.value == 1
        {
          breaks = true
          marker = found
        }
        if !breaks, token.gap > .none, isHeaderDate(index) { breaks = true }
        if breaks, index > sentenceStart {
          starts.append(index)
          sentenceStart = index
        }
      }
      if index == sentenceStart
        || (index == sentenceStart + 1 && tokens[sentenceStart].kind == .bullet)
      {
        if let found = listMarker(at: index) {
          marker = found
          skipUntil = found.last + 1
        }
      }
      if index >= skipUntil,
        let decision = terminalDecision(at: index, sentenceStart: sentenceStart)
      {
        if let next = decision.breakAt { pendingBreak = next }
        skipUntil = max(skipUntil, decision.quietUntil)
        index = decision.resume
        continue
      }
      index += 1
    }
    return starts
  }

  // MARK: Line breaks

  private func previousLineStart(_ index: Int) -> Int {
    var start = index - 1
    while start > 0, tokens[start].gap < .newline { start -= 1 }
    return start
  }

  /// Whether a single line break before `index` ends the sentence.
  private func lineBreakEndsSentence(_ index: Int, lineStart: Int, _ paragraph: Paragraph) -> Bool {
    let token = tokens[index]
    if token.kind == .bullet || isLineBullet(index) || listMarker(at: index) != nil { return true }
    if isLineBullet(lineStart) || tokens[lineStart].kind == .bullet { return true }
    if paragraph.lineMode { return true }
    let lineLength = tokens[index - 1].end - tokens[lineStart].start
    if endsWithContinuation(index - 1) { return false }
    if lineLength * 10 < paragraph.longestLine * 6, startsUpper(index) { return true }
    return false
  }

  /// "-", "*" or "+" starting a line and followed by a space.
  private func isLineBullet(_ index: Int) -> Bool {
    let token = tokens[index]
    guard token.kind == .symbol, token.gap >= .newline, token.end - token.start == 1,
      index + 1 < tokens.count, tokens[index + 1].gap == .space
    else { return false }
    let byte = text[token.start]
    return byte == 0x2D || byte == 0x2A || byte == 0x2B
  }

  private func endsWithContinuation(_ index: Int) -> Bool {
    let token = tokens[index]
    guard token.kind == .symbol, token.end - token.start == 1 else { return false }
    let byte = text[token.start]
    return byte == 0x2C || byte == 0x3B || byte == 0x2D || byte == 0x26
  }

  /// Scans the paragraph starting at or before `index` to its end.
  private func describeParagraph(from index: Int) -> Paragraph {
    var paragraph = Paragraph()
    var lineStart = index
    while lineStart > 0, tokens[lineStart].gap != .blankLine { lineStart -= 1 }
    var lines = 0
    var anyFinal = false
    var anyContinuation = false
    var cursor = lineStart
    let count = tokens.count
    while cursor < count {
      var last = cursor
      while last + 1 < count, tokens[last + 1].gap < .newline { last += 1 }
      lines += 1
      paragraph.longestLine = max(paragraph.longestLine, tokens[last].end - tokens[cursor].start)
      if endsWithFinalPunctuation(last) { anyFinal = true }
      if endsWithContinuation(last) { anyContinuation = true }
      cursor = last + 1
      if cursor < count, tokens[cursor].gap == .blankLine { break }
    }
    paragraph.end = cursor - 1
    paragraph.lineMode = lines >= 2 && !anyFinal && !anyContinuation && paragraph.longestLine < 60
    return paragraph
  }

  private func endsWithFinalPunctuation(_ index: Int) -> Bool {
    var last = index
    while last > 0, tokens[last].kind == .closing { last -= 1 }
    switch tokens[last].kind {
    case .period, .terminal, .ellipsis: return true
    case .abbreviation: return tokens[last].abbreviation != .title
    default: return false
    }
  }

  // MARK: Lists

  /// A list enumerator starting at `index`: 1–3 digits or one letter, then ".", ")" or ".)",
  /// then whitespace and more text.
  func listMarker(at index: Int) -> ListMarker? {
    let token = tokens[index]
    let count = tokens.count
    var last: Int
    var style: ListMarker.Style
    let isLetter: Bool
    let value: Int
    switch token.kind {
    case .number:
      guard token.end - token.start <= 3, index + 1 < count else { return nil }
      var number = 0
      for offset in token.start..<token.end {
        guard ASCII.isDigit(text[offset]) else { return nil }
        number = number * 10 + Int(text[offset] - 48)
      }
      value = number
      isLetter = false
      let next = tokens[index + 1]
      guard next.gap == .none, next.end - next.start == 1 else { return nil }
      if next.kind == .period {
        style = .period
      } else if next.kind == .closing, text[next.start] == 0x29 {
        style = .parenthesis
      } else {
        return nil
      }
      last = index + 1
    case .abbreviation:
      guard token.end - token.start == 2, ASCII.isLetter(text[token.start]) else { return nil }
      value = Int(WordTable.lower(text[token.start]))
      isLetter = true
      style = .period
      last = index
    case .word:
      guard token.end - token.start == 1, ASCII.isLower(text[token.start]), index + 1 < count,
        tokens[index + 1].gap == .none, tokens[index + 1].kind == .closing,
        text[tokens[index + 1].start] == 0x29
      else { return nil }
      value = Int(text[token.start])
      isLetter = true
      style = .parenthesis
      last = index + 1
    default:
      return nil
    }
    if style == .period, last + 1 < count, tokens[last + 1].gap == .none,
      tokens[last + 1].kind == .closing, text[tokens[last + 1].start] == 0x29
    {
      style = .periodParenthesis
      last += 1
    }
    guard last + 1 < count, tokens[last + 1].gap > .none else { return nil }
    return ListMarker(style: style, isLetter: isLetter, value: value, last: last)
  }

  // MARK: Terminal punctuation

  private struct Decision {
    /// The token that starts the next sentence, if the punctuation ends one.
    var breakAt: Int?
    /// Where the left-to-right pass continues.
    var resume: Int
    /// Tokens before this index are not looked at as sentence ends again.
    var quietUntil = 0
  }

  private func terminalDecision(at index: Int, sentenceStart: Int) -> Decision? {
    let token = tokens[index]
    switch token.kind {
    case .period:
      return periodDecision(at: index)
    case .terminal:
      let next = afterClosers(index)
      var allowLower = next == index + 1
      if text[token.start] == 0x21, index > 0, startsUpper(index - 1) { allowLower = false }
      if text[token.start] == 0x3F, token.gap == .none, index > 0, tokens[index - 1].kind == .symbol
      {
        return Decision(breakAt: nil, resume: index + 1)
      }
      let breaks = startsSentenceAfterPunctuation(next, allowLower: allowLower)
      return Decision(breakAt: breaks ? next : nil, resume: index + 1)
    case .ellipsis:
      let dots = token.end - token.start
      let next = afterClosers(index)
      let breaks: Bool
      if dots >= 4 || dots == 2 {
        breaks = startsSentenceAfterPunctuation(next)
      } else {
        breaks =
          token.gap == .none && next < tokens.count && startsUpper(next) && tokens[next].gap > .none
      }
      return Decision(breakAt: breaks ? next : nil, resume: index + 1)
    case .abbreviation:
      let next = afterClosers(index)
      let breaks = abbreviationEndsSentence(index, next: next, sentenceStart: sentenceStart)
      return Decision(breakAt: breaks ? next : nil, resume: index + 1)
    case .url:
      var next = index + 1
      if next < tokens.count, tokens[next].gap == .none, tokens[next].kind == .symbol,
        text[tokens[next].start] == 0x3E
      {
        next += 1
      }
      guard next < tokens.count, tokens[next].gap > .none else { return nil }
      let breaks = tokens[next].kind == .url || tokens[next].kind == .number || startsUpper(next)
      return Decision(breakAt: breaks ? next : nil, resume: index + 1)
    case .symbol:
      return symbolDecision(at: index, sentenceStart: sentenceStart)
    case .word, .number:
      guard isClockSuffix(index) || isHeaderClock(index), index + 1 < tokens.count else {
        return nil
      }
      let next = tokens[index + 1]
      let breaks =
        next.gap > .none && (next.kind == .word || next.kind == .number || next.kind == .url)
      return Decision(breakAt: breaks ? index + 1 : nil, resume: index + 1)
    default:
      return nil
    }
  }

  /// Emoticons, separator lines and letter formulas ("Regards,") that end a sentence.
  private func symbolDecision(at index: Int, sentenceStart: Int) -> Decision? {
    let token = tokens[index]
    if let last = emoticonEnd(at: index) {
      let next = last + 1
      let breaks =
        next < tokens.count && tokens[next].gap > .none
        && (startsUpper(next) || tokens[next].kind == .url)
      return Decision(breakAt: breaks ? next : nil, resume: next)
    }
    let length = token.end - token.start
    let byte = text[token.start]
    if length >= 3,
      byte == 0x3D || byte == 0x5F || byte == 0x2A || byte == 0x7E || byte == 0x23 || byte == 0x2D
    {
      let next = index + 1
      let breaks =
        next < tokens.count && tokens[next].gap > .none && tokens[next].kind != .symbol
        && !startsLower(next)
      return Decision(breakAt: breaks ? next : nil, resume: next)
    }
    if length == 1, byte == 0x2C, isLetterFormula(sentenceStart, index), index + 1 < tokens.count,
      startsUpper(index + 1)
    {
      return Decision(breakAt: index + 1, resume: index + 1)
    }
    return nil
  }

  /// The last token of an emoticon (":)", ";-)", ":P", ":(") starting at `index`.
  private func emoticonEnd(at index: Int) -> Int? {
    let token = tokens[index]
    guard token.kind == .symbol, token.end - token.start == 1,
      text[token.start] == 0x3A || text[token.start] == 0x3B, index + 1 < tokens.count
    else { return nil }
    var mouth = index + 1
    if tokens[mouth].gap == .none, tokens[mouth].kind == .symbol, text[tokens[mouth].start] == 0x2D,
      tokens[mouth].end - tokens[mouth].start == 1, mouth + 1 < tokens.count
    {
      mouth += 1
    }
    let face = tokens[mouth]
    guard face.gap == .none, face.end - face.start == 1 else { return nil }
    switch text[face.start] {
    case 0x29, 0x28, 0x5D, 0x5B, 0x50, 0x70, 0x44: return mouth
    default: return nil
    }
  }

  /// Whether the sentence so far (`start..<comma`) is a letter's greeting or closing formula.
  private func isLetterFormula(_ start: Int, _ comma: Int) -> Bool {
    let words = comma - start
    guard words >= 1, words <= 3 else { return false }
    let first = tokens[start]
    guard first.kind == .word else { return false }
    if words == 1 {
      return wordIs(start, "regards") || wordIs(start, "sincerely") || wordIs(start, "thanks")
        || wordIs(start, "cheers")
    }
    if wordIs(start, "dear") || wordIs(start, "hi") || wordIs(start, "hello") { return true }
    return words == 2 && wordIs(start + 1, "regards")
  }

  private func wordIs(_ index: Int, _ word: StaticString) -> Bool {
    let token = tokens[index]
    guard token.end - token.start == word.utf8CodeUnitCount else { return false }
    let expected = word.utf8Start
    for offset in 0..<(token.end - token.start)
    where WordTable.lower(text[token.start + offset]) != expected[offset] {
      return false
    }
    return true
  }

  /// "AM"/"PM" after a clock time that follows a date ("08/16/2000 12:05 PM"): an e-mail
  /// header line, which ends before the next word.
  private func isClockSuffix(_ index: Int) -> Bool {
    let token = tokens[index]
    guard token.end - token.start == 2, index >= 2,
      WordTable.lower(text[token.start + 1]) == 0x6D,
      WordTable.lower(text[token.start]) == 0x61 || WordTable.lower(text[token.start]) == 0x70,
      tokens[index - 1].kind == .number, tokens[index - 2].kind == .number
    else { return false }
    return contains(index - 1, 0x3A) && contains(index - 2, 0x2F)
  }

  /// A date and clock time after a capitalised name ("Kay Mann 04/26/2001 07:17 AM"): the
  /// start of an e-mail header line.
  private func isHeaderDate(_ index: Int) -> Bool {
    guard tokens[index].kind == .number, index >= 1, index + 1 < tokens.count,
      tokens[index + 1].kind == .number, tokens[index - 1].kind == .word, startsUpper(index - 1)
    else { return false }
    var slashes = 0
    for offset in tokens[index].start..<tokens[index].end where text[offset] == 0x2F {
      slashes += 1
    }
    return slashes == 2 && contains(index + 1, 0x3A)
  }

  /// A clock time with seconds right after a date ("04/25/01 12:42:55"): an e-mail header.
  private func isHeaderClock(_ index: Int) -> Bool {
    let token = tokens[index]
    guard token.kind == .number, index >= 1, tokens[index - 1].kind == .number,
      contains(index - 1, 0x2F), index + 1 >= tokens.count || !isClockSuffix(index + 1)
    else { return false }
    var colons = 0
    for offset in token.start..<token.end where text[offset] == 0x3A { colons += 1 }
    return colons == 2
  }

  private func contains(_ index: Int, _ byte: UInt8) -> Bool {
    let token = tokens[index]
    for offset in token.start..<token.end where text[offset] == byte { return true }
    return false
  }

  /// A period, or a spaced ellipsis (". . ." / ". . . .") that starts with it.
  private func periodDecision(at index: Int) -> Decision {
    var last = index
    while last + 1 < tokens.count, tokens[last + 1].kind == .period, tokens[last + 1].gap == .space
    {
      last += 1
    }
    let dots = last - index + 1
    if dots == 1 {
      let next = afterClosers(index)
      var allowLower = false
      if next == index + 1, index > 0 {
        let previous = tokens[index - 1]
        allowLower =
          previous.kind == .number || previous.kind == .clitic
          || (previous.kind == .word && startsLower(index - 1))
      }
      let breaks = startsSentenceAfterPunctuation(next, allowLower: allowLower)
      return Decision(breakAt: breaks ? next : nil, resume: index + 1)
    }
    let next = afterClosers(last)
    let attached = tokens[index].gap == .none && index > 0
    if attached, dots == 4 {
      // "word. . . . Next": the period ends the sentence, the ellipsis opens the next one.
      let breaks = startsSentenceAfterPunctuation(next)
      return Decision(breakAt: breaks ? index + 1 : nil, resume: index + 1, quietUntil: last + 1)
    }
    if dots >= 4 {
      return Decision(breakAt: startsSentenceAfterPunctuation(next) ? next : nil, resume: last + 1)
    }
    // ". . ." before a capitalised word other than "I" ends the sentence.
    let breaks =
      dots == 3 && startsUpper(next)
      && !(tokens[next].end - tokens[next].start == 1 && text[tokens[next].start] == 0x49)
    return Decision(breakAt: breaks ? next : nil, resume: last + 1)
  }

  /// The token after `index` and any closing quotes or brackets attached to it, and an
  /// emoticon after those.
  private func afterClosers(_ index: Int) -> Int {
    var next = index + 1
    while next < tokens.count, tokens[next].kind == .closing, tokens[next].gap == .none {
      next += 1
    }
    if next < tokens.count, tokens[next].gap == .space, let last = emoticonEnd(at: next) {
      next = last + 1
    }
    return next
  }

  /// Whether the token at `next` opens a new sentence after . ! ? (an upper-case word, a
  /// number, a bullet, an opening quote or bracket before one of those, a separator; a
  /// lower-case word when `allowLower`).
  private func startsSentenceAfterPunctuation(_ next: Int, allowLower: Bool = false) -> Bool {
    guard next < tokens.count else { return false }
    let token = tokens[next]
    switch token.kind {
    case .word, .abbreviation:
      if allowLower, token.kind == .word, token.gap > .none, startsLower(next) { return true }
      return startsUpper(next)
    case .number, .bullet, .url: return true
    case .opening:
      guard next + 1 < tokens.count else { return false }
      let inner = tokens[next + 1]
      return inner.kind == .number || inner.kind == .ellipsis
        || (inner.kind != .clitic && startsUpper(next + 1))
    case .symbol:
      let byte = text[token.start]
      return byte != 0x2C && byte != 0x3B && byte != 0x3A && byte != 0x25
    default: return false
    }
  }

  /// Whether a token starts with an upper-case letter (ASCII or Latin-1/Latin Extended).
  func startsUpper(_ index: Int) -> Bool {
    guard index < tokens.count else { return false }
    let byte = text[tokens[index].start]
    if byte < 0x80 { return ASCII.isUpper(byte) }
    if byte == 0xC3, tokens[index].start + 1 < text.count {
      let second = text[tokens[index].start + 1]
      return second >= 0x80 && second <= 0x9E && second != 0x97
    }
    return false
  }

  private func startsLower(_ index: Int) -> Bool {
    guard index < tokens.count else { return false }
    return ASCII.isLower(text[tokens[index].start])
  }

  /// Whether the token at `index` is a word that usually opens a sentence ("The", "It", "He").
  private func isStarter(_ index: Int) -> Bool {
    guard index < tokens.count else { return false }
    let token = tokens[index]
    switch token.kind {
    case .word:
      return startsUpper(index) && starters.value(text, token.start, token.end) != 0
    case .abbreviation:
      return token.abbreviation == .title
    case .opening:
      return index + 1 < tokens.count && tokens[index + 1].kind == .word && isStarter(index + 1)
    default:
      return false
    }
  }

  private func abbreviationEndsSentence(_ index: Int, next: Int, sentenceStart: Int) -> Bool {
    guard next < tokens.count else { return false }
    let token = tokens[index]
    if tokens[next].kind == .clitic || tokens[next].gap == .none && tokens[next].kind != .word {
      return false
    }
    switch token.abbreviation {
    case .none, .neverFinal:
      return false
    case .title:
      if isStreet(index) { return isStarter(next) }
      return false
    case .numberPrefix:
      if tokens[next].kind == .number { return false }
      return isStarter(next)
    case .ordinary, .dotted:
      if isDottedBeforeTitledName(index, next: next) { return false }
      return isStarter(next)
    case .month:
      return tokens[next].kind != .number && startsSentenceAfterPunctuation(next)
    case .time:
      return (isStarter(next) || tokens[next].kind == .abbreviation && startsUpper(next))
        && index - sentenceStart > 3
    case .initial:
      let letter = text[token.start]
      if index > 0, letter == 0x49 {
        // "you and I." is the pronoun, not an initial.
        let previous = tokens[index - 1]
        if previous.kind == .word && startsLower(index - 1) || previous.kind == .symbol {
          return startsSentenceAfterPunctuation(next)
        }
      }
      if ASCII.isLower(letter) { return isStarter(next) }
      if index > 0, tokens[index - 1].gap != .blankLine,
        (tokens[index - 1].kind == .word && startsUpper(index - 1))
          || tokens[index - 1].kind == .abbreviation
      {
        return false
      }
      return isStarter(next)
    }
  }

  /// A dotted abbreviation ("U.S.", "U.K.") before a title abbreviation and a capitalised
  /// word ("U.S. Rep. Ilhan Omar", "U.N. Amb. Linda Thomas-Greenfield") modifies the title:
  /// no sentence ends there. After a determiner ("in the U.S. Dr. Smith said") the dotted
  /// form is a noun that can end a sentence, so the usual rule applies.
  private func isDottedBeforeTitledName(_ index: Int, next: Int) -> Bool {
    let token = tokens[index]
    guard next + 1 < tokens.count, tokens[next].kind == .abbreviation,
      tokens[next].abbreviation == .title, tokens[next + 1].kind == .word, startsUpper(next + 1),
      (token.start..<token.end - 1).contains(where: { text[$0] == ASCII.period })
    else { return false }
    guard index > 0, tokens[index - 1].kind == .word else { return true }
    return !(wordIs(index - 1, "the") || wordIs(index - 1, "a") || wordIs(index - 1, "an"))
  }

  /// "St." after a capitalised word or a number is "Street", not "Saint".
  private func isStreet(_ index: Int) -> Bool {
    let token = tokens[index]
    guard token.end - token.start == 3, WordTable.lower(text[token.start]) == 0x73,
      WordTable.lower(text[token.start + 1]) == 0x74, index > 0
    else { return false }
    let previous = tokens[index - 1]
    return previous.gap != .blankLine
      && (previous.kind == .number || (previous.kind == .word && startsUpper(index - 1)))
  }
}
