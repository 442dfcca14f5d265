/// The run-time index of a ``SparseWeights`` table (built at load time, not stored): an
/// open-addressing table of 16-byte rows, each holding a feature key and, inline, up to four
/// of its (tag, weight) entries, so that looking a feature up and adding its weights touches
/// one cache line (nine keys in ten have at most four entries). A key with more entries has
/// a dense row of `tagCount` floats in a side array (`dense`, zero for the tags it lacks),
/// added with SIMD: those are the frequent features (the bias, common words and tag pairs,
/// often with a weight for every tag), where adding entry by entry was most of the time.
///
/// The sums are exactly those of adding the entries one by one in stored order (each tag's
/// additions still come key by key): the added zeros (unused inline places add `+0` to the
/// tag of the first entry; a dense row `+0` for the tags the key lacks) change no value
/// (`-0 + 0` gives `+0`, equal to it for every comparison).
struct WeightRowTable: Sendable {
  /// One slot: `key` 0 is empty. `tags` holds four tag bytes (first entry lowest) and
  /// `weights` four ``BFloat16`` bit patterns (first entry lowest), or, when `tags` is
  /// ``spilled``, `weights` is where its row starts in ``dense``.
  struct Row: Sendable {
    var key: UInt32
    var tags: UInt32
    var weights: UInt64
  }

  /// The `tags` value of a row whose weights are a dense row (tag 255 does not exist:
  /// tables have at most 255 tags).
  static let spilled = UInt32.max

  /// Slots `0..<capacity` are home slots; probing runs on linearly (no wrap-around), and the
  /// last slot is always empty, so every probe stops.
  private let rows: [Row]
  /// The dense rows (`tagCount` ``BFloat16`` bit patterns each, 0 for a missing tag) of the
  /// keys with more than four entries.
  private let dense: [UInt16]
  private let tagCount: Int
  private let capacity: UInt64

  init(
    tagCount: Int, keys: [UInt32], starts: [Int32], entryTags: [UInt8], entryValues: [Int16]
  ) {
    let capacity = max(16, keys.count * 2)
    let empty = Row(key: 0, tags: 0, weights: 0)
    var rows = [Row](repeating: empty, count: capacity + 1)
    var dense: [UInt16] = []
    for (index, key) in keys.enumerated() {
      let start = Int(starts[index])
      let count = Int(starts[index + 1]) - start
      var row = Row(key: key, tags: 0, weights: 0)
      if count <= 4 {
        let first = count > 0 ? UInt32(entryTags[start]) : 0
        for place in 0..<4 {
          let tag = place < count ? UInt32(entryTags[start + place]) : first
          let bits = place < count ? UInt64(UInt16(bitPattern: entryValues[start + place])) : 0
          row.tags |= tag << (8 * place)
          row.weights |= bits << (16 * place)
        }
      } else {
        row.tags = Self.spilled
        row.weights = UInt64(dense.count)
        let base = dense.count
        dense.append(contentsOf: repeatElement(0, count: tagCount))
        for entry in start..<start + count {
          dense[base + Int(entryTags[entry])] = UInt16(bitPattern: entryValues[entry])
        }
      }
      var slot = Self.home(key, UInt64(capacity))
      while rows[slot].key != 0 { slot += 1 }
      rows[slot] = row
      if slot == rows.count - 1 { rows.append(empty) }
    }
    self.rows = rows
    self.dense = dense
    self.tagCount = tagCount
    self.capacity = UInt64(capacity)
  }

  /// The home slot of a key (keys are already uniform hashes): `key * capacity >> 32`.
  @inline(__always)
  static func home(_ key: UInt32, _ capacity: UInt64) -> Int {
    Int(truncatingIfNeeded: (UInt64(key) &* capacity) >> 32)
  }

  /// Runs `body` with the table's rows and dense rows.
  @inline(__always)
  func withTables<Result>(
    _ body: (Lookup) -> Result
  ) -> Result {
    rows.withUnsafeBufferPointer { rows in
      dense.withUnsafeBufferPointer { dense in
        body(Lookup(rows: rows, dense: dense, capacity: capacity, tagCount: tagCount))
      }
    }
  }

