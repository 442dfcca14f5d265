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

  /// The averaged weights, quantised to 16 bits, keeping non-zero entries only.
  func sparse() -> SparseWeights {
    var averaged = [Float](repeating: 0, count: weights.count)
    var largest: Float = 0
    for index in weights.indices {
      let value = Float(Double(weights[index]) - totals[index] / clock)
      averaged[index] = value
      largest = max(largest, abs(value))
    }
    let scale = largest > 0 ? largest / 32767 : 1
    let order = keys.indices.sorted { keys[$0] < keys[$1] }
    var sortedKeys: [UInt32] = []
    var starts: [Int32] = [0]
    var tags: [UInt8] = []
    var values: [Int16] = []
    for row in order {
      let before = tags.count
      for tag in 0..<tagCount {
        let quantised = Int16((averaged[row * tagCount + tag] / scale).rounded())
        if quantised != 0 {
          tags.append(UInt8(tag))
          values.append(quantised)
        }
      }
      if tags.count > before {
        sortedKeys.append(keys[row])
        starts.append(Int32(tags.count))
      }
    }
    return SparseWeights(
      tagCount: tagCount, keys: sortedKeys, starts: starts, entryTags: tags, entryValues: values,
      scale: scale)
  }
}
