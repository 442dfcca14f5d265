import Pipeline

/// The labels a document's names have, by voting key (``LabelVote/key(_:)``), for the few
/// texts a document pass asks about: only mentions as long as one of them (or a possessive
/// longer) are keyed, so that a document with one candidate name does not key all its names.
struct DocumentNameLabels {
  private var labels: [String: [String]] = [:]

  /// The labels of `entities`' names whose key is that of one of the byte ranges `wanted`.
  init(_ entities: [Entity], text: UnsafeBufferPointer<UInt8>, wanted: [Range<Int>]) {
    let keys = Set(wanted.map { Self.key($0, text) })
    // A trailing "'s" (2 bytes) or "’s" (4 bytes) is not part of a key.
    let lengths = Set(wanted.flatMap { [$0.count, $0.count + 2, $0.count + 4] })
    for entity in entities
    where lengths.contains(entity.end - entity.start) && Self.isName(entity.label) {
      let key = Self.key(entity.start..<entity.end, text)
      if keys.contains(key) { labels[key, default: []].append(entity.label) }
    }
  }

  /// The label most of the document's mentions of the text `range` (one of `wanted`) have,
  /// `nil` when it names it nowhere.
  func label(_ range: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> String? {
    CoordinatedNames.label(labels[Self.key(range, text)])
  }

  /// Whether `label` is a name's (``LabelVote/labels``), by comparing small strings rather
  /// than hashing them: the passes ask it of every entity.
  static func isName(_ label: String) -> Bool {
    label == "PERSON" || label == "ORG" || label == "LOC" || label == "MISC"
  }

  static func key(_ range: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> String {
    LabelVote.key(ArraySlice(text[range]))
  }
}