  /// Adds the weights of `key` to `scores` (nothing when the table lacks the key).
  @inline(__always)
  func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
    withTables { $0.accumulate(key, into: scores) }
  }

  /// Raw access to the table for a batch of lookups.
  struct Lookup {
    let rows: UnsafeBufferPointer<Row>
    let dense: UnsafeBufferPointer<UInt16>
    let capacity: UInt64
    let tagCount: Int

    /// The key's home row (a first, independent load).
    @inline(__always)
    func homeRow(_ key: UInt32) -> Row { rows[home(key, capacity)] }

    /// The row of `key` given its home row, or nil when the table lacks the key.
    @inline(__always)
    func resolve(_ key: UInt32, home row: Row) -> Row? {
      if row.key == key { return row }
      if row.key == 0 { return nil }
      var slot = home(key, capacity) + 1
      while true {
        let next = rows[slot]
        if next.key == key { return next }
        if next.key == 0 { return nil }
        slot += 1
      }
    }

    @inline(__always)
    func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
      if let row = resolve(key, home: homeRow(key)) { add(row, to: scores) }
    }

    /// Adds a row's weights to `scores` (`tagCount` values).
    @inline(__always)
    func add(_ row: Row, to scores: UnsafeMutablePointer<Float>) {
      let tags = row.tags
      let weights = row.weights
      if tags != WeightRowTable.spilled {
        scores[Int(tags & 0xFF)] += Float(bitPattern: UInt32(truncatingIfNeeded: weights) << 16)
        scores[Int(tags >> 8 & 0xFF)] +=
          Float(bitPattern: UInt32(truncatingIfNeeded: weights >> 16) << 16)
        scores[Int(tags >> 16 & 0xFF)] +=
          Float(bitPattern: UInt32(truncatingIfNeeded: weights >> 32) << 16)
        scores[Int(tags >> 24)] += Float(
          bitPattern: UInt32(truncatingIfNeeded: weights >> 48) << 16)
      } else if let base = dense.baseAddress {
        addDense(base + Int(truncatingIfNeeded: weights), to: scores)
      }
    }

    /// The start of a row's dense weights, or nil for a row with its entries inline.
    @inline(__always)
    func denseWeights(_ row: Row) -> UnsafePointer<UInt16>? {
      guard row.tags == WeightRowTable.spilled, let base = dense.baseAddress else { return nil }
      return base + Int(truncatingIfNeeded: row.weights)
    }

    /// Adds two dense rows to `scores`, `first` then `second` for each tag (the same sums as
    /// two ``addDense(_:to:)`` calls, with one pass over the scores).
    @inline(__always)
    func addDense(
      _ first: UnsafePointer<UInt16>, _ second: UnsafePointer<UInt16>,
      to scores: UnsafeMutablePointer<Float>
    ) {
      var tag = 0
      #if !DEBUG
        let one = UnsafeRawPointer(first)
        let two = UnsafeRawPointer(second)
        let sums = UnsafeMutableRawPointer(scores)
        while tag &+ 8 <= tagCount {
          let a = one.loadUnaligned(fromByteOffset: tag &* 2, as: SIMD8<UInt16>.self)
          let b = two.loadUnaligned(fromByteOffset: tag &* 2, as: SIMD8<UInt16>.self)
          let sum =
            sums.loadUnaligned(fromByteOffset: tag &* 4, as: SIMD8<Float>.self)
            + unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: a) &<< 16, to: SIMD8<Float>.self)
            + unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: b) &<< 16, to: SIMD8<Float>.self)
          sums.storeBytes(of: sum, toByteOffset: tag &* 4, as: SIMD8<Float>.self)
          tag &+= 8
        }
        if tag &+ 4 <= tagCount {
          let a = one.loadUnaligned(fromByteOffset: tag &* 2, as: SIMD4<UInt16>.self)
          let b = two.loadUnaligned(fromByteOffset: tag &* 2, as: SIMD4<UInt16>.self)
          let sum =
            sums.loadUnaligned(fromByteOffset: tag &* 4, as: SIMD4<Float>.self)
            + unsafeBitCast(SIMD4<UInt32>(truncatingIfNeeded: a) &<< 16, to: SIMD4<Float>.self)
            + unsafeBitCast(SIMD4<UInt32>(truncatingIfNeeded: b) &<< 16, to: SIMD4<Float>.self)
          sums.storeBytes(of: sum, toByteOffset: tag &* 4, as: SIMD4<Float>.self)
          tag &+= 4
        }
      #endif
      while tag < tagCount {
        scores[tag] =
          scores[tag] + Float(bitPattern: UInt32(first[tag]) &<< 16)
          + Float(bitPattern: UInt32(second[tag]) &<< 16)
        tag &+= 1
      }
    }

    /// Adds a dense row (``BFloat16`` bits: a float's upper half) to `scores`: eight tags at a
    /// time with SIMD in optimized builds; a plain loop in debug builds, where the generic
    /// SIMD operations would be many times slower (the same sums either way: one IEEE
    /// addition per tag).
    @inline(__always)
    func addDense(_ weights: UnsafePointer<UInt16>, to scores: UnsafeMutablePointer<Float>) {
      #if DEBUG
        for tag in 0..<tagCount {
          scores[tag] += Float(bitPattern: UInt32(weights[tag]) &<< 16)
        }
      #else
        let source = UnsafeRawPointer(weights)
        let sums = UnsafeMutableRawPointer(scores)
        var tag = 0
        while tag &+ 8 <= tagCount {
          let bits = source.loadUnaligned(fromByteOffset: tag &* 2, as: SIMD8<UInt16>.self)
          let values = unsafeBitCast(
            SIMD8<UInt32>(truncatingIfNeeded: bits) &<< 16, to: SIMD8<Float>.self)
          let sum = sums.loadUnaligned(fromByteOffset: tag &* 4, as: SIMD8<Float>.self) + values
          sums.storeBytes(of: sum, toByteOffset: tag &* 4, as: SIMD8<Float>.self)
          tag &+= 8
        }
        if tag &+ 4 <= tagCount {
          let bits = source.loadUnaligned(fromByteOffset: tag &* 2, as: SIMD4<UInt16>.self)
          let values = unsafeBitCast(
            SIMD4<UInt32>(truncatingIfNeeded: bits) &<< 16, to: SIMD4<Float>.self)
          let sum = sums.loadUnaligned(fromByteOffset: tag &* 4, as: SIMD4<Float>.self) + values
          sums.storeBytes(of: sum, toByteOffset: tag &* 4, as: SIMD4<Float>.self)
          tag &+= 4
        }
        while tag < tagCount {
          scores[tag] += Float(bitPattern: UInt32(weights[tag]) &<< 16)
          tag &+= 1
        }
      #endif
    }
  }
}
