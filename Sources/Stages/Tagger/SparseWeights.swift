/// A trained perceptron's weights, stored sparsely: for each feature key (a 32-bit hash of a
/// feature template and its values) only the tags it has a non-zero weight for.
///
/// Weights are 16-bit floats (``BFloat16``) times `scale`; scores are summed without the
/// scale (the ranking of the tags is the same). Built once, shared read-only.
struct SparseWeights: Sendable, Equatable {
  /// Number of tags (classes) scored.
  let tagCount: Int
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
  /// Open-addressing index: key per slot (0 = empty) and the key's position in ``keys``.
  private let slots: [UInt32]
  private let slotRows: [Int32]
  private let mask: Int

  init(
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
    while capacity < keys.count * 2 { capacity <<= 1 }
    var slots = [UInt32](repeating: 0, count: capacity)
    var slotRows = [Int32](repeating: -1, count: capacity)
    let mask = capacity - 1
    for (row, key) in keys.enumerated() {
      var slot = Self.home(key, mask)
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = key
      slotRows[slot] = Int32(row)
    }
    self.slots = slots
    self.slotRows = slotRows
    self.mask = mask
  }

  static func == (lhs: SparseWeights, rhs: SparseWeights) -> Bool {
    lhs.tagCount == rhs.tagCount && lhs.keys == rhs.keys && lhs.starts == rhs.starts
      && lhs.entryTags == rhs.entryTags && lhs.entryValues == rhs.entryValues
      && lhs.scale == rhs.scale
  }

  @inline(__always)
  private static func home(_ key: UInt32, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B1) >> 7) & mask
  }

  /// The position of a key in ``keys``, if the model knows it.
  @inline(__always)
  func row(_ key: UInt32) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      var slot = Self.home(key, mask)
      while true {
        let found = slots[slot]
        if found == key { return Int(slotRows[slot]) }
        if found == 0 { return nil }
        slot = (slot + 1) & mask
      }
    }
  }

  /// Adds one feature's weights to `scores` (`tagCount` values).
  @inline(__always)
  func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
    guard let row = row(key) else { return }
    let lower = Int(starts[row])
    let upper = Int(starts[row + 1])
    entryTags.withUnsafeBufferPointer { tags in
      entryValues.withUnsafeBufferPointer { values in
        for entry in lower..<upper { scores[Int(tags[entry])] += BFloat16.decode(values[entry]) }
      }
    }
  }
}

/// What the decoders score with: the runtime ``SparseWeights`` or a training table.
protocol FeatureScorer {
  var tagCount: Int { get }
  /// Adds one feature's weights to `scores` (`tagCount` values).
  func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>)
}

extension SparseWeights: FeatureScorer {}
