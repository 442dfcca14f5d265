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
  fileprivate let slots: [Slot]
  /// Every entry as `tag << 16 | weight bits`, in key order.
  fileprivate let packed: [UInt32]
  fileprivate let mask: Int

  fileprivate struct Slot {
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
  fileprivate static func home(_ key: UInt32, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B1) >> 7) & mask
  }

  /// The slot that holds `key` or, when no slot does, the empty one the probe stops at:
  /// linear probing from `slot` (the key's home, or a later slot of its probe).
  @inline(__always)
  fileprivate static func probe(
    _ key: UInt32, from slot: Int, _ slots: UnsafeBufferPointer<Slot>, _ mask: Int
  ) -> Slot {
    var slot = slot
    while true {
      let found = slots[slot]
      if found.key == key || found.key == 0 { return found }
      slot = (slot + 1) & mask
    }
  }

  /// Adds one packed entry (`tag << 16 | weight bits`) to its tag's score.
  @inline(__always)
  fileprivate static func add(_ entry: UInt32, to scores: UnsafeMutablePointer<Float>) {
    scores[Int(entry >> 16)] += Float(bitPattern: entry << 16)
  }

  /// Adds one feature's weights to `scores` (`tagCount` values).
  @inline(__always)
  package func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
    slots.withUnsafeBufferPointer { slots in
      let found = Self.probe(key, from: Self.home(key, mask), slots, mask)
      guard found.key == key else { return }
      packed.withUnsafeBufferPointer { entries in
        let start = Int(found.range >> 8)
        for index in start..<start + Int(found.range & 0xFF) {
          Self.add(entries[index], to: scores)
        }
      }
    }
  }
}

extension SparseWeights {
  /// Adds, for every token with `include(token)`, the weights of its `perToken` keys
  /// (`keys[token * perToken...]`, in order) to its row `rows[token * tagCount...]`, which
  /// starts at zero: the same sums as ``accumulate(_:into:)`` key by key.
  ///
  /// Done in passes over the whole sentence (load each key's home slot, resolve the entry
  /// ranges, load each range's first entry, then add), so that the cache misses of many keys
  /// are in flight together instead of one after another.
  package func scoreRows(
    _ keys: [UInt32], perToken: Int, count: Int, into rows: UnsafeMutablePointer<Float>,
    include: (Int) -> Bool
  ) {
    let total = count * perToken
    guard total > 0, !packed.isEmpty else {
      for token in 0..<count where include(token) {
        (rows + token * tagCount).initialize(repeating: 0, count: tagCount)
      }
      return
    }
    keys.withUnsafeBufferPointer { keys in
      slots.withUnsafeBufferPointer { slots in
        packed.withUnsafeBufferPointer { entries in
          withUnsafeTemporaryAllocation(of: Slot.self, capacity: total) { homes in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: total) { heads in
              guard let homes = homes.baseAddress, let heads = heads.baseAddress else { return }
              // 1. every key's home slot (independent loads)
              for token in 0..<count where include(token) {
                for index in token * perToken..<(token + 1) * perToken {
                  homes[index] = slots[Self.home(keys[index], mask)]
                }
              }
              // 2. entry ranges (probing on from the home slot when it holds another key)
              let last = entries.count - 1
              for token in 0..<count where include(token) {
                for index in token * perToken..<(token + 1) * perToken {
                  let key = keys[index]
                  var found = homes[index]
                  if found.key != key && found.key != 0 {
                    found = Self.probe(key, from: (Self.home(key, mask) + 1) & mask, slots, mask)
                  }
                  let range = found.key == key ? found.range : 0
                  homes[index].range = range
                  // 3. the range's first entry (independent loads)
                  heads[index] = entries[min(Int(range >> 8), last)]
                }
              }
              // 4. the sums, key by key in order
              for token in 0..<count where include(token) {
                let row = rows + token * tagCount
                row.initialize(repeating: 0, count: tagCount)
                for index in token * perToken..<(token + 1) * perToken {
                  let range = homes[index].range
                  let length = Int(range & 0xFF)
                  guard length > 0 else { continue }
                  Self.add(heads[index], to: row)
                  let start = Int(range >> 8)
                  for entry in start + 1..<start + length { Self.add(entries[entry], to: row) }
                }
              }
            }
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
