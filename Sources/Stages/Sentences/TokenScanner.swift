/// One linear pass over UTF-8 bytes that produces ``ScannedToken``s (see ``Tokenizer`` for the
/// conventions). Whitespace-separated chunks are scanned left to right; nothing looks back
/// further than the current chunk, so the time is linear in the input.
struct TokenScanner {
  let text: UnsafeBufferPointer<UInt8>
  let abbreviations: WordTable
  var tokens: [ScannedToken] = []
  /// The whitespace seen since the last token.
  private var gap: Gap = .blankLine
  private var newlines = 0

  init(text: UnsafeBufferPointer<UInt8>, abbreviations: WordTable) {
    self.text = text
    self.abbreviations = abbreviations
  }

  /// Scans `text[lower..<upper]`, appending to ``tokens``. The first token of the range gets
  /// a ``Gap/blankLine`` gap.
  mutating func scan(_ lower: Int, _ upper: Int) {
    gap = .blankLine
    newlines = 2
    var index = lower
    while index < upper {
      let byte = text[index]
      if byte < 0x80 {
        if ASCII.isSpace(byte) {
          noteSpace(newline: byte == ASCII.newline)
          index += 1
          continue
        }
      } else {
        let scalar = DecodedScalar(text, index, upper)
        let kind = CharacterClass.of(scalar.value)
        if kind == .space || kind == .newline {
          // U+2029 PARAGRAPH SEPARATOR counts as a blank line.
          if scalar.value == 0x2029 { newlines += 1 }
          noteSpace(newline: kind == .newline)
          index += scalar.length
          continue
        }
      }
      index = scanChunk(index, upper)
      newlines = 0
    }
  }

  private mutating func noteSpace(newline: Bool) {
    if newline { newlines += 1 }
    gap = newlines >= 2 ? .blankLine : newlines == 1 ? .newline : .space
  }

  private mutating func emit(
    _ start: Int, _ end: Int, _ kind: TokenKind, _ abbreviation: AbbreviationClass = .none
  ) {
    tokens.append(
      ScannedToken(start: start, end: end, kind: kind, abbreviation: abbreviation, gap: gap))
    gap = .none
  }

  /// Whether the code point at `index` is whitespace; its length.
  private func spaceLength(_ index: Int, _ upper: Int) -> Int {
    let byte = text[index]
    if byte < 0x80 { return ASCII.isSpace(byte) ? 1 : 0 }
    let scalar = DecodedScalar(text, index, upper)
    let kind = CharacterClass.of(scalar.value)
    return kind == .space || kind == .newline ? scalar.length : 0
  }

  /// Scans one whitespace-delimited chunk starting at `start`; returns its end.
  private mutating func scanChunk(_ start: Int, _ upper: Int) -> Int {
    var end = start
    var special = false
    while end < upper {
      let byte = text[end]
      if byte < 0x80 {
        if ASCII.isSpace(byte) { break }
        if byte == 0x40 || byte == 0x3A || byte == 0x77 || byte == 0x57 { special = true }
        end += 1
      } else {
        if spaceLength(end, upper) > 0 { break }
        end += 1
        while end < upper, text[end] & 0xC0 == 0x80 { end += 1 }
      }
    }
    if special {
      scanWithLinks(start, end)
    } else {
      scanPlain(start, end)
    }
    return end
  }

  // MARK: URLs, e-mail addresses, handles

  /// Scans a chunk that may hold URLs or e-mail addresses.
  private mutating func scanWithLinks(_ start: Int, _ end: Int) {
    var from = start
    var index = start
    while index < end {
      if let link = link(at: index, from: from, end: end) {
        scanPlain(from, link.lowerBound)
        emit(link.lowerBound, link.upperBound, .url)
        from = link.upperBound
        index = link.upperBound
      } else {
        index += 1
      }
    }
    scanPlain(from, end)
  }

