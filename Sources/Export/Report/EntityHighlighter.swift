import Pipeline

/// Writes a range of a document's text as HTML with entity mentions marked by label colour
/// (like displaCy), working on UTF-8 byte offsets.
///
/// Entities are drawn in start order; one that overlaps an entity already drawn, lies
/// outside the range, is empty, or does not start and end on a character boundary is left
/// unmarked (its text is still shown), so bad offsets never garble or drop text.
struct EntityHighlighter {
  let document: Document
  let bytes: [UInt8]

  init(_ document: Document) {
    self.document = document
    self.bytes = Array(document.text.utf8)
  }

  /// The entity indices in drawing order: by start, longer first at the same start.
  var drawingOrder: [Int] {
    document.entities.indices.sorted {
      let lhs = document.entities[$0]
      let rhs = document.entities[$1]
      return (lhs.start, rhs.end, $0) < (rhs.start, lhs.end, $1)
    }
  }

  /// Whether an offset is within the text and not inside a multi-byte character.
  func isBoundary(_ offset: Int) -> Bool {
    guard offset >= 0, offset <= bytes.count else { return false }
    return offset == bytes.count || bytes[offset] & 0xC0 != 0x80
  }

  /// Appends `text[lower..<upper]` (clamped to character boundaries) with the given
  /// entities (indices in drawing order) marked. Returns how many of them were drawn.
  @discardableResult
  func render(
    from lower: Int, to upper: Int, entities order: [Int], into html: inout HTMLBuffer
  ) -> Int {
    var start = max(0, min(lower, bytes.count))
    while !isBoundary(start) { start -= 1 }
    var end = max(start, min(upper, bytes.count))
    while !isBoundary(end) { end -= 1 }
    var cursor = start
    var drawn = 0
    bytes.withUnsafeBufferPointer { buffer in
      for index in order {
        let entity = document.entities[index]
        guard entity.start >= cursor, entity.end > entity.start, entity.end <= end,
          isBoundary(entity.start), isBoundary(entity.end)
        else { continue }
        HTMLText.append(
          bytes: UnsafeBufferPointer(rebasing: buffer[cursor..<entity.start]), to: &html.bytes)
        mark(
          entity, text: UnsafeBufferPointer(rebasing: buffer[entity.start..<entity.end]),
          into: &html)
        cursor = entity.end
        drawn += 1
      }
      HTMLText.append(bytes: UnsafeBufferPointer(rebasing: buffer[cursor..<end]), to: &html.bytes)
    }
    return drawn
  }

  private func mark(_ entity: Entity, text: UnsafeBufferPointer<UInt8>, into html: inout HTMLBuffer)
  {
    html.raw("<mark style=\"background:")
    html.text(LabelColors.color(entity.label))
    html.raw("\"")
    if let canonical = entity.canonical {
      html.raw(" title=\"")
      html.text(canonical)
      html.raw("\"")
    }
    html.raw(">")
    HTMLText.append(bytes: text, to: &html.bytes)
    html.raw("<span class=\"lbl\">")
    html.text(entity.label)
    html.raw("</span></mark>")
  }
}
