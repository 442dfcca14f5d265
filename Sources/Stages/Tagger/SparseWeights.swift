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
  /// Open-addressing index (load at most 2/3): per slot the key (0 = empty) and its entry
  /// range (`start << 8 | count`), side by side so that a lookup touches one cache line.
  private let slots: [Slot]
  /// Every entry as `tag << 16 | weight bits`, in key order.
  private let packed: [UInt32]
  private let mask: Int

  private struct Slot {
    var key: UInt32
    var range: UInt32
  }

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
    var capacity = 16
    while capacity * 2 < keys.count * 3 { capacity <<= 1 }
    var slots = [Slot](repeating: Slot(key: 0, range: 0), count: capacity)
    let mask = capacity - 1
    for (row, key) in keys.enumerated() {
      var slot = Self.home(key, mask)
      while slots[slot].key != 0 { slot = (slot + 1) & mask }
      let count = UInt32(starts[row + 1] - starts[row])
      slots[slot] = Slot(key: key, range: UInt32(starts[row]) << 8 | count)
    }
    self.slots = slots
    self.packed = zip(entryTags, entryValues).map {
      UInt32($0) << 16 | UInt32(UInt16(bitPattern: $1))
    }
    self.mask = mask
  }

  package static func == (lhs: SparseWeights, rhs: SparseWeights) -> Bool {
    lhs.tagCount == rhs.tagCount && lhs.keys == rhs.keys && lhs.starts == rhs.starts
      && lhs.entryTags == rhs.entryTags && lhs.entryValues == rhs.entryValues
      && lhs.scale == rhs.scale
  }

  @inline(__always)
  private static func home(_ key: UInt32, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B1) >> 7) & mask
  }

  /// Adds one feature's weights to `scores` (`tagCount` values).
  @inline(__always)
  package func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
    slots.withUnsafeBufferPointer { slots in
      var slot = Self.home(key, mask)
      while true {
        let found = slots[slot]
        if found.key == key {
          packed.withUnsafeBufferPointer { entries in
            let start = Int(found.range >> 8)
            for index in start..<start + Int(found.range & 0xFF) {
              let entry = entries[index]
              scores[Int(entry >> 16)] += Float(bitPattern: entry << 16)
            }
          }
          return
        }
        if found.key == 0 { return }
        slot = (slot + 1) & mask
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

extension SparseWeights: FeatureScorer {}
