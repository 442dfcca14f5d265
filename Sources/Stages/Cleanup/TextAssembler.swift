import Pipeline

/// Builds a document's new text from blocks: one block per line, a blank line between blocks
/// except between consecutive list items or table cells of the same kind (one newline).
///
/// Blocks that are not content are recorded (zero-length, at the place they would have been)
/// only when `keepDropped` is set, so `--explain`-style output can show them.
struct TextAssembler {
  private(set) var bytes: [UInt8] = []
  private(set) var blocks: [Block] = []
  private var lastKind: String?
  let keepDropped: Bool

  init(keepDropped: Bool, capacity: Int = 0) {
    self.keepDropped = keepDropped
    bytes.reserveCapacity(capacity)
  }

  private static let tightKinds: Set<String> = ["li", "td", "th", "dt", "dd", "line", "pre"]

  /// Appends a kept block's text.
  mutating func add(
    _ text: some Collection<UInt8>, kind: String, sourceStart: Int?, sourceEnd: Int?,
    score: Double? = nil, reason: String? = nil, newlines: Int? = nil
  ) {
    guard !text.isEmpty else { return }
    if let lastKind {
      if let newlines {
        bytes.append(contentsOf: repeatElement(0x0A, count: newlines))
      } else if lastKind == kind, Self.tightKinds.contains(kind) {
        bytes.append(0x0A)
      } else {
        bytes.append(contentsOf: [0x0A, 0x0A])
      }
    }
    let start = bytes.count
    bytes.append(contentsOf: text)
    blocks.append(
      Block(
        start: start, end: bytes.count, sourceStart: sourceStart, sourceEnd: sourceEnd, kind: kind,
        isContent: true, score: score, reason: reason))
    lastKind = kind
  }

  /// Records a dropped block (only when `keepDropped`).
  mutating func drop(
    kind: String, sourceStart: Int?, sourceEnd: Int?, score: Double?, reason: String?
  ) {
    guard keepDropped else { return }
    blocks.append(
      Block(
        start: bytes.count, end: bytes.count, sourceStart: sourceStart, sourceEnd: sourceEnd,
        kind: kind, isContent: false, score: score, reason: reason))
  }

  /// The text built so far.
  var text: String { String(decoding: bytes, as: UTF8.self) }
}