  /// A link that involves the byte at `index` ("@", ":" of "://", or "w" of "www."), not
  /// starting before `from`.
  private func link(at index: Int, from: Int, end: Int) -> Range<Int>? {
    let byte = text[index]
    if byte == 0x3A {
      guard index + 2 < end, text[index + 1] == 0x2F, text[index + 2] == 0x2F else { return nil }
      var schemeStart = index
      while schemeStart > from, ASCII.isLetter(text[schemeStart - 1]) { schemeStart -= 1 }
      guard index - schemeStart >= 2 else { return nil }
      return urlBody(schemeStart, index + 3, end)
    }
    if byte == 0x77 || byte == 0x57 {
      guard index + 4 < end, index == from || !isWordByte(text[index - 1]),
        WordTable.lower(text[index + 1]) == 0x77, WordTable.lower(text[index + 2]) == 0x77,
        text[index + 3] == ASCII.period, isWordByte(text[index + 4])
      else { return nil }
      return urlBody(index, index + 4, end)
    }
    if byte == 0x40 { return address(at: index, from: from, end: end) }
    return nil
  }

  private func isWordByte(_ byte: UInt8) -> Bool { ASCII.isAlnum(byte) || byte >= 0x80 }

  /// The rest of a URL from `bodyStart`, with trailing punctuation left out.
  private func urlBody(_ start: Int, _ bodyStart: Int, _ end: Int) -> Range<Int>? {
    var stop = bodyStart
    var open = 0
    var close = 0
    while stop < end {
      let byte = text[stop]
      if byte == ASCII.quote || byte == 0x3C || byte == 0x3E || byte == 0x60 || byte == 0x7B
        || byte == 0x7D || byte == 0x7C || byte == 0x5C || byte == 0x5E || byte >= 0x80
      {
        break
      }
      if byte == 0x28 { open += 1 }
      if byte == 0x29 { close += 1 }
      stop += 1
    }
    while stop > bodyStart {
      let last = text[stop - 1]
      if last == 0x29, close > open {
        close -= 1
        stop -= 1
        continue
      }
      if last == ASCII.period || last == 0x2C || last == 0x3B || last == 0x3A || last == 0x21
        || last == 0x3F || last == ASCII.apostrophe || last == 0x5D || last == 0x2A
      {
        stop -= 1
        continue
      }
      break
    }
    return stop > bodyStart ? start..<stop : nil
  }

  private func isLocalPart(_ byte: UInt8) -> Bool {
    ASCII.isAlnum(byte) || byte == ASCII.period || byte == 0x5F || byte == 0x25 || byte == 0x2B
      || byte == 0x2D
  }

  private func isDomainByte(_ byte: UInt8) -> Bool {
    ASCII.isAlnum(byte) || byte == ASCII.period || byte == 0x2D || byte == 0x5F
  }

  /// An e-mail address ("jane.doe@example.com"), a bare "name@HOST", or a handle ("@user").
  private func address(at index: Int, from: Int, end: Int) -> Range<Int>? {
    var localStart = index
    while localStart > from, isLocalPart(text[localStart - 1]) { localStart -= 1 }
    while localStart < index, !ASCII.isAlnum(text[localStart]) { localStart += 1 }
    var domainEnd = index + 1
    while domainEnd < end, isDomainByte(text[domainEnd]) { domainEnd += 1 }
    while domainEnd > index + 1, !ASCII.isAlnum(text[domainEnd - 1]) { domainEnd -= 1 }
    guard domainEnd > index + 1 else { return nil }
    return localStart..<domainEnd
  }

  // MARK: Plain text

