/// The tags a word was seen with in training: its "ambiguity class" (the set of Penn tags
/// with at least a tenth of its occurrences), by the hash of its normalised lower-case
/// form. A POS feature that carries over to capitalised or unseen-in-context uses of a word.
struct TagDictionary: Sendable, Equatable {
  /// Word hash (``WordInfo/lower``) -> class hash.
  let classes: [UInt64: UInt64]

  /// The class of words the dictionary does not know.
  static let unknown: UInt64 = 0x554E_4B4E_4F57_4E00

  /// Builds the dictionary from tagged sentences: words seen at least `minCount` times.
  static func build(_ sentences: [[(word: UInt64, tag: Int)]], minCount: Int = 2) -> TagDictionary {
    var counts: [UInt64: [Int: Int]] = [:]
    for sentence in sentences {
      for token in sentence { counts[token.word, default: [:]][token.tag, default: 0] += 1 }
    }
    var classes: [UInt64: UInt64] = [:]
    for (word, tags) in counts {
      let total = tags.values.reduce(0, +)
      guard total >= minCount else { continue }
      var hash: UInt64 = 0x4143_4C41_5353
      for tag in tags.keys.sorted() where tags[tag, default: 0] * 10 >= total {
        hash = FeatureHash.mix(hash ^ UInt64(tag + 1))
      }
      classes[word] = hash
    }
    return TagDictionary(classes: classes)
  }

  @inline(__always)
  func ambiguity(_ word: UInt64) -> UInt64 { classes[word] ?? Self.unknown }
}
