/// Greedy left-to-right part-of-speech decoding shared by training and tagging: each token
/// gets the best tag given the tags already chosen before it (chunks: ``ChunkDecoding``).
package enum GreedyDecoding {
  /// Scores every part-of-speech tag for token `index`.
  @inline(__always)
  package static func scorePOS<W: FeatureScorer>(
    _ weights: W, _ words: [WordInfo], _ keys: [UInt32], _ index: Int, _ prev: Int, _ prev2: Int,
    into scores: UnsafeMutablePointer<Float>
  ) {
    for tag in 0..<weights.tagCount { scores[tag] = 0 }
    let base = index * POSFeatures.staticCount
    for slot in 0..<POSFeatures.staticCount { weights.accumulate(keys[base + slot], into: scores) }
    weights.accumulate(POSFeatures.dynamic(words, index, prev, prev2), into: scores)
  }

  /// The index of the highest score among `count` (the first on ties).
  @inline(__always)
  package static func best(_ scores: UnsafeMutablePointer<Float>, count: Int) -> Int {
    var bestTag = 0
    for tag in 1..<count where scores[tag] > scores[bestTag] { bestTag = tag }
    return bestTag
  }

  /// Part-of-speech tag indices of a sentence (fixed words by the dictionary, the rest scored).
  package static func tagPOS(
    _ weights: SparseWeights, _ dictionary: TagDictionary, _ words: [WordInfo]
  ) -> [Int] {
    tagPOS(weights, entries: dictionary.entries(words), words)
  }

  /// ``tagPOS(_:_:_:)`` given the words' tag dictionary entries; with `transitions` (the
  /// same weights' tag-only features as rows), the same tags with fewer lookups.
  static func tagPOS(
    _ weights: SparseWeights, entries: [TagWordTable.Entry], _ words: [WordInfo],
    transitions: POSTransitions? = nil
  ) -> [Int] {
    guard let transitions else {
      return decodePOS(weights, entries, words) { index, prev, prev2, scores in
        weights.accumulate(POSFeatures.dynamic(words, index, prev, prev2), into: scores)
      }
    }
    return transitions.withRows { dense in
      decodePOS(weights, entries, words) { index, prev, prev2, scores in
        dense.add(prev, prev2, into: scores)
        let keys = POSFeatures.wordKeys(words, index, prev)
        weights.accumulate(keys.0, into: scores)
        weights.accumulate(keys.1, into: scores)
      }
    }
  }

  /// The decoding of ``tagPOS(_:entries:_:transitions:)``: `dynamic(index, prev, prev2,
  /// scores)` adds the dynamic features' weights of token `index` after the tags `prev2 prev`.
  @inline(__always)
  private static func decodePOS(
    _ weights: SparseWeights, _ entries: [TagWordTable.Entry], _ words: [WordInfo],
    dynamic: (Int, Int, Int, UnsafeMutablePointer<Float>) -> Void
  ) -> [Int] {
    let keys = POSFeatures.extract(words, entries)
    var tags = entries.map(\.fixed)
    let tagCount = weights.tagCount
    withUnsafeTemporaryAllocation(of: Float.self, capacity: words.count * tagCount) { buffer in
      guard let rows = buffer.baseAddress else { return }
      weights.scoreRows(
        keys, perToken: POSFeatures.staticCount, count: words.count, into: rows,
        include: { tags[$0] < 0 })
      var prev = tagCount
      var prev2 = tagCount + 1
      for index in words.indices {
        var tag = tags[index]
        if tag < 0 {
          let scores = rows + index * tagCount
          dynamic(index, prev, prev2, scores)
          tag = best(scores, count: tagCount)
          tags[index] = tag
        }
        prev2 = prev
        prev = tag
      }
    }
    return tags
  }
}

/// IOB2 chunk tags (`O`, `B-NP`, `I-NP`...) and which may follow which: `I-X` only continues
/// `B-X` or `I-X`.
package struct ChunkScheme: Sendable, Equatable {
  package let tags: [String]
  /// Which tag may follow which, as scores to add: `bias[prev * tags.count + tag]` is 0 where
  /// `tag` may follow `prev`, `-infinity` where not (`prev == tags.count`: the sentence start).
  private let bias: [Float]

  package init(tags: [String]) {
    self.tags = tags
    var allowed = [Bool](repeating: true, count: (tags.count + 2) * tags.count)
    for (tag, name) in tags.enumerated() where name.hasPrefix("I-") {
      let type = name.dropFirst(2)
      for prev in 0..<(tags.count + 2) {
        let previous = prev < tags.count ? tags[prev] : "O"
        allowed[prev * tags.count + tag] =
          previous == "B-\(type)" || previous == "I-\(type)"
      }
    }
    self.bias = allowed.map { $0 ? 0 : -.infinity }
  }

  /// The previous-tag value used at the start of a sentence.
  package var start: Int { tags.count }

  @inline(__always)
  func allows(_ tag: Int, after prev: Int) -> Bool { bias[prev * tags.count + tag] == 0 }

  /// Runs `body` with ``allows(_:after:)`` as scores to add (row `prev`, column `tag`): 0
  /// where allowed, `-infinity` where not.
  @inline(__always)
  func withBias<Result>(_ body: (UnsafeBufferPointer<Float>) -> Result) -> Result {
    bias.withUnsafeBufferPointer(body)
  }

  /// Chunk spans `(first, end, type)` of a tag sequence (IOB2; a stray `I-X` opens a chunk).
  package func spans(_ sequence: [Int]) -> [(first: Int, end: Int, type: String)] {
    var result: [(first: Int, end: Int, type: String)] = []
    var open: (first: Int, type: String)?
    for (position, tag) in sequence.enumerated() {
      let name = tags[tag]
      let type = name.count > 2 ? String(name.dropFirst(2)) : ""
      let continues = name.hasPrefix("I-") && open?.type == type
      if !continues {
        if let current = open { result.append((current.first, position, current.type)) }
        open = name == "O" ? nil : (position, type)
      }
    }
    if let current = open { result.append((current.first, sequence.count, current.type)) }
    return result
  }
}