  /// Scans text without links.
  private mutating func scanPlain(_ start: Int, _ end: Int) {
    var index = start
    while index < end {
      let byte = text[index]
      if byte < 0x80 {
        if ASCII.isAlnum(byte) {
          index = scanWord(index, index, end)
          continue
        }
        index = scanASCIIPunctuation(index, chunkStart: start, end: end)
      } else {
        let scalar = DecodedScalar(text, index, end)
        let next = index + scalar.length
        switch CharacterClass.of(scalar.value) {
        case .letter:
          index = scanWord(index, index, end)
        case .openQuote, .openBracket:
          emit(index, next, .opening)
          index = next
        case .closeQuote, .closeBracket:
          emit(index, next, .closing)
          index = next
        case .apostrophe:
          index = scanApostrophe(index, length: scalar.length, chunkStart: start, end: end)
        case .ellipsis:
          emit(index, next, .ellipsis)
          index = next
        case .dash:
          emit(index, next, .symbol)
          index = next
        case .bullet:
          emit(index, next, .bullet)
          index = next
        case .terminal:
          emit(index, next, .terminal)
          index = next
        case .symbol, .space, .newline:
          emit(index, next, .symbol)
          index = next
        }
      }
    }
  }

  private func runEnd(_ start: Int, _ end: Int, _ matches: (UInt8) -> Bool) -> Int {
    var index = start + 1
    while index < end, matches(text[index]) { index += 1 }
    return index
  }

  private mutating func scanASCIIPunctuation(_ index: Int, chunkStart: Int, end: Int) -> Int {
    let byte = text[index]
    switch byte {
    case ASCII.period:
      if index == chunkStart, index + 1 < end, ASCII.isDigit(text[index + 1]) {
        // ".496": a decimal without its leading zero.
        return scanWord(index + 1, index, end)
      }
      let stop = runEnd(index, end) { $0 == ASCII.period }
      emit(index, stop, stop - index == 1 ? .period : .ellipsis)
      return stop
    case 0x21, 0x3F:
      let stop = runEnd(index, end) { $0 == 0x21 || $0 == 0x3F }
      emit(index, stop, .terminal)
      return stop
    case 0x28, 0x5B, 0x7B:
      emit(index, index + 1, .opening)
      return index + 1
    case 0x29, 0x5D, 0x7D:
      emit(index, index + 1, .closing)
      return index + 1
    case ASCII.quote:
      emit(index, index + 1, quoteKind(index, chunkStart: chunkStart))
      return index + 1
    case ASCII.apostrophe:
      return scanApostrophe(index, length: 1, chunkStart: chunkStart, end: end)
    case 0x2D, 0x2A, 0x3D, 0x5F, 0x7E, 0x23, 0x2B, 0x3C, 0x3E, 0x5E:
      let stop = runEnd(index, end) { $0 == byte }
      emit(index, stop, .symbol)
      return stop
    default:
      emit(index, index + 1, .symbol)
      return index + 1
    }
  }

  /// An ASCII quote opens when it starts the chunk or follows an opening bracket or quote.
  private func quoteKind(_ index: Int, chunkStart: Int) -> TokenKind {
    if index == chunkStart { return .opening }
    if let last = tokens.last, last.end == index, last.kind == .opening { return .opening }
    return .closing
  }

  /// An apostrophe (ASCII or U+2019) that is not inside a word: a clitic after a word
  /// ("Jr.'s"), the start of a year ("'90s"), or a quote.
  private mutating func scanApostrophe(_ index: Int, length: Int, chunkStart: Int, end: Int) -> Int
  {
    let after = index + length
    if index > chunkStart, let last = tokens.last, last.end == index,
      last.kind == .word || last.kind == .abbreviation || last.kind == .number,
      let clitic = cliticEnd(after, end)
    {
      emit(index, clitic, .clitic)
      return clitic
    }
    if index == chunkStart, let clitic = cliticEnd(after, end), clitic == end {
      // A clitic written apart ("U.S. 's", as in treebank text).
      emit(index, clitic, .clitic)
      return clitic
    }
    if after + 1 < end, ASCII.isDigit(text[after]), ASCII.isDigit(text[after + 1]),
      index == chunkStart || !isWordByte(text[index - 1])
    {
      return scanWord(after, index, end)
    }
    if length == 3 {
      emit(index, after, index == chunkStart ? .opening : .closing)
    } else {
      emit(index, after, quoteKind(index, chunkStart: chunkStart))
    }
    return after
  }

