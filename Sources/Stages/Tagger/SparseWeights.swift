/// A trained perceptron's weights, stored sparsely: for each feature key (a 32-bit hash of a
/// feature template and its values) only the tags it has a non-zero weight for.
///
/// Weights are 16-bit floats (``BFloat16``) times `scale`; scores are summed without the
/// scale (the ranking of the tags is the same). Built once, shared read-only.
package struct SparseWeights: Sendable, Equatable {
  /// Number of tags (classes) scored.
  package let tagCount: Int
  /// Feature keys, ascending, unique, non-zero.
  let keys: [UInt32]
  /// Where each key's entries start in ``entryTags``/``entryValues`` (`keys.count + 1`).
  let starts: [Int32]
  /// Tag of each entry.
  let entryTags: [UInt8]
  /// Weight of each entry (``BFloat16`` bits).
  let entryValues: [Int16]
  /// The factor turning a quantised weight back into a score.
  let scale: Float
  /// The run-time index (one 16-byte row per key, entries inline), built from the above.
  private let table: WeightRowTable

  package init(
    tagCount: Int, keys: [UInt32], starts: [Int32], entryTags: [UInt8], entryValues: [Int16],
    scale: Float
  ) {
    self.tagCount = tagCount
    self.keys = keys
    self.starts = starts
    self.entryTags = entryTags
    self.entryValues = entryValues
    self.scale = scale
    self.table = WeightRowTable(
      tagCount: tagCount, keys: keys, starts: starts, entryTags: entryTags, entryValues: entryValues
    )
  }

  package static func == (lhs: SparseWeights, rhs: SparseWeights) -> Bool {
    lhs.tagCount == rhs.tagCount && lhs.keys == rhs.keys && lhs.starts == rhs.starts
      && lhs.entryTags == rhs.entryTags && lhs.entryValues == rhs.entryValues
      && lhs.scale == rhs.scale
  }

  /// Adds one feature's weights to `scores` (`tagCount` values).
  @inline(__always)
  package func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
    table.accumulate(key, into: scores)
  }

  /// `count` score rows one after the other, row `row` holding the weights of the feature
  /// `key(row)` for every tag (zeros where the model lacks it): the dense tables the decoders
  /// build on load (``POSTransitions``, ``ChunkTransitions``).
  func rows(_ count: Int, key: (Int) -> UInt32) -> [Float] {
    var dense = [Float](repeating: 0, count: count * tagCount)
    dense.withUnsafeMutableBufferPointer { dense in
      guard let base = dense.baseAddress else { return }
      for row in 0..<count { accumulate(key(row), into: base + row * tagCount) }
    }
    return dense
  }
}

extension SparseWeights {
  /// Adds, for every token with `include(token)`, the weights of its `perToken` keys
  /// (`keys[token * perToken...]`, in order) to its row `rows[token * tagCount...]`, which
  /// starts at zero: the same sums as ``accumulate(_:into:)`` key by key.
  ///
  /// Done in two passes over the whole sentence (load each key's home row, then resolve and
  /// add), so that the cache misses of many keys are in flight together instead of one after
  /// another.
  package func scoreRows(
    _ keys: [UInt32], perToken: Int, count: Int, into rows: UnsafeMutablePointer<Float>,
    include: (Int) -> Bool
  ) {
    let total = count * perToken
    keys.withUnsafeBufferPointer { keys in
      table.withTables { lookup in
        withUnsafeTemporaryAllocation(of: WeightRowTable.Row.self, capacity: total) { homes in
          guard let homes = homes.baseAddress else {
            for token in 0..<count where include(token) {
              (rows + token * tagCount).initialize(repeating: 0, count: tagCount)
            }
            return
          }
          // 1. every key's home row (independent loads)
          for token in 0..<count where include(token) {
            for index in token * perToken..<(token + 1) * perToken {
              (homes + index).initialize(to: lookup.homeRow(keys[index]))
            }
          }
          // 2. the sums, key by key in order (probing on when the home row holds another key);
          // two dense rows in a row are added in one pass (each tag still gets the first's
          // weight, then the second's)
          for token in 0..<count where include(token) {
            let row = rows + token * tagCount
            row.initialize(repeating: 0, count: tagCount)
            var pending: UnsafePointer<UInt16>? = nil
            for index in token * perToken..<(token + 1) * perToken {
              guard let found = lookup.resolve(keys[index], home: homes[index]) else { continue }
              if let weights = lookup.denseWeights(found) {
                if let first = pending {
                  lookup.addDense(first, weights, to: row)
                  pending = nil
                } else {
                  pending = weights
                }
              } else {
                if let first = pending {
                  lookup.addDense(first, to: row)
                  pending = nil
                }
                lookup.add(found, to: row)
              }
            }
            if let first = pending { lookup.addDense(first, to: row) }
          }
        }
      }
    }
  }
}

/// What the decoders score with: the runtime ``SparseWeights`` or a training table.
package protocol FeatureScorer {
  var tagCount: Int { get }
  /// Adds one feature's weights to `scores` (`tagCount` values).
  func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>)
}

extension FeatureScorer {
  /// Adds the weights of the five features that depend on the tags already chosen.
  @inline(__always)
  package func accumulate(
    _ keys: (UInt32, UInt32, UInt32, UInt32, UInt32), into scores: UnsafeMutablePointer<Float>
  ) {
    accumulate(keys.0, into: scores)
    accumulate(keys.1, into: scores)
    accumulate(keys.2, into: scores)
    accumulate(keys.3, into: scores)
    accumulate(keys.4, into: scores)
  }
}

extension SparseWeights: FeatureScorer {}
