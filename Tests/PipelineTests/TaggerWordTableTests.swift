import Testing

@testable import Stages

@Suite("Tagger: the tag dictionary's merged word table answers as its dictionaries")
struct TaggerWordTableTests {
  /// Keys that share home slots (equal low bits after the multiply are likely among many
  /// keys in a small table), the key 0, and words in only one of the three tables.
  @Test func mergedTableAgreesWithTheDictionaries() {
    var generator = SplitMix(seed: 7)
    var classes: [UInt64: UInt64] = [0: 5]
    var fixed: [UInt64: Int] = [0: 3]
    var casing: [UInt64: UInt64] = [:]
    for index in 0..<3000 {
      let word = generator.next()
      switch index % 5 {
      case 0: classes[word] = generator.next()
      case 1: fixed[word] = Int(generator.next() % 40)
      case 2: casing[word] = generator.next() % 13
      default:
        classes[word] = generator.next()
        fixed[word] = index % 45
        casing[word] = UInt64(index % 13)
      }
    }
    let dictionary = TagDictionary(classes: classes, fixed: fixed, casing: casing)
    var probes = Array(classes.keys) + Array(fixed.keys) + Array(casing.keys)
    for _ in 0..<3000 { probes.append(generator.next()) }
    var mismatches = 0
    for word in probes {
      if dictionary.ambiguity(word) != classes[word] ?? TagDictionary.unknown { mismatches += 1 }
      if dictionary.fixedTag(word) != fixed[word] ?? -1 { mismatches += 1 }
      if dictionary.casingClass(word) != casing[word] ?? 0 { mismatches += 1 }
    }
    #expect(mismatches == 0)
    #expect(dictionary.fixedTag(0) == 3 && dictionary.ambiguity(0) == 5)
    #expect(dictionary == TagDictionary(classes: classes, fixed: fixed, casing: casing))
    #expect(dictionary != TagDictionary(classes: classes, fixed: [:], casing: casing))
  }

  @Test func emptyDictionaryKnowsNoWord() {
    let dictionary = TagDictionary(classes: [:], fixed: [:])
    #expect(dictionary.ambiguity(42) == TagDictionary.unknown)
    #expect(dictionary.fixedTag(42) == -1)
    #expect(dictionary.casingClass(42) == 0)
  }
}

/// A small deterministic generator for test keys.
private struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