  /// The end of "s", "m", "d", "ll", "re", "ve" after an apostrophe, when one follows.
  private func cliticEnd(_ start: Int, _ end: Int) -> Int? {
    var stop = start
    while stop < end, stop - start < 3, ASCII.isLetter(text[stop]) { stop += 1 }
    if stop < end, ASCII.isLetter(text[stop]) || text[stop] >= 0x80 { return nil }
    switch stop - start {
    case 1:
      let letter = WordTable.lower(text[start])
      return letter == 0x73 || letter == 0x6D || letter == 0x64 ? stop : nil
    case 2:
      let first = WordTable.lower(text[start])
      let second = WordTable.lower(text[start + 1])
      let match =
        (first == 0x6C && second == 0x6C) || (first == 0x72 && second == 0x65)
        || (first == 0x76 && second == 0x65)
      return match ? stop : nil
    default:
      return nil
    }
  }

  // MARK: Words

  /// Scans a word or number from `start` (the token starts at `tokenStart`), splitting off a
  /// clitic and taking a final abbreviation period. Returns where scanning continues.
  private mutating func scanWord(_ start: Int, _ tokenStart: Int, _ end: Int) -> Int {
    var stop = start
    while stop < end {
      let byte = text[stop]
      if byte < 0x80 {
        if ASCII.isAlnum(byte) {
          stop += 1
          continue
        }
        if stop > start, stop + 1 < end, joins(byte, at: stop, end: end) {
          stop += 1
          continue
        }
        break
      }
      let scalar = DecodedScalar(text, stop, end)
      let kind = CharacterClass.of(scalar.value)
      if kind == .letter {
        stop += scalar.length
        continue
      }
      if kind == .apostrophe, stop > start, ASCII.isLetter(text[stop - 1]),
        stop + scalar.length < end, ASCII.isLetter(text[stop + scalar.length])
      {
        stop += scalar.length
        continue
      }
      break
    }
    let kind: TokenKind = ASCII.isDigit(text[start]) ? .number : .word
    if let clitic = cliticStart(start, stop) {
      emit(tokenStart, clitic, kind)
      emit(clitic, stop, .clitic)
      return stop
    }
    if stop < end, text[stop] == ASCII.period, kind == .word,
      stop + 1 == end || text[stop + 1] != ASCII.period
    {
      if let dotted = dottedEnd(start, stop, end) {
        emit(tokenStart, dotted.end, .abbreviation, dotted.kind)
        return dotted.end
      }
      let value = abbreviations.value(text, start, stop)
      if value != 0, let found = AbbreviationClass(rawValue: value) {
        emit(tokenStart, stop + 1, .abbreviation, found)
        return stop + 1
      }
      if stop - start == 1 {
        emit(tokenStart, stop + 1, .abbreviation, .initial)
        return stop + 1
      }
    }
    emit(tokenStart, stop, kind)
    return stop
  }

  /// Whether an ASCII punctuation byte inside a word keeps the word going.
  private func joins(_ byte: UInt8, at index: Int, end: Int) -> Bool {
    let previous = text[index - 1]
    let next = text[index + 1]
    switch byte {
    case 0x2D, 0x5F:
      return ASCII.isAlnum(next) || next >= 0xC0
    case 0x26:
      return ASCII.isUpper(previous) && ASCII.isUpper(next)
    case 0x2F:
      return ASCII.isAlnum(previous) && ASCII.isAlnum(next)
    case ASCII.period:
      if ASCII.isDigit(previous) && ASCII.isDigit(next) { return true }
      return ASCII.isLetter(previous) && ASCII.isLetter(next) && isDomainSuffix(index + 1, end)
    case 0x2C, 0x3A:
      return ASCII.isDigit(previous) && ASCII.isDigit(next)
    case ASCII.apostrophe:
      return ASCII.isLetter(previous) && ASCII.isLetter(next)
    default:
      return false
    }
  }

