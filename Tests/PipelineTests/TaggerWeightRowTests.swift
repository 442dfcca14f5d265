import Testing

@testable import Stages

/// The run-time weight index (``WeightRowTable``: inline rows, dense ``BFloat16`` rows) and
/// the lemmatizer's listed-form filter, against plain references on random inputs.
@Suite("Tagger: the weight row index and the listed-form filter match plain references")
struct TaggerWeightRowTests {
  /// A small deterministic generator (SplitMix64).
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    /// A float in about [-4, 4], sometimes 0 or -0.
    mutating func float() -> Float {
      switch below(20) {
      case 0: return 0
      case 1: return -0.0
      default: return Float(Int64(bitPattern: next()) % 8_000_000) / 1_000_000
      }
    }
  }

  /// A random table: keys with 0...`maxEntries` entries of ascending distinct tags, and the
  /// same table as a plain dictionary of (tag, weight) lists in stored order.
  func table(_ random: inout Random, tagCount: Int, keyCount: Int, maxEntries: Int)
    -> (SparseWeights, [UInt32: [(Int, Float)]])
  {
    var reference: [UInt32: [(Int, Float)]] = [:]
    while reference.count < keyCount {
      let key = UInt32(truncatingIfNeeded: random.next())
      guard key != 0, reference[key] == nil else { continue }
      let count = random.below(min(maxEntries, tagCount) + 1)
      var tags = Set<Int>()
      while tags.count < count { tags.insert(random.below(tagCount)) }
      reference[key] = tags.sorted().map { tag in
        let bits = UInt16(truncatingIfNeeded: random.float().bitPattern >> 16)
        return (tag, Float(bitPattern: UInt32(bits) << 16))
      }
    }
    let keys = reference.keys.sorted()
    var starts: [Int32] = [0]
    var entryTags: [UInt8] = []
    var entryValues: [Int16] = []
    for key in keys {
      for (tag, value) in reference[key] ?? [] {
        entryTags.append(UInt8(tag))
        entryValues.append(Int16(bitPattern: UInt16(truncatingIfNeeded: value.bitPattern >> 16)))
      }
      starts.append(Int32(entryTags.count))
    }
    let weights = SparseWeights(
      tagCount: tagCount, keys: keys, starts: starts, entryTags: entryTags,
      entryValues: entryValues, scale: 1)
    return (weights, reference)
  }

  /// Adds the reference entries of `key` one by one, in stored order.
  func add(_ reference: [UInt32: [(Int, Float)]], _ key: UInt32, to scores: inout [Float]) {
    for (tag, value) in reference[key] ?? [] { scores[tag] += value }
  }

  /// Keys to look up: most in the table, some not.
  func lookups(_ random: inout Random, _ reference: [UInt32: [(Int, Float)]], count: Int)
    -> [UInt32]
  {
    let present = Array(reference.keys)
    return (0..<count).map { _ in
      random.below(4) == 0
        ? UInt32(truncatingIfNeeded: random.next()) | 1 : present[random.below(present.count)]
    }
  }

  @Test(arguments: [(1, 7), (3, 40), (17, 300), (20, 2000), (49, 5000), (254, 600)])
  func accumulateEqualsEntryByEntrySums(tagCount: Int, keyCount: Int) {
    var random = Random(state: UInt64(tagCount * 1000 + keyCount))
    let (weights, reference) = table(
      &random, tagCount: tagCount, keyCount: keyCount, maxEntries: 12)
    for _ in 0..<200 {
      let start = (0..<tagCount).map { _ in random.float() }
      var expected = start
      var got = start
      for key in lookups(&random, reference, count: 8) {
        add(reference, key, to: &expected)
        got.withUnsafeMutableBufferPointer { buffer in
          if let base = buffer.baseAddress { weights.accumulate(key, into: base) }
        }
      }
      #expect(got == expected)
    }
  }

  @Test(arguments: [3, 20, 49])
  func scoreRowsEqualEntryByEntrySums(tagCount: Int) {
    var random = Random(state: UInt64(tagCount))
    let (weights, reference) = table(&random, tagCount: tagCount, keyCount: 3000, maxEntries: 30)
    for _ in 0..<50 {
      let count = 1 + random.below(40)
      let perToken = 1 + random.below(25)
      let keys = lookups(&random, reference, count: count * perToken)
      let skipped = Set((0..<count).filter { _ in random.below(5) == 0 })
      let rows = UnsafeMutablePointer<Float>.allocate(capacity: count * tagCount)
      defer { rows.deallocate() }
      rows.initialize(repeating: 7, count: count * tagCount)
      weights.scoreRows(keys, perToken: perToken, count: count, into: rows) {
        !skipped.contains($0)
      }
      for token in 0..<count {
        var expected = [Float](repeating: skipped.contains(token) ? 7 : 0, count: tagCount)
        if !skipped.contains(token) {
          for slot in 0..<perToken { add(reference, keys[token * perToken + slot], to: &expected) }
        }
        let got = (0..<tagCount).map { rows[token * tagCount + $0] }
        #expect(got == expected, "token \(token)")
      }
    }
  }

  @Test func listedFormsHaveNoFalseNegatives() {
    var random = Random(state: 99)
    let letters = Array("abcdefghijklmnopqrstuvwxyzé'-0".unicodeScalars)
    func word() -> String {
      String(
        String.UnicodeScalarView(
          (0..<(1 + random.below(9))).map { _ in
            letters[random.below(letters.count)]
          }))
    }
    let exceptions = Dictionary(
      (0..<3000).map { _ in (word() + "\t" + ["NN", "VBD", "JJ"][random.below(3)], word()) },
      uniquingKeysWith: { first, _ in first })
    let irregular = Dictionary(
      (0..<3000).map { _ in (word() + "\t" + ["V", "N", "A", "*"][random.below(4)], word()) },
      uniquingKeysWith: { first, _ in first })
    let listed = ListedForms(keys: [exceptions.keys, irregular.keys].joined())
    for key in [exceptions.keys, irregular.keys].joined() {
      let form = String(key[..<(key.lastIndex(of: "\t") ?? key.endIndex)])
      #expect(listed.mayContain(form), "\(key)")
    }
    let others = (0..<2000).map { _ in word() + word() + word() }
    let positives = others.filter { listed.mayContain($0) }.count
    #expect(positives < 100)
  }

  @Test func lemmasByTagPlanEqualLemmasByTag() {
    let lemmatizer = Lemmatizer(
      exceptions: ["us\tPRP": "we", "data\tNNS": "data"],
      irregular: ["went\tV": "go", "mice\tN": "mouse", "better\tA": "good", "'s\t*": "be"],
      vocabulary: ["V\tmake", "N\thouse", "A\tbig", "V\tstop"],
      caseRules: ["JJ": [Lemmatizer.caseKey(casing: 0, shape: 2): .capitalFirst]])
    let tags = ["NN", "NNS", "NNP", "NNPS", "CD", "JJ", "JJR", "VBD", "VBG", "VBZ", "PRP", "POS"]
    let plans = lemmatizer.plans(tags)
    let forms = [
      "houses", "Houses", "went", "mice", "better", "'s", "us", "data", "stopped", "making",
      "bigger", "Americans", "1,000", "French", "walks", "Zzqx",
    ]
    for (tag, plan) in zip(tags, plans) {
      for form in forms {
        for initial in [false, true] {
          #expect(
            lemmatizer.lemma(form, plan: plan, initial: initial)
              == lemmatizer.lemma(form, tag: tag, initial: initial), "\(form)/\(tag)")
        }
      }
    }
    #expect(lemmatizer.lemma("went", tag: "VBD") == "go")
    #expect(lemmatizer.lemma("us", tag: "PRP") == "we")
    #expect(lemmatizer.lemma("houses", tag: "NNS") == "house")
  }
}
