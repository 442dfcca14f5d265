/// Feature templates of the part-of-speech tagger (greedy, left to right): the word, its
/// affixes and shape, two words of context each side, the tags each word was seen with in
/// training (``TagDictionary``), whether the sentence is in title case (headlines, web page
/// titles: there a capital says little), how a capitalised word is written in unlabeled text
/// (``CaseProfile``), and the two previous tags.
package enum POSFeatures {
  /// Static features per token (those that do not depend on earlier tags).
  package static let staticCount = 21
  /// Features that depend on the previous tags.
  static let dynamicCount = 5

  /// The static features of every token, `staticCount` per token.
  package static func extract(_ words: [WordInfo], _ dictionary: TagDictionary) -> [UInt32] {
    extract(words, dictionary.entries(words))
  }

  /// The static features of every token, from the words' tag dictionary entries.
  static func extract(_ words: [WordInfo], _ entries: [TagWordTable.Entry]) -> [UInt32] {
    let count = words.count
    let before2 = WordInfo.padding(-2)
    let before1 = WordInfo.padding(-1)
    let after1 = WordInfo.padding(1)
    let after2 = WordInfo.padding(2)
    let title = titleCase(words) ? UInt64(0x80) : 0
    return [UInt32](unsafeUninitializedCapacity: count * staticCount) { buffer, initialized in
      initialized = 0
      guard let out = buffer.baseAddress else { return }
      for index in 0..<count {
        let word = words[index]
        let p1 = index >= 1 ? words[index - 1] : before1
        let p2 = index >= 2 ? words[index - 2] : (index == 1 ? before1 : before2)
        let n1 = index + 1 < count ? words[index + 1] : after1
        let n2 = index + 2 < count ? words[index + 2] : (index + 1 < count ? after1 : after2)
        let ambiguity = entries[index].ambiguity
        let before = index >= 1 ? entries[index - 1].ambiguity : before1.lower
        let after = index + 1 < count ? entries[index + 1].ambiguity : after1.lower
        let casing = word.shape & 1 != 0 ? entries[index].casing : 0
        let keys = out + index * staticCount
        keys[0] = FeatureKey.make(1, 0)
        keys[1] = FeatureKey.make(2, word.lower)
        keys[2] = FeatureKey.make(3, word.suffix3)
        keys[3] = FeatureKey.make(4, word.prefix1)
        keys[4] = FeatureKey.make(5, word.shape)
        keys[5] = FeatureKey.make(6, p1.lower)
        keys[6] = FeatureKey.make(7, p1.suffix3)
        keys[7] = FeatureKey.make(8, p2.lower)
        keys[8] = FeatureKey.make(9, n1.lower)
        keys[9] = FeatureKey.make(10, n1.suffix3)
        keys[10] = FeatureKey.make(11, n2.lower)
        keys[11] = FeatureKey.make(12, word.suffix2)
        keys[12] = FeatureKey.make(13, p1.lower, word.lower)
        keys[13] = FeatureKey.make(14, word.lower, n1.lower)
        keys[14] = FeatureKey.make(15, ambiguity)
        keys[15] = FeatureKey.make(16, ambiguity, word.shape & 0x23)
        keys[16] = FeatureKey.make(17, before, ambiguity)
        keys[17] = FeatureKey.make(18, ambiguity, after)
        keys[18] = FeatureKey.make(19, ambiguity, word.shape & 0x23 | title)
        keys[19] = FeatureKey.make(25, casing, word.shape & 0x23 | title)
        keys[20] = FeatureKey.make(26, casing, ambiguity)
      }
      initialized = count * staticCount
    }
  }

  /// Whether at least three quarters of the sentence's words with letters (three or more)
  /// start with a capital.
  static func titleCase(_ words: [WordInfo]) -> Bool {
    var letters = 0
    var capitals = 0
    for word in words where word.shape & 16 == 0 {
      letters += 1
      if word.shape & 1 != 0 { capitals += 1 }
    }
    return letters >= 3 && capitals * 4 >= letters * 3
  }

  /// The features that depend on the two previous tags.
  @inline(__always)
  package static func dynamic(_ words: [WordInfo], _ index: Int, _ prev: Int, _ prev2: Int)
    -> (UInt32, UInt32, UInt32, UInt32, UInt32)
  {
    let t1 = UInt64(prev)
    let t2 = UInt64(prev2)
    let next = index + 1 < words.count ? words[index + 1].lower : WordInfo.padding(1).lower
    return (
      FeatureKey.make(20, t1), FeatureKey.make(21, t2), FeatureKey.make(22, t1, t2),
      FeatureKey.make(23, t1, words[index].lower), FeatureKey.make(24, t1, next)
    )
  }
}

extension POSFeatures {
  /// The last two of ``dynamic(_:_:_:_:)`` (the previous tag with the word and with the next
  /// word): those the rows of ``POSTransitions`` do not hold.
  @inline(__always)
  static func wordKeys(_ words: [WordInfo], _ index: Int, _ prev: Int) -> (UInt32, UInt32) {
    let t1 = UInt64(prev)
    let next = index + 1 < words.count ? words[index + 1].lower : WordInfo.padding(1).lower
    return (FeatureKey.make(23, t1, words[index].lower), FeatureKey.make(24, t1, next))
  }
}