  /// Whether a common top-level domain ("com", "org"...) starts at `index` and ends the word.
  private func isDomainSuffix(_ index: Int, _ end: Int) -> Bool {
    var stop = index
    while stop < end, stop - index < 5, ASCII.isLetter(text[stop]) { stop += 1 }
    if stop < end, ASCII.isAlnum(text[stop]) { return false }
    let length = stop - index
    guard length >= 2, length <= 4 else { return false }
    var key: UInt32 = 0
    for offset in index..<stop { key = key << 8 | UInt32(WordTable.lower(text[offset])) }
    switch key {
    case 0x636F6D, 0x6F7267, 0x6E6574, 0x656475, 0x676F76, 0x696E_666F, 0x62697A, 0x696F,
      0x756B, 0x6465:
      // com org net edu gov info biz io uk de
      return true
    case 0x617A, 0x7275, 0x696C, 0x7472, 0x6972, 0x7561, 0x6765, 0x6B7A, 0x6575, 0x6361, 0x6175,
      0x636E, 0x6A70, 0x6672, 0x6573, 0x6E6C, 0x706C, 0x6368, 0x7365, 0x7476, 0x6E65_7773:
      // az ru il tr ir ua ge kz eu ca au cn jp fr es nl pl ch se tv news (news sites:
      // "Caliber.Az"); English words that are also domains (it, in, no, me, us) are left out
      return true
    default:
      return false
    }
  }

  /// Where a final clitic ("'s", "n't", "’ll") of `text[start..<stop]` begins, if it has one.
  private func cliticStart(_ start: Int, _ stop: Int) -> Int? {
    guard stop - start >= 3 else { return nil }
    for apostrophe in [1, 3] {
      for suffix in 1...2 {
        let at = stop - suffix - apostrophe
        if at > start, isApostrophe(at, apostrophe), cliticEnd(at + apostrophe, stop) == stop {
          return at
        }
      }
      let at = stop - 1 - apostrophe
      if at - 1 > start, isApostrophe(at, apostrophe), WordTable.lower(text[stop - 1]) == 0x74,
        WordTable.lower(text[at - 1]) == 0x6E
      {
        return at - 1
      }
    }
    return nil
  }

  private func isApostrophe(_ index: Int, _ length: Int) -> Bool {
    if length == 1 { return text[index] == ASCII.apostrophe }
    return text[index] == 0xE2 && text[index + 1] == 0x80 && text[index + 2] == 0x99
  }

  /// A multi-period abbreviation starting at `start` whose first part ends at `stop` (a
  /// period): "U.S.", "e.g.", "Ph.D.", "a.m.". Parts are one or two ASCII letters.
  private func dottedEnd(_ start: Int, _ stop: Int, _ end: Int) -> (
    end: Int, kind: AbbreviationClass
  )? {
    guard stop - start <= 2 else { return nil }
    for index in start..<stop where !ASCII.isLetter(text[index]) { return nil }
    var period = stop
    var parts = 1
    while period + 1 < end, ASCII.isLetter(text[period + 1]) {
      var partEnd = period + 1
      while partEnd < end, partEnd - period <= 3, ASCII.isLetter(text[partEnd]) { partEnd += 1 }
      let length = partEnd - period - 1
      guard length <= 2, partEnd < end, text[partEnd] == ASCII.period else { break }
      if partEnd + 1 < end, text[partEnd + 1] == ASCII.period { break }
      parts += 1
      period = partEnd
    }
    guard parts >= 2 else { return nil }
    let value = abbreviations.value(text, start, period)
    let kind = AbbreviationClass(rawValue: value).flatMap { $0 == .none ? nil : $0 } ?? .dotted
    return (period + 1, kind)
  }
}
