/// The tags a word was seen with in training: its "ambiguity class" (the set of Penn tags
/// with at least a tenth of its occurrences), by the hash of its normalised lower-case
/// form. A POS feature that carries over to capitalised or unseen-in-context uses of a word.
///
/// Frequent words that always had the same tag (`the`, `,`, `of`...) are *fixed*: the tagger
/// gives them that tag without scoring (118 words, about a fifth of running text; faster,
/// and the perceptron agrees on them anyway).
package struct TagDictionary: Sendable, Equatable {
  /// Word hash (``WordInfo/lower``) -> class hash.
  let classes: [UInt64: UInt64]
  /// Word hash -> the only tag index it was seen with.
  let fixed: [UInt64: Int]
  /// Word hash -> how the word is written in unlabeled text (``CaseProfile``): a signal for
  /// capitalised words (a proper name, or a common word in a title or at a sentence start).
  let casing: [UInt64: UInt64]
  /// The three tables merged for tagging (``TagWordTable``): one probe of the word's slot
  /// instead of a Swift dictionary lookup per question.
  private let table: TagWordTable

  package init(classes: [UInt64: UInt64], fixed: [UInt64: Int], casing: [UInt64: UInt64] = [:]) {
    self.classes = classes
    self.fixed = fixed
    self.casing = casing
    self.table = TagWordTable(classes: classes, fixed: fixed, casing: casing, unknown: Self.unknown)
  }

  package static func == (lhs: TagDictionary, rhs: TagDictionary) -> Bool {
    lhs.classes == rhs.classes && lhs.fixed == rhs.fixed && lhs.casing == rhs.casing
  }

  /// The class of words the dictionary does not know.
  static let unknown: UInt64 = 0x554E_4B4E_4F57_4E00

  /// Builds the dictionary from tagged sentences: classes for words seen at least `minCount`
  /// times; fixed tags for words seen at least `fixedCount` times, always with one tag
  /// (`fixedCount` 0: none).
  package static func build(
    _ sentences: [[(word: UInt64, tag: Int)]], minCount: Int = 2, fixedCount: Int = 0
  ) -> TagDictionary {
    var counts: [UInt64: [Int: Int]] = [:]
    for sentence in sentences {
      for token in sentence { counts[token.word, default: [:]][token.tag, default: 0] += 1 }
    }
    var classes: [UInt64: UInt64] = [:]
    var fixed: [UInt64: Int] = [:]
    for (word, tags) in counts {
      let total = tags.values.reduce(0, +)
      guard total >= minCount else { continue }
      var hash: UInt64 = 0x4143_4C41_5353
      for tag in tags.keys.sorted() where tags[tag, default: 0] * 10 >= total {
        hash = FeatureHash.mix(hash ^ UInt64(tag + 1))
      }
      classes[word] = hash
      if fixedCount > 0, total >= fixedCount, tags.count == 1, let tag = tags.keys.first {
        fixed[word] = tag
      }
    }
    return TagDictionary(classes: classes, fixed: fixed)
  }

  /// Every word's entry (ambiguity class, fixed tag, casing class): one probe per word, for
  /// a sentence's tagging.
  func entries(_ words: [WordInfo]) -> [TagWordTable.Entry] { words.map { table.find($0.lower) } }

  @inline(__always)
  func ambiguity(_ word: UInt64) -> UInt64 { table.find(word).ambiguity }

  /// The unlabeled-text casing class of a word (0: not seen there).
  @inline(__always)
  func casingClass(_ word: UInt64) -> UInt64 { table.find(word).casing }

  /// The same dictionary with another casing table.
  package func with(casing: [UInt64: UInt64]) -> TagDictionary {
    TagDictionary(classes: classes, fixed: fixed, casing: casing)
  }

  /// The fixed tag of a word, or -1.
  @inline(__always)
  func fixedTag(_ word: UInt64) -> Int { table.find(word).fixed }
}
