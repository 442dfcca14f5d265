import Foundation

/// Bounds the attributes of each start tag before libxml2 sees the markup.
///
/// libxml2 2.9 checks every new attribute of an element against all earlier ones, so one
/// element with thousands of attributes takes time quadratic in their number (11 s for a
/// 400 KB tag). Attributes past ``limit`` in one tag are blanked out with spaces, whole
/// (name, `=` and value), which keeps the markup well-formed and every byte offset where it
/// was; the caller reports it as a warning. One linear scan; nothing is copied unless a tag
/// is over the limit.
struct AttributeLimiter: Sendable {
  /// Attributes kept per element.
  var limit = 256

  /// What was blanked: elements over the limit and attributes dropped.
  struct Report: Equatable {
    var elements = 0
    var attributes = 0
  }

  /// The markup with attributes past the limit blanked, or nil when no tag is over it.
  func limited(_ text: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], report: Report)? {
    var blanks: [Range<Int>] = []
    var report = Report()
    var index = 0
    let count = text.count
    while index < count {
      // Jump to the next '<' (memchr: most of a page is text and attribute values).
      guard let open = Self.next(0x3C, in: text, from: index) else { break }
      index = open
      if text[index...].starts(with: Self.commentOpen) {
        index = Self.find(Self.commentClose, in: text, from: index + 4) ?? count
        continue
      }
      guard index + 1 < count, Self.isLetter(text[index + 1]) else {
        index += 1
        continue
      }
      // A start tag: its name, then attributes up to '>'.
      var cursor = index + 1
      while cursor < count, !Self.isSpace(text[cursor]), text[cursor] != 0x3E, text[cursor] != 0x2F
      {
        cursor += 1
      }
      let name = UnsafeBufferPointer(rebasing: text[(index + 1)..<cursor])
      var attributes = 0
      var firstDropped: Int?
      var lastEnd = cursor
      while cursor < count {
        while cursor < count, Self.isSpace(text[cursor]) || text[cursor] == 0x2F { cursor += 1 }
        guard cursor < count, text[cursor] != 0x3E else { break }
        let start = cursor
        while cursor < count, !Self.isSpace(text[cursor]), text[cursor] != 0x3D,
          text[cursor] != 0x3E, text[cursor] != 0x2F
        {
          cursor += 1
        }
        var probe = cursor
        while probe < count, Self.isSpace(text[probe]) { probe += 1 }
        if probe < count, text[probe] == 0x3D {  // =
          cursor = probe + 1
          while cursor < count, Self.isSpace(text[cursor]) { cursor += 1 }
          if cursor < count, text[cursor] == 0x22 || text[cursor] == 0x27 {
            let quote = text[cursor]
            cursor += 1
            while cursor < count, text[cursor] != quote { cursor += 1 }
            cursor = min(count, cursor + 1)
          } else {
            while cursor < count, !Self.isSpace(text[cursor]), text[cursor] != 0x3E { cursor += 1 }
          }
        }
        if cursor == start { cursor += 1 }
        attributes += 1
        if attributes == limit + 1 { firstDropped = start }
        lastEnd = cursor
      }
      if let firstDropped {
        blanks.append(firstDropped..<lastEnd)
        report.elements += 1
        report.attributes += attributes - limit
      }
      index = cursor
      // Raw text: a script or style body is not markup.
      if Self.equalsFolded(name, Self.closeScript.dropFirst(2)) {
        index = Self.find(Self.closeScript, in: text, from: index, caseInsensitive: true) ?? count
      } else if Self.equalsFolded(name, Self.closeStyle.dropFirst(2)) {
        index = Self.find(Self.closeStyle, in: text, from: index, caseInsensitive: true) ?? count
      }
    }
    guard !blanks.isEmpty else { return nil }
    var bytes = Array(text)
    for range in blanks {
      for position in range where bytes[position] != 0x0A { bytes[position] = 0x20 }
    }
    return (bytes, report)
  }

  /// The warning for a page whose attributes were bounded.
  func warning(_ report: Report) -> String {
    "\(report.elements) element(s) with more than \(limit) attributes: \(report.attributes) "
      + "attributes past the \(limit)th were ignored"
  }

  private static let commentOpen = Array("<!--".utf8)
  private static let commentClose = Array("-->".utf8)
  private static let closeScript = Array("</script".utf8)
  private static let closeStyle = Array("</style".utf8)

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
  }

  /// Whether `bytes`, lower-cased (ASCII), are `lower`.
  private static func equalsFolded(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: ArraySlice<UInt8>)
    -> Bool
  {
    guard bytes.count == lower.count else { return false }
    for (byte, expected) in zip(bytes, lower) {
      let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
      if folded != expected { return false }
    }
    return true
  }

  /// The index of the next `byte` at or after `start`, or nil.
  private static func next(_ byte: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int?
  {
    guard start < text.count, let base = text.baseAddress,
      let found = memchr(base + start, Int32(byte), text.count - start)
    else { return nil }
    return UnsafeRawPointer(found) - UnsafeRawPointer(base)
  }

  /// Where `needle` ends after `start` (the index past it), or nil.
  private static func find(
    _ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, from start: Int,
    caseInsensitive: Bool = false
  ) -> Int? {
    guard !needle.isEmpty, needle.count <= text.count else { return nil }
    // The first byte ('<' or '-') is not a letter: found with memchr, the rest compared.
    var index = start
    while index + needle.count <= text.count {
      guard let found = next(needle[0], in: text, from: index) else { return nil }
      index = found
      guard index + needle.count <= text.count else { return nil }
      var matched = true
      for offset in 1..<needle.count {
        let byte = text[index + offset]
        let folded = caseInsensitive && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        if folded != needle[offset] {
          matched = false
          break
        }
      }
      if matched { return index + needle.count }
      index += 1
    }
    return nil
  }
}
