/// Structured decoding of chunk tags (shared by training and tagging): a first-order Viterbi
/// search over the IOB2-allowed tag sequences, in a beam of the best states per token. The chunker's features also look two tags
/// back; each Viterbi state takes that tag from its own best path (the back pointer of the
/// previous state), so the search scores every path exactly but keeps one history per state.
package enum ChunkDecoding {
  /// How many of the best states of the previous token each token's search extends (a beam:
  /// 4 scored as well as all 23 on CoNLL-2003 dev, at a fifth of the lookups).
  package static let beam = 4

  /// The best chunk tag sequence for a sentence of `count` tokens. `rows` holds the static
  /// scores of each token (`count * tagCount`, from ``ChunkFeatures/extract(_:_:)``); the
  /// dynamic features (``ChunkFeatures/dynamic(_:_:_:_:_:)``) are added for each of the
  /// ``beam`` best previous states.
  package static func viterbi<W: FeatureScorer>(
    _ weights: W, _ words: [WordInfo], _ pos: [Int], rows: UnsafePointer<Float>,
    scheme: ChunkScheme, transitions: ChunkTransitions? = nil
  ) -> [Int] {
    let count = words.count
    guard count > 0 else { return [] }
    let tagCount = weights.tagCount
    let cells = count * tagCount
    var tags = [Int](repeating: 0, count: count)
    withUnsafeTemporaryAllocation(of: Float.self, capacity: cells + tagCount) { floats in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: cells + beam) { ints in
        guard let best = floats.baseAddress, let back = ints.baseAddress else { return }
        let scores = best + cells
        let kept = back + cells
        best.initialize(repeating: -.infinity, count: cells)
        back.initialize(repeating: scheme.start, count: cells)
        for index in 0..<count {
          let row = rows + index * tagCount
          let here = index * tagCount
          let states: Int
          if index == 0 {
            kept[0] = scheme.start
            states = 1
          } else {
            states = top(best + here - tagCount, tagCount, into: kept)
          }
          for state in 0..<states {
            let prev = kept[state]
            let base = index == 0 ? 0 : best[here - tagCount + prev]
            let prev2 = index == 0 ? scheme.start + 1 : back[here - tagCount + prev]
            let keys = ChunkFeatures.dynamic(words, pos, index, prev, prev2)
            if let transitions {
              transitions.score(prev, pos[index], prev2, into: scores)
              weights.accumulate(keys.3, into: scores)
              weights.accumulate(keys.4, into: scores)
            } else {
              scores.initialize(repeating: 0, count: tagCount)
              weights.accumulate(keys, into: scores)
            }
            for tag in 0..<tagCount where scheme.allows(tag, after: prev) {
              let total = base + row[tag] + scores[tag]
              if total > best[here + tag] {
                best[here + tag] = total
                back[here + tag] = prev
              }
            }
          }
        }
        let end = cells - tagCount
        var last = 0
        for tag in 1..<tagCount where best[end + tag] > best[end + last] { last = tag }
        for index in stride(from: count - 1, through: 0, by: -1) {
          tags[index] = last
          last = back[index * tagCount + last]
        }
      }
    }
    return tags
  }

  /// Writes the indices of the (at most) ``beam`` highest reachable scores to `kept`, best
  /// first (the lower index on ties); returns how many.
  @inline(__always)
  static func top(
    _ scores: UnsafePointer<Float>, _ count: Int, into kept: UnsafeMutablePointer<Int>
  ) -> Int {
    var filled = 0
    for tag in 0..<count where scores[tag] > -.infinity {
      var at = filled
      while at > 0 && scores[kept[at - 1]] < scores[tag] { at -= 1 }
      guard at < beam else { continue }
      var move = min(filled, beam - 1)
      while move > at {
        kept[move] = kept[move - 1]
        move -= 1
      }
      kept[at] = tag
      filled = min(filled + 1, beam)
    }
    return filled
  }

  /// Chunk tag indices of a sentence, from its words and part-of-speech tags.
  package static func tagChunks(
    _ weights: SparseWeights, _ transitions: ChunkTransitions, _ words: [WordInfo], _ pos: [Int],
    scheme: ChunkScheme
  ) -> [Int] {
    let keys = ChunkFeatures.extract(words, pos)
    let tagCount = weights.tagCount
    return withUnsafeTemporaryAllocation(of: Float.self, capacity: words.count * tagCount) {
      buffer in
      guard let rows = buffer.baseAddress else { return [] }
      weights.scoreRows(
        keys, perToken: ChunkFeatures.staticCount, count: words.count, into: rows,
        include: { _ in true })
      return viterbi(
        weights, words, pos, rows: rows, scheme: scheme, transitions: transitions)
    }
  }
}

/// The chunker's dynamic features whose values are few (the previous tag alone, with the
/// token's POS tag, with the tag before it), as dense score rows built once per model: the
/// Viterbi search scores each of them with a copy or an add instead of a hashed lookup, with
/// the same sums in the same order as ``FeatureScorer/accumulate(_:into:)``.
package struct ChunkTransitions: Sendable, Equatable {
  let tagCount: Int
  let posCount: Int
  /// Rows of template 20 per previous tag (tags and the start), 21 per (previous tag, POS
  /// tag), 22 per (previous tag, tag before it: tags, start, before the start).
  let previous: [Float]
  let withPOS: [Float]
  let withBefore: [Float]

  package init(_ weights: SparseWeights, posCount: Int) {
    let tagCount = weights.tagCount
    self.tagCount = tagCount
    self.posCount = posCount
    let states = tagCount + 1
    func rows(_ count: Int, _ key: (Int) -> UInt32) -> [Float] {
      var table = [Float](repeating: 0, count: count * tagCount)
      table.withUnsafeMutableBufferPointer { table in
        guard let base = table.baseAddress else { return }
        for row in 0..<count { weights.accumulate(key(row), into: base + row * tagCount) }
      }
      return table
    }
    previous = rows(states) { FeatureKey.make(20, UInt64($0)) }
    withPOS = rows(states * posCount) {
      FeatureKey.make(21, UInt64($0 / posCount), UInt64($0 % posCount))
    }
    withBefore = rows(states * (tagCount + 2)) {
      FeatureKey.make(22, UInt64($0 / (tagCount + 2)), UInt64($0 % (tagCount + 2)))
    }
  }

  /// Sets `scores` to the three features' weights for a previous tag `prev`, the token's POS
  /// tag `pos` and the tag before `prev2` (the first three of ``ChunkFeatures/dynamic``).
  @inline(__always)
  func score(_ prev: Int, _ pos: Int, _ prev2: Int, into scores: UnsafeMutablePointer<Float>) {
    let count = tagCount
    previous.withUnsafeBufferPointer { previous in
      withPOS.withUnsafeBufferPointer { withPOS in
        withBefore.withUnsafeBufferPointer { withBefore in
          let a = prev * count
          let b = (prev * posCount + pos) * count
          let c = (prev * (count + 2) + prev2) * count
          for tag in 0..<count {
            scores[tag] = 0 + previous[a + tag] + withPOS[b + tag] + withBefore[c + tag]
          }
        }
      }
    }
  }
}
