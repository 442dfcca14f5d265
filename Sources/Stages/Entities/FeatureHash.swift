/// Fast 64-bit hashing of byte strings and small tuples, used for hashed feature ids and
/// gazetteer keys. Deterministic across runs and platforms (unlike `Hasher`).
package enum FeatureHash {
  /// FNV-1a offset basis.
  static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
  private static let prime: UInt64 = 0x0000_0100_0000_01b3

  /// Folds one byte into a running FNV-1a hash.
  @inline(__always)
  static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
    (hash ^ UInt64(byte)) &* prime
  }

  /// FNV-1a over a byte range.
  @inline(__always)
  static func bytes(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
    var hash = seed
    var index = start
    while index < end {
      hash = step(hash, text[index])
      index += 1
    }
    return hash
  }

  /// FNV-1a over the bytes of a string.
  static func string(_ text: String) -> UInt64 {
    var hash = seed
    for byte in text.utf8 { hash = step(hash, byte) }
    return hash
  }

  /// FNV-1a over bytes with ASCII letters lower-cased (``Gazetteer/lowercase(_:)``): the
  /// hash of a word however it is capitalised, as the lexicon and the name lists key it.
  @inline(__always)
  static func lowercased(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash = seed
    for byte in bytes { hash = step(hash, Gazetteer.lowercase(byte)) }
    return hash
  }

  /// A strong 64-bit mix (splitmix64 finaliser).
  @inline(__always)
  package static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// Combines a template id with one value.
  @inline(__always)
  static func combine(_ template: UInt64, _ a: UInt64) -> UInt64 {
    mix(template &* 0x1000_0000_01b3 ^ a)
  }

  /// Combines a template id with two values.
  @inline(__always)
  static func combine(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
    mix(combine(template, a) ^ (b &* 0x9e37_79b9_7f4a_7c15))
  }
}
