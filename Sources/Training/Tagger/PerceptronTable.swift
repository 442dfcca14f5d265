import Stages

/// Averaged-perceptron weights during training, grown as features are updated (a row per
/// feature key), with lazy averaging: `averaged = w - u / c`.
///
/// Feature augmentation ("frustratingly easy domain adaptation"): with ``domain`` set, every
/// feature also has a copy private to that domain; scoring adds both rows and updates change
/// both. ``sparse(threshold:domain:)`` folds the shared weights and one domain's copies into
/// one table, so the runtime cost does not grow.
///
/// Deterministic: rows are looked up, never iterated in dictionary order; the export sorts
/// the keys.
struct PerceptronTable: FeatureScorer {
  let tagCount: Int
  /// The domain whose feature copies scoring and updates use besides the shared features
  /// (0: shared features only).
  var domain: UInt32 = 0
  /// Row of `domain << 32 | key`.
  private var index: [UInt64: Int] = [:]
  private var keys: [UInt64] = []
  private var weights: [Float] = []
  private var totals: [Double] = []
  private var clock: Double = 1

  init(tagCount: Int) { self.tagCount = tagCount }

  /// Advances the averaging clock (once per decision).
  mutating func tick() { clock += 1 }

  func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
    add(UInt64(key), into: scores)
    if domain != 0 { add(UInt64(domain) << 32 | UInt64(key), into: scores) }
  }

  @inline(__always)
  private func add(_ key: UInt64, into scores: UnsafeMutablePointer<Float>) {
    guard let row = index[key] else { return }
    let base = row * tagCount
    for tag in 0..<tagCount { scores[tag] += weights[base + tag] }
  }

  /// Rewards `truth` and penalises `guess` on every feature (and its domain copy).
  mutating func update(_ features: some Sequence<UInt32>, truth: Int, guess: Int) {
    guard truth != guess else { return }
    for key in features {
      bump(UInt64(key), truth: truth, guess: guess)
      if domain != 0 { bump(UInt64(domain) << 32 | UInt64(key), truth: truth, guess: guess) }
    }
  }

  /// ``update(_:truth:guess:)`` for the five features that depend on the tags already chosen.
  mutating func update(
    _ dynamic: (UInt32, UInt32, UInt32, UInt32, UInt32), truth: Int, guess: Int
  ) {
    update([dynamic.0, dynamic.1, dynamic.2, dynamic.3, dynamic.4], truth: truth, guess: guess)
  }

  /// Adds `delta` to the weight of `tag` on each of the five dynamic features (a structured
  /// update rewards the gold path's features and penalises the guessed path's separately).
  mutating func adjust(
    _ dynamic: (UInt32, UInt32, UInt32, UInt32, UInt32), tag: Int, by delta: Float
  ) {
    for key in [dynamic.0, dynamic.1, dynamic.2, dynamic.3, dynamic.4] {
      let base = row(UInt64(key)) * tagCount + tag
      weights[base] += delta
      totals[base] += Double(delta) * clock
      if domain != 0 {
        let copy = row(UInt64(domain) << 32 | UInt64(key)) * tagCount + tag
        weights[copy] += delta
        totals[copy] += Double(delta) * clock
      }
    }
  }

  private mutating func bump(_ key: UInt64, truth: Int, guess: Int) {
    let base = row(key) * tagCount
    weights[base + truth] += 1
    totals[base + truth] += clock
    weights[base + guess] -= 1
    totals[base + guess] -= clock
  }

  private mutating func row(_ key: UInt64) -> Int {
    if let row = index[key] { return row }
    let row = keys.count
    index[key] = row
    keys.append(key)
    weights += [Float](repeating: 0, count: tagCount)
    totals += [Double](repeating: 0, count: tagCount)
    return row
  }

  /// The averaged weight of `tag` in the row of `key` (0 when the key has no row).
  private func averaged(_ key: UInt64, _ tag: Int) -> Double {
    guard let row = index[key] else { return 0 }
    let index = row * tagCount + tag
    return Double(weights[index]) - totals[index] / clock
  }

  /// The averaged weights as 16-bit floats (``BFloat16``), keeping entries whose magnitude
  /// is at least `threshold`: the shared features plus the copies of `domain` (0: none).
  func sparse(threshold: Float = 0.01, domain: UInt32 = 0) -> SparseWeights {
    var featureKeys = Set<UInt32>()
    for key in keys where key >> 32 == 0 || key >> 32 == UInt64(domain) {
      featureKeys.insert(UInt32(truncatingIfNeeded: key))
    }
    let copy = UInt64(domain) << 32
    var sortedKeys: [UInt32] = []
    var starts: [Int32] = [0]
    var tags: [UInt8] = []
    var values: [Int16] = []
    for key in featureKeys.sorted() {
      let before = tags.count
      for tag in 0..<tagCount {
        var value = averaged(UInt64(key), tag)
        if domain != 0 { value += averaged(copy | UInt64(key), tag) }
        if abs(Float(value)) >= threshold {
          tags.append(UInt8(tag))
          values.append(BFloat16.encode(Float(value)))
        }
      }
      if tags.count > before {
        sortedKeys.append(key)
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