/// Feature templates of the chunker: words and part-of-speech tags in a window of two each
/// side, their bigrams and trigrams, the neighbouring words alone, and the previous chunk
/// tags.
package enum ChunkFeatures {
  package static let staticCount = 20
  static let dynamicCount = 5

  /// The static features of every token, from its words and part-of-speech tag indices.
  package static func extract(_ words: [WordInfo], _ pos: [Int]) -> [UInt32] {
    let count = words.count
    let before = WordInfo.padding(-1).lower
    let after = WordInfo.padding(1).lower
    func tag(_ index: Int) -> UInt64 {
      index < 0
        ? 1000 + UInt64(-index)
        : (index >= count ? 2000 + UInt64(index - count) : UInt64(pos[index]))
    }
    func word(_ index: Int) -> UInt64 {
      index < 0 ? before : (index >= count ? after : words[index].lower)
    }
    return [UInt32](unsafeUninitializedCapacity: count * staticCount) { buffer, initialized in
      initialized = 0
      guard let out = buffer.baseAddress else { return }
      for index in 0..<count {
        let p = tag(index)
        let p1 = tag(index - 1)
        let p2 = tag(index - 2)
        let n1 = tag(index + 1)
        let n2 = tag(index + 2)
        let w = words[index].lower
        let w1 = word(index - 1)
        let n = word(index + 1)
        let keys = out + index * staticCount
        keys[0] = FeatureKey.make(1, 0)
        keys[1] = FeatureKey.make(2, w)
        keys[2] = FeatureKey.make(3, p)
        keys[3] = FeatureKey.make(4, p1)
        keys[4] = FeatureKey.make(5, p2)
        keys[5] = FeatureKey.make(6, n1)
        keys[6] = FeatureKey.make(7, n2)
        keys[7] = FeatureKey.make(8, p1, p)
        keys[8] = FeatureKey.make(9, p, n1)
        keys[9] = FeatureKey.make(10, p1, p, n1)
        keys[10] = FeatureKey.make(11, p2, p1, p)
        keys[11] = FeatureKey.make(12, p, n1, n2)
        keys[12] = FeatureKey.make(13, w1, p)
        keys[13] = FeatureKey.make(14, n, p)
        keys[14] = FeatureKey.make(15, w, p)
        keys[15] = FeatureKey.make(16, w1)
        keys[16] = FeatureKey.make(17, n)
        keys[17] = FeatureKey.make(24, w1, w)
        keys[18] = FeatureKey.make(25, w, n)
        keys[19] = FeatureKey.make(26, words[index].suffix3, p)
      }
      initialized = count * staticCount
    }
  }

  @inline(__always)
  package static func dynamic(
    _ words: [WordInfo], _ pos: [Int], _ index: Int, _ prev: Int, _ prev2: Int
  )
    -> (UInt32, UInt32, UInt32, UInt32, UInt32)
  {
    let t1 = UInt64(prev)
    let next = index + 1 < pos.count ? UInt64(pos[index + 1]) : 2000
    return (
      FeatureKey.make(20, t1), FeatureKey.make(21, t1, UInt64(pos[index])),
      FeatureKey.make(22, t1, UInt64(prev2)), FeatureKey.make(23, t1, words[index].lower),
      FeatureKey.make(27, t1, UInt64(pos[index]), next)
    )
  }
}

extension ChunkFeatures {
  /// The last two of ``dynamic(_:_:_:_:_:)`` (the previous tag with the word, with the POS
  /// tag and the next one): those the dense rows of ``ChunkTransitions`` do not hold.
  @inline(__always)
  static func wordKeys(_ words: [WordInfo], _ pos: [Int], _ index: Int, _ prev: Int)
    -> (UInt32, UInt32)
  {
    let t1 = UInt64(prev)
    let next = index + 1 < pos.count ? UInt64(pos[index + 1]) : 2000
    return (
      FeatureKey.make(23, t1, words[index].lower), FeatureKey.make(27, t1, UInt64(pos[index]), next)
    )
  }
}

/// Feature templates of the Universal POS classifier: the Penn tag with its word and the
/// neighbouring tags and words.
package enum UPOSFeatures {
  static let count = 10

  /// The features of token `index`, given the sentence's Penn tag indices.
  package static func extract(
    _ words: [WordInfo], _ pos: [Int], _ index: Int, into keys: inout [UInt32]
  ) {
    keys.removeAll(keepingCapacity: true)
    keys.append(contentsOf: repeatElement(0, count: count))
    keys.withUnsafeMutableBufferPointer { keys in
      guard let out = keys.baseAddress else { return }
      extract(words, pos, index, to: out)
    }
  }

  /// The ``count`` features of token `index`, written to `keys`.
  @inline(__always)
  static func extract(
    _ words: [WordInfo], _ pos: [Int], _ index: Int, to keys: UnsafeMutablePointer<UInt32>
  ) {
    let count = words.count
    func tag(_ at: Int) -> UInt64 {
      at < 0 ? 1000 + UInt64(-at) : (at >= count ? 2000 + UInt64(at - count) : UInt64(pos[at]))
    }
    func word(_ at: Int) -> UInt64 {
      at < 0 || at >= count ? WordInfo.padding(at < 0 ? -1 : 1).lower : words[at].lower
    }
    let x = tag(index)
    let w = words[index].lower
    keys[0] = FeatureKey.make(1, x)
    keys[1] = FeatureKey.make(2, w, x)
    keys[2] = FeatureKey.make(3, x, tag(index + 1))
    keys[3] = FeatureKey.make(4, tag(index - 1), x)
    keys[4] = FeatureKey.make(5, w, tag(index + 1))
    keys[5] = FeatureKey.make(6, w, word(index + 1))
    keys[6] = FeatureKey.make(7, word(index - 1), w)
    keys[7] = FeatureKey.make(8, x, word(index + 1))
    keys[8] = FeatureKey.make(9, x, tag(index + 1), tag(index + 2))
    keys[9] = FeatureKey.make(10, w, tag(index - 1))
  }
}
