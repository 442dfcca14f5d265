/// Splits plain text into its non-empty lines: the blocks (kind `line`) of a ``ParsedPage``,
/// each line trimmed and its whitespace runs (and no-break spaces) collapsed to one space,
/// with the line's byte range in the text as its source range when the text is the source.
/// A line after one or more blank lines is written after a blank line, any other after one
/// newline.
enum PlainTextBlocks {
  static func page(_ text: String, mapsToSource: Bool) -> ParsedPage {
    var page = ParsedPage()
    var text = text
    text.withUTF8 { bytes in
      page.text.reserveCapacity(bytes.count)
      var blank = false
      var index = 0
      while index < bytes.count {
        var end = index
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        var first = index
        while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == 0x0D {
          first += 1
        }
        var last = end
        while last > first, let width = Self.spaceWidth(bytes, last - 1) { last -= width }
        if last > first {
          let textStart = page.text.count
          Self.appendCollapsed(bytes[first..<last], to: &page.text)
          page.blocks.append(
            PageBlock(
              textStart: textStart, textEnd: page.text.count,
              sourceStart: mapsToSource ? first : nil, sourceEnd: mapsToSource ? last : nil,
              kind: "line", flags: [], container: 0, linkBytes: 0,
              newlines: blank || page.blocks.isEmpty ? 2 : 1))
          blank = false
        } else {
          blank = true
        }
        index = end + 1
      }
    }
    return page
  }

  /// The width of the space character ending at `index` (ASCII space or tab, CR, form feed:
  /// 1; U+00A0: 2), or nil when it is not one.
  private static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
    let byte = bytes[index]
    if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C { return 1 }
    return byte == 0xA0 && index > 0 && bytes[index - 1] == 0xC2 ? 2 : nil
  }

  /// Appends `slice` with whitespace runs (and no-break spaces) collapsed to one space and
  /// none at the start.
  private static func appendCollapsed(
    _ slice: Slice<UnsafeBufferPointer<UInt8>>, to result: inout [UInt8]
  ) {
    let start = result.count
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
      if space, result.count > start { result.append(0x20) }
      space = false
      result.append(byte)
      index += 1
    }
  }
}
