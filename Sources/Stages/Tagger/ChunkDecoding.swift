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
    guard let transitions else {
      return search(weights, words, pos, rows: rows, scheme: scheme) { index, prev, prev2, scores in
        scores.initialize(repeating: 0, count: weights.tagCount)
        weights.accumulate(ChunkFeatures.dynamic(words, pos, index, prev, prev2), into: scores)
      }
    }
    return transitions.withRows { dense in
      search(weights, words, pos, rows: rows, scheme: scheme) { index, prev, prev2, scores in
        // the first three of ``ChunkFeatures/dynamic`` from the dense rows, then the other two
        dense.score(prev, pos[index], prev2, into: scores)
        let keys = ChunkFeatures.wordKeys(words, pos, index, prev)
        weights.accumulate(keys.0, into: scores)
        weights.accumulate(keys.1, into: scores)
      }
    }
  }

  /// The search of ``viterbi(_:_:_:rows:scheme:transitions:)``; `dynamic(index, prev, prev2,
  /// scores)` sets `scores` to the dynamic features' weights of token `index` after the tags
  /// `prev2 prev`.
  @inline(__always)
  private static func search<W: FeatureScorer>(
    _ weights: W, _ words: [WordInfo], _ pos: [Int], rows: UnsafePointer<Float>,
    scheme: ChunkScheme,
    dynamic: (Int, Int, Int, UnsafeMutablePointer<Float>) -> Void
  ) -> [Int] {
    let count = words.count
    guard count > 0 else { return [] }
    let tagCount = weights.tagCount
    let cells = count * tagCount
    var tags = [Int](repeating: 0, count: count)
    scheme.withBias { bias in
      withUnsafeTemporaryAllocation(of: Float.self, capacity: cells + tagCount) { floats in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: cells + beam) { ints in
          guard let best = floats.baseAddress, let back = ints.baseAddress,
            let bias = bias.baseAddress
          else { return }
          let scores = best + cells
          let kept = back + cells
          best.initialize(repeating: -.infinity, count: cells)
          back.initialize(repeating: scheme.start, count: cells)
          for index in 0..<count {
            let row = rows + index * tagCount
            let here = index * tagCount
            let cell = best + here
            let from = back + here
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
              dynamic(index, prev, prev2, scores)
              // (base + row) + scores for each allowed tag (a disallowed one gets -infinity)
              RowSums.relax(
                base: base, row, scores, bias + prev * tagCount, best: cell, back: from,
                prev: prev, count: tagCount)
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
