import Pipeline

/// A sentence's tokens as ``PatternMatcher`` reads them: bytes, lengths, word classes and
/// numbers by token index, 0 or `nil` past the slice.
struct PatternTokenView {
  let text: UnsafeBufferPointer<UInt8>
  let tokens: ArraySlice<Token>
  let words: [UInt64: PatternMatcher.WordClass]

  var count: Int { tokens.count }

  func token(_ index: Int) -> Token { tokens[tokens.startIndex + index] }

  /// The byte at `offset` in token `index`; 0 past the token or past the slice.
  func byte(_ index: Int, _ offset: Int) -> UInt8 {
    guard index >= 0, index < count, offset >= 0 else { return 0 }
    let token = token(index)
    return token.start + offset < token.end ? text[token.start + offset] : 0
  }

  /// The token's length in bytes; 0 past the slice.
  func length(_ index: Int) -> Int {
    guard index >= 0, index < count else { return 0 }
    let token = token(index)
    return token.end - token.start
  }

  func wordClass(_ index: Int) -> PatternMatcher.WordClass? {
    guard index >= 0, index < count else { return nil }
    let token = token(index)
    var hash = FeatureHash.seed
    for offset in token.start..<token.end {
      hash = FeatureHash.step(hash, Gazetteer.lowercase(text[offset]))
    }
    return words[hash]
  }

  func isCapitalised(_ index: Int) -> Bool {
    let first = byte(index, 0)
    return first >= 0x41 && first <= 0x5A
  }

  /// Digits with `,` and `.` inside, e.g. "1,200.5"; the value when it is a plain integer.
  func number(_ index: Int) -> (isNumber: Bool, value: Int?) {
    guard index < count else { return (false, nil) }
    let token = token(index)
    var digits = 0
    var plain = true
    var value = 0
    for offset in token.start..<token.end {
      let byte = text[offset]
      if byte >= 0x30 && byte <= 0x39 {
        digits += 1
        if digits <= 9 { value = value * 10 + Int(byte - 0x30) }
      } else if (byte == 0x2C || byte == 0x2E) && offset > token.start && offset + 1 < token.end {
        plain = false
      } else {
        return (false, nil)
      }
    }
    guard digits > 0 else { return (false, nil) }
    return (true, plain && digits <= 9 ? value : nil)
  }

  /// Whether every byte is a digit or one of the given punctuation bytes, with a digit first
  /// and last, and the punctuation present.
  func digits(_ index: Int, with marks: [UInt8], suffix: Int = 0) -> Bool {
    guard index < count else { return false }
    let token = token(index)
    let end = token.end - suffix
    guard end - token.start >= 3 else { return false }
    var sawMark = false
    for offset in token.start..<end {
      let byte = text[offset]
      if byte >= 0x30 && byte <= 0x39 { continue }
      if marks.contains(byte) && offset > token.start && offset + 1 < end {
        sawMark = true
        continue
      }
      return false
    }
    return sawMark || marks.isEmpty
  }

  /// A currency symbol at the token's start: its length in bytes ($, US$, €, £, ¥, ₪).
  func currencyPrefix(_ index: Int) -> Int {
    guard index < count else { return 0 }
    let b0 = byte(index, 0)
    let b1 = byte(index, 1)
    let b2 = byte(index, 2)
    if b0 == 0x24 { return 1 }
    if b0 == 0x55 && b1 == 0x53 && b2 == 0x24 { return 3 }
    if b0 == 0xC2 && (b1 == 0xA3 || b1 == 0xA5) { return 2 }
    if b0 == 0xE2 && b1 == 0x82 && (b2 == 0xAC || b2 == 0xAA) { return 3 }
    return 0
  }

  func isNumberAfter(_ index: Int, skip: Int) -> Bool {
    guard index < count else { return false }
    let token = token(index)
    guard token.end - token.start > skip else { return false }
    for offset in (token.start + skip)..<token.end {
      let byte = text[offset]
      if !(byte >= 0x30 && byte <= 0x39) && byte != 0x2C && byte != 0x2E { return false }
    }
    let first = text[token.start + skip]
    return first >= 0x30 && first <= 0x39
  }
}
