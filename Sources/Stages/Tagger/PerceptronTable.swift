/// Averaged-perceptron weights during training, grown as features are updated (a row per
/// feature key), with lazy averaging: `averaged = w - u / c`.
///
/// Deterministic: rows are looked up, never iterated in dictionary order; the export sorts
/// the keys.
struct PerceptronTable: FeatureScorer {
  let tagCount: Int
  private var index: [UInt32: Int] = [:]
  private var keys: [UInt32] = []
  private var weights: [Float] = []
  private var totals: [Double] = []
  private var clock: Double = 1

  init(tagCount: Int) { self.tagCount = tagCount }

  /// Advances the averaging clock (once per decision).
  mutating func tick() { clock += 1 }

  func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
    guard let row = index[key] else { return }
    let base = row * tagCount
    for tag in 0..<tagCount { scores[tag] += weights[base + tag] }
  }

  /// Rewards `truth` and penalises `guess` on every feature.
  mutating func update(_ features: some Sequence<UInt32>, truth: Int, guess: Int) {
    guard truth != guess else { return }
    for key in features {
      let base = row(key) * tagCount
      weights[base + truth] += 1
      totals[base + truth] += clock
      weights[base + guess] -= 1
      totals[base + guess] -= clock
    }
  }

  private mutating func row(_ key: UInt32) -> Int {
    if let row = index[key] { return row }
    let row = keys.count
    index[key] = row
    keys.append(key)
    weights += [Float](repeating: 0, count: tagCount)
    totals += [Double](repeating: 0, count: tagCount)
    return row
  }

  /// The averaged weights as 16-bit floats (``BFloat16``), keeping entries whose magnitude
  /// is at least `threshold`.
  func sparse(threshold: Float = 0.01) -> SparseWeights {
    let order = keys.indices.sorted { keys[$0] < keys[$1] }
    var sortedKeys: [UInt32] = []
    var starts: [Int32] = [0]
    var tags: [UInt8] = []
    var values: [Int16] = []
    for row in order {
      let before = tags.count
      for tag in 0..<tagCount {
        let index = row * tagCount + tag
        let value = Float(Double(weights[index]) - totals[index] / clock)
        if abs(value) >= threshold {
          tags.append(UInt8(tag))
          values.append(BFloat16.encode(value))
        }
      }
      if tags.count > before {
        sortedKeys.append(keys[row])
        starts.append(Int32(tags.count))
      }
    }
    return SparseWeights(
      tagCount: tagCount, keys: sortedKeys, starts: starts, entryTags: tags, entryValues: values,
      scale: 1)
  }
}

/// 16-bit "brain floats": the upper half of a `Float` (8-bit exponent, 7-bit mantissa),
/// rounded to nearest even. Keeps small and large averaged weights alike to ~0.4%.
enum BFloat16 {
  static func encode(_ value: Float) -> Int16 {
    let bits = value.bitPattern
    let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
    return Int16(bitPattern: UInt16(truncatingIfNeeded: rounded >> 16))
  }

  @inline(__always)
  static func decode(_ value: Int16) -> Float {
    Float(bitPattern: UInt32(UInt16(bitPattern: value)) << 16)
  }
}
