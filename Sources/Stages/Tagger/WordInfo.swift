import Pipeline

/// Hashed facts about one token that the tagger's feature templates use: its normalised
/// lower-case form (digits folded to `0`), affixes and shape.
package struct WordInfo: Sendable {
  /// Normalised lower-case form.
  package var lower: UInt64
  /// Last three / two bytes of the normalised form.
  var suffix3: UInt64
  var suffix2: UInt64
  /// First byte, case kept.
  var prefix1: UInt64
  /// Shape flags: capitals, digits, hyphen, letters, length, sentence-initial.
  var shape: UInt64

  /// The stand-in for positions before or after the sentence (`offset` -2, -1, +1, +2).
  static func padding(_ offset: Int) -> WordInfo {
    let value = FeatureHash.mix(0x5041_4444 &+ UInt64(bitPattern: Int64(offset)))
    return WordInfo(lower: value, suffix3: value, suffix2: value, prefix1: value, shape: value)
  }

  /// The facts of the token `text[start..<end]`, at `position` in its sentence.
  package static func make(
    _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, position: Int
  )
    -> WordInfo
  {
    var hash = FeatureHash.seed
    var upper = 0
    var lowerCount = 0
    var digits = 0
    var hyphen = false
    var other = 0
    let length = end - start
    let suffix3Start = max(start, end - 3)
    let suffix2Start = max(start, end - 2)
    var suffix3 = FeatureHash.seed
    var suffix2 = FeatureHash.seed
    var index = start
    while index < end {
      var byte = text[index]
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        upper += 1
        byte |= 0x20
      case UInt8(ascii: "a")...UInt8(ascii: "z"):
        lowerCount += 1
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        digits += 1
        byte = UInt8(ascii: "0")
      case UInt8(ascii: "-"):
        hyphen = true
      case 0x80...:
        lowerCount += 1
      default:
        other += 1
      }
      hash = FeatureHash.step(hash, byte)
      if index >= suffix3Start { suffix3 = FeatureHash.step(suffix3, byte) }
      if index >= suffix2Start { suffix2 = FeatureHash.step(suffix2, byte) }
      index += 1
    }
    let first = length > 0 ? text[start] : 0
    var shape: UInt64 = 0
    if first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") { shape |= 1 }
    if upper > 1 && lowerCount == 0 { shape |= 2 }
    if digits > 0 { shape |= 4 }
    if hyphen { shape |= 8 }
    if lowerCount + upper == 0 { shape |= 16 }
    if position == 0 { shape |= 32 }
    if upper > 0 && lowerCount > 0 && first >= UInt8(ascii: "a") { shape |= 64 }
    shape |= UInt64(min(length, 5)) << 8
    return WordInfo(
      lower: hash, suffix3: suffix3 ^ 3, suffix2: suffix2 ^ 2, prefix1: UInt64(first) | 0x100,
      shape: shape)
  }

  /// The facts of every token of a sentence.
  package static func sentence(_ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>)
    -> [WordInfo]
  {
    var infos: [WordInfo] = []
    infos.reserveCapacity(tokens.count)
    for (position, token) in tokens.enumerated() {
      infos.append(make(text, token.start, token.end, position: position))
    }
    return infos
  }
}

/// A 32-bit feature key: a template number and up to three hashed values.
enum FeatureKey {
  @inline(__always)
  static func make(_ template: UInt64, _ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) -> UInt32 {
    var hash = template &* 0x9E37_79B9_7F4A_7C15 ^ a
    hash = (hash &* 0xBF58_476D_1CE4_E5B9) ^ b
    hash = (hash &* 0x94D0_49BB_1331_11EB) ^ c
    let key = UInt32(truncatingIfNeeded: FeatureHash.mix(hash) >> 32)
    return key == 0 ? 1 : key
  }
}
