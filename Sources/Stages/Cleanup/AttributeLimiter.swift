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
      guard text[index] == 0x3C else {  // <
        index += 1
        continue
      }
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
      let name = Self.lowercased(text[(index + 1)..<cursor])
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
      if name == Self.script || name == Self.style {
        let close = Array("</".utf8) + name
        index = Self.find(close, in: text, from: index, caseInsensitive: true) ?? count
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
  private static let script = Array("script".utf8)
  private static let style = Array("style".utf8)

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
  }

  private static func lowercased(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
    bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
  }

  /// Where `needle` ends after `start` (the index past it), or nil.
  private static func find(
    _ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, from start: Int,
    caseInsensitive: Bool = false
  ) -> Int? {
    guard !needle.isEmpty, needle.count <= text.count else { return nil }
    var index = start
    while index + needle.count <= text.count {
      var matched = true
      for offset in 0..<needle.count {
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
