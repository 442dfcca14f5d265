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
  /// A row of zeros (the sums start from it).
  let zeros: [Float]

  package init(_ weights: SparseWeights, posCount: Int) {
    let tagCount = weights.tagCount
    self.tagCount = tagCount
    self.posCount = posCount
    zeros = [Float](repeating: 0, count: tagCount)
    let states = tagCount + 1
    previous = weights.rows(states) { FeatureKey.make(20, UInt64($0)) }
    withPOS = weights.rows(states * posCount) {
      FeatureKey.make(21, UInt64($0 / posCount), UInt64($0 % posCount))
    }
    withBefore = weights.rows(states * (tagCount + 2)) {
      FeatureKey.make(22, UInt64($0 / (tagCount + 2)), UInt64($0 % (tagCount + 2)))
    }
  }

  /// Runs `body` with the dense rows (for a sentence's search).
  @inline(__always)
  func withRows<Result>(_ body: (Rows) -> Result) -> Result {
    previous.withUnsafeBufferPointer { previous in
      withPOS.withUnsafeBufferPointer { withPOS in
        withBefore.withUnsafeBufferPointer { withBefore in
          zeros.withUnsafeBufferPointer { zeros in
            body(
              Rows(
                tagCount: tagCount, posCount: posCount, previous: previous, withPOS: withPOS,
                withBefore: withBefore, zeros: zeros))
          }
        }
      }
    }
  }

  /// Raw access to the dense rows.
  struct Rows {
    let tagCount: Int
    let posCount: Int
    let previous: UnsafeBufferPointer<Float>
    let withPOS: UnsafeBufferPointer<Float>
    let withBefore: UnsafeBufferPointer<Float>
    let zeros: UnsafeBufferPointer<Float>

    /// Sets `scores` to the three features' weights for a previous tag `prev`, the token's POS
    /// tag `pos` and the tag before `prev2` (the first three of ``ChunkFeatures/dynamic``).
    @inline(__always)
    func score(_ prev: Int, _ pos: Int, _ prev2: Int, into scores: UnsafeMutablePointer<Float>) {
      let count = tagCount
      let a = prev * count
      let b = (prev * posCount + pos) * count
      let c = (prev * (count + 2) + prev2) * count
      // 0 + previous + withPOS + withBefore, tag by tag
      guard let zeros = zeros.baseAddress, let previous = previous.baseAddress,
        let withPOS = withPOS.baseAddress, let withBefore = withBefore.baseAddress
      else { return }
      RowSums.add(zeros, previous + a, withPOS + b, withBefore + c, into: scores, count: count)
    }
  }
}
