/// A line of plain text: its byte range in the text and its whitespace-normalised bytes.
struct TextLine: Sendable {
  /// Byte range of the line's visible text (trimmed) in the original text.
  var start: Int
  var end: Int
  /// The line with whitespace runs (and `&nbsp;` characters) collapsed to one space.
  var text: [UInt8]
  /// Whether one or more blank lines come before it.
  var afterBlank: Bool
  /// Leading spaces or tabs (indentation hints at a promo or a nested list).
  var indent: Int
}

/// Splits plain text into non-empty lines.
enum PlainTextBlocks {
  static func lines(_ text: String) -> [TextLine] {
    var result: [TextLine] = []
    var blank = false
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
      var end = index
      while end < bytes.count, bytes[end] != 0x0A { end += 1 }
      var first = index
      var indent = 0
      while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == 0x0D {
        indent += 1
        first += 1
      }
      var last = end
      while last > first, Self.isSpace(bytes, last - 1) { last -= Self.spaceWidth(bytes, last - 1) }
      if last > first {
        result.append(
          TextLine(
            start: first, end: last, text: Self.collapse(bytes[first..<last]),
            afterBlank: blank || result.isEmpty, indent: indent))
        blank = false
      } else {
        blank = true
      }
      index = end + 1
    }
    return result
  }

  /// Whether the byte at `index` ends a space character (ASCII space or tab, CR, or U+00A0).
  private static func isSpace(_ bytes: [UInt8], _ index: Int) -> Bool {
    let byte = bytes[index]
    if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C { return true }
    return byte == 0xA0 && index > 0 && bytes[index - 1] == 0xC2
  }

  private static func spaceWidth(_ bytes: [UInt8], _ index: Int) -> Int {
    bytes[index] == 0xA0 ? 2 : 1
  }

  private static func collapse(_ slice: ArraySlice<UInt8>) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(slice.count)
    var space = false
    var index = slice.startIndex
    while index < slice.endIndex {
      let byte = slice[index]
      if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C {
        space = true
        index += 1
        continue
      }
      if byte == 0xC2, index + 1 < slice.endIndex, slice[index + 1] == 0xA0 {
        space = true
        index += 2
        continue
      }
      if space, !result.isEmpty { result.append(0x20) }
      space = false
      result.append(byte)
      index += 1
    }
    return result
  }
}
