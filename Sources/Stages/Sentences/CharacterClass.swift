/// Byte and code point classes for the tokenizer (English text, UTF-8).
enum CharacterClass: UInt8 {
  case letter
  case space
  case newline
  case openQuote
  case closeQuote
  /// U+2019: an apostrophe inside a word, a closing quote elsewhere.
  case apostrophe
  case ellipsis
  case dash
  case bullet
  case terminal
  case openBracket
  case closeBracket
  case symbol

  /// The class of a non-ASCII code point.
  static func of(_ scalar: UInt32) -> CharacterClass {
    switch scalar {
    case 0x85, 0x2028, 0x2029: return .newline
    case 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return .space
    case 0x201C, 0x2018, 0xAB, 0x201E, 0x201A, 0x2039: return .openQuote
    case 0x201D, 0xBB, 0x203A: return .closeQuote
    case 0x2019: return .apostrophe
    case 0x2026: return .ellipsis
    case 0x2010...0x2015, 0x2212: return .dash
    case 0x2022, 0x2023, 0x2043, 0x25E6, 0x25AA, 0x25AB, 0x25CF, 0x25CB, 0x25A0, 0x25A1, 0x25B8,
      0x25BA, 0x2219, 0xB7, 0x27A2, 0x2713, 0x2714:
      return .bullet
    case 0x3002, 0xFF01, 0xFF1F, 0x203C, 0x2047...0x2049, 0xFF61: return .terminal
    case 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0xFF08, 0xFF3B: return .openBracket
    case 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0xFF09, 0xFF3D: return .closeBracket
    case 0xA1, 0xBF, 0xA7, 0xB6, 0xA9, 0xAE, 0x2122, 0x20AC, 0xA3, 0xA5, 0xA2, 0x2030, 0xD7, 0xF7,
      0x2020, 0x2021, 0x3001, 0xFF0C, 0xFF1A, 0xFF1B:
      return .symbol
    default: return .letter
    }
  }
}

/// ASCII byte tests.
enum ASCII {
  static let space: UInt8 = 0x20
  static let newline: UInt8 = 0x0A
  static let period: UInt8 = 0x2E
  static let apostrophe: UInt8 = 0x27
  static let quote: UInt8 = 0x22

  @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }
  @inline(__always) static func isUpper(_ byte: UInt8) -> Bool { byte &- 65 < 26 }
  @inline(__always) static func isLower(_ byte: UInt8) -> Bool { byte &- 97 < 26 }
  @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 97 < 26 }
  @inline(__always) static func isAlnum(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
  /// Space, tab, CR, vertical tab, form feed, newline and the C0 separators Python treats as
  /// whitespace.
  @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte &- 9 < 5) || (byte &- 0x1C < 4)
  }
}

/// A decoded UTF-8 code point and its length in bytes.
struct DecodedScalar {
  var value: UInt32
  var length: Int

  /// Decodes the code point at `index` (at least one byte; invalid bytes decode as U+FFFD).
  @inline(__always)
  init(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int) {
    let lead = UInt32(text[index])
    if lead < 0x80 {
      self.init(value: lead, length: 1)
      return
    }
    var need: Int
    var value: UInt32
    if lead & 0xE0 == 0xC0 {
      need = 1
      value = lead & 0x1F
    } else if lead & 0xF0 == 0xE0 {
      need = 2
      value = lead & 0x0F
    } else if lead & 0xF8 == 0xF0 {
      need = 3
      value = lead & 0x07
    } else {
      self.init(value: 0xFFFD, length: 1)
      return
    }
    guard index + need < end else {
      self.init(value: 0xFFFD, length: 1)
      return
    }
    var offset = 1
    while offset <= need {
      let byte = UInt32(text[index + offset])
      guard byte & 0xC0 == 0x80 else {
        self.init(value: 0xFFFD, length: offset)
        return
      }
      value = value << 6 | (byte & 0x3F)
      offset += 1
    }
    self.init(value: value, length: need + 1)
  }

  init(value: UInt32, length: Int) {
    self.value = value
    self.length = length
  }
}
