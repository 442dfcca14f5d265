/// The part-of-speech tagger's dynamic features whose values are only tags (the previous tag,
/// the tag before it, and the two together: the first three of ``POSFeatures/dynamic``), as
/// score rows built once per model: each scored token adds them from rows found by index
/// instead of three hashed lookups, with the same sums in the same order as
/// ``FeatureScorer/accumulate(_:into:)`` (a feature the model lacks adds a row of zeros,
/// which changes no score).
package struct POSTransitions: Sendable, Equatable {
  let tagCount: Int
  /// Template 20 per previous tag (tags and the start: `tagCount + 1` rows).
  let previous: [Float]
  /// Template 21 per tag before it (tags, the start, before the start: `tagCount + 2` rows).
  let before: [Float]
  /// Where the row of template 22 for (previous, before) starts in ``pairRows`` (0: the row
  /// of zeros, for the pairs the model has no weights for).
  let pairStarts: [Int32]
  let pairRows: [Float]

  package init(_ weights: SparseWeights) {
    let tagCount = weights.tagCount
    self.tagCount = tagCount
    previous = weights.rows(tagCount + 1) { FeatureKey.make(20, UInt64($0)) }
    before = weights.rows(tagCount + 2) { FeatureKey.make(21, UInt64($0)) }
    var starts: [Int32] = []
    var rows = [Float](repeating: 0, count: tagCount)
    for prev in 0...tagCount {
      for prev2 in 0...tagCount + 1 {
        let values = weights.rows(1) { _ in FeatureKey.make(22, UInt64(prev), UInt64(prev2)) }
        if values.allSatisfy({ $0 == 0 }) {
          starts.append(0)
        } else {
          starts.append(Int32(rows.count))
          rows += values
        }
      }
    }
    pairStarts = starts
    pairRows = rows
  }

  /// Runs `body` with the rows (for a sentence's decoding).
  @inline(__always)
  func withRows<Result>(_ body: (Rows) -> Result) -> Result {
    previous.withUnsafeBufferPointer { previous in
      before.withUnsafeBufferPointer { before in
        pairStarts.withUnsafeBufferPointer { pairStarts in
          pairRows.withUnsafeBufferPointer { pairRows in
            body(
              Rows(
                tagCount: tagCount, previous: previous, before: before, pairStarts: pairStarts,
                pairRows: pairRows))
          }
        }
      }
    }
  }

  /// Raw access to the rows.
  struct Rows {
    let tagCount: Int
    let previous: UnsafeBufferPointer<Float>
    let before: UnsafeBufferPointer<Float>
    let pairStarts: UnsafeBufferPointer<Int32>
    let pairRows: UnsafeBufferPointer<Float>

    /// Adds the three features' weights for the previous tags `prev` and `prev2` to
    /// `scores`, feature by feature as ``FeatureScorer/accumulate(_:into:)`` would.
    @inline(__always)
    func add(_ prev: Int, _ prev2: Int, into scores: UnsafeMutablePointer<Float>) {
      let count = tagCount
      let a = prev * count
      let b = prev2 * count
      let c = Int(pairStarts[prev * (count + 2) + prev2])
      guard let previous = previous.baseAddress, let before = before.baseAddress,
        let pairRows = pairRows.baseAddress
      else { return }
      RowSums.add(scores, previous + a, before + b, pairRows + c, into: scores, count: count)
    }
  }
}
