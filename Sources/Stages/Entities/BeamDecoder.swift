import Foundation

/// Beam search over the perceptron's scores, with the BIO constraints: the tag sequence whose
/// summed log-probabilities are highest among those the beam keeps, instead of the best tag
/// token by token. A token's probabilities are the softmax of its allowed tags' scores given
/// the two previous tags (at the stage's temperature): the perceptron is trained as a local
/// classifier, so its raw scores are not comparable across histories (summing them prefers
/// long runs of one label), while the normalised ones are (a maximum-entropy Markov model's
/// decoding).
///
/// The model's previous-tag features read the two previous tags, so a hypothesis's future
/// depends only on its last two tags: of the hypotheses that end in the same two tags, only the
/// best is kept (recombination), and a beam of `tagCount²` hypotheses is exact (Viterbi over
/// tag pairs). A width of 1 is ``GreedyDecoder``'s decoding exactly. Each token's probability
/// is the softmax of its tag's local scores given the chosen path's previous tags, as the
/// greedy decoder gives it.
package struct BeamDecoder {
  let greedy: GreedyDecoder
  /// Hypotheses kept after each token (1: greedy).
  package let width: Int

  package init(extractor: FeatureExtractor, width: Int) {
    self.greedy = GreedyDecoder(extractor: extractor)
    self.width = max(1, width)
  }

  /// One extension of a hypothesis by a tag.
  private struct Candidate {
    var score: Float
    var parent: Int
    var tag: Int
    var prev: Int
  }

  /// Tags a sentence; returns each token's tag and the probability of that tag (softmax over
  /// the allowed tags' scores given the path's previous tags, in score units of `temperature`).
  package func decode<W: WeightTable>(
    _ weights: W, _ sentence: FeatureExtractor.Sentence, temperature: Float = 1
  ) -> (tags: [Int], probabilities: [Float]) {
    guard width > 1, sentence.count > 0 else {
      return greedy.decode(weights, sentence, temperature: temperature)
    }
    let count = weights.tagCount
    let length = sentence.count
    // The static rows' scores, once per token.
    var staticScores = [Float](repeating: 0, count: length * count)
    staticScores.withUnsafeMutableBufferPointer { table in
      sentence.rows.withUnsafeBufferPointer { rows in
        guard let base = table.baseAddress else { return }
        for position in 0..<length {
          let first = position * sentence.rowsPerToken
          for slot in 0..<sentence.rowsPerToken {
            weights.accumulate(rows[first + slot], into: base + position * count)
          }
        }
      }
    }
    // Per token, the tag and the parent (index into the previous token's beam) of each kept
    // hypothesis; the beam's scores and last two tags.
    var history: [[(tag: Int, parent: Int)]] = []
    history.reserveCapacity(length)
    var beam: [(score: Float, prev: Int, prev2: Int)] = [(0, 0, 0)]
    var candidates: [Candidate] = []
    var byState = [Int](repeating: -1, count: count * count)
    var scores = [Float](repeating: 0, count: count)
    for position in 0..<length {
      candidates.removeAll(keepingCapacity: true)
      for index in byState.indices { byState[index] = -1 }
      for (parent, hypothesis) in beam.enumerated() {
        localScores(
          weights, sentence, staticScores, position, hypothesis.prev, hypothesis.prev2,
          into: &scores)
        // The tags' log-probabilities (softmax over the allowed tags at `temperature`).
        var top = -Float.infinity
        for tag in 0..<count where BIO.allowed(tag, after: hypothesis.prev) {
          top = max(top, scores[tag])
        }
        var sum: Float = 0
        for tag in 0..<count where BIO.allowed(tag, after: hypothesis.prev) {
          sum += exp((scores[tag] - top) / temperature)
        }
        let normaliser = top / temperature + log(sum)
        for tag in 0..<count where BIO.allowed(tag, after: hypothesis.prev) {
          let total = hypothesis.score + scores[tag] / temperature - normaliser
          let state = tag * count + hypothesis.prev
          let candidate = Candidate(score: total, parent: parent, tag: tag, prev: hypothesis.prev)
          if byState[state] < 0 {
            byState[state] = candidates.count
            candidates.append(candidate)
          } else if total > candidates[byState[state]].score {
            candidates[byState[state]] = candidate
          }
        }
      }
      // Best first; equal scores keep the order they were found in (parent, then tag).
      let kept = candidates.indices.sorted {
        candidates[$0].score > candidates[$1].score
          || (candidates[$0].score == candidates[$1].score && $0 < $1)
      }.prefix(width)
      history.append(kept.map { (candidates[$0].tag, candidates[$0].parent) })
      beam = kept.map { (candidates[$0].score, candidates[$0].tag, candidates[$0].prev) }
    }
    var tags = [Int](repeating: 0, count: length)
    var slot = 0
    for position in stride(from: length - 1, through: 0, by: -1) {
      tags[position] = history[position][slot].tag
      slot = history[position][slot].parent
    }
    var probabilities = [Float](repeating: 1, count: length)
    var prev = 0
    var prev2 = 0
    for position in 0..<length {
      localScores(weights, sentence, staticScores, position, prev, prev2, into: &scores)
      let tag = tags[position]
      var total: Float = 0
      for other in 0..<count where BIO.allowed(other, after: prev) {
        total += exp((scores[other] - scores[tag]) / temperature)
      }
      probabilities[position] = total > 0 ? 1 / total : 1
      prev2 = prev
      prev = tag
    }
    return (tags, probabilities)
  }

  /// One token's scores given the two previous tags: the static rows' scores plus the
  /// previous-tag rows.
  private func localScores<W: WeightTable>(
    _ weights: W, _ sentence: FeatureExtractor.Sentence, _ staticScores: [Float], _ position: Int,
    _ prev: Int, _ prev2: Int, into scores: inout [Float]
  ) {
    let count = weights.tagCount
    for tag in 0..<count { scores[tag] = staticScores[position * count + tag] }
    let dynamic = greedy.extractor.dynamicFeatures(sentence, position, prev, prev2)
    scores.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      weights.accumulate(dynamic.0, into: base)
      weights.accumulate(dynamic.1, into: base)
      weights.accumulate(dynamic.2, into: base)
      weights.accumulate(dynamic.3, into: base)
    }
  }
}
