/// What the lemmatizer needs to know about one Penn tag, worked out once per tag set instead
/// of per token (string comparisons of the tag, the `caseRules[tag]` lookup).
package struct LemmaTagPlan: Sendable, Equatable {
  /// How the rules treat a tag.
  enum Kind: Sendable, Equatable {
    /// `NNP`: the form as it is.
    case proper
    /// `NNPS`: the singular, case kept.
    case properPlural
    /// `CD`: thousands commas dropped.
    case number
    /// Any other tag: irregular forms and, for inflected classes, suffix rules.
    case other
  }

  let tag: String
  let kind: Kind
  /// The word class of the tag's irregular forms and rules (``Lemmatizer/wordClass(_:)``).
  let wordClass: String?
  /// The learned changes of case for the tag (``Lemmatizer/caseRules``), if any.
  let caseRules: [UInt16: LemmaCase]?

  init(_ tag: String, caseRules: [String: [UInt16: LemmaCase]]) {
    self.tag = tag
    switch tag {
    case "NNP": kind = .proper
    case "NNPS": kind = .properPlural
    case "CD": kind = .number
    default: kind = .other
    }
    wordClass = Lemmatizer.wordClass(tag)
    self.caseRules = caseRules[tag]
  }
}

/// A set of lower-case forms (by 64-bit FNV-1a hash of their bytes, one bit each in a 2^20-bit
/// map) that may be listed in the lemmatizer's exception or irregular tables: a form whose bit
/// is clear is in neither, so its table lookups (string keys built and hashed) are skipped.
/// False positives only cost the lookups they would have made anyway.
struct ListedForms: Sendable, Equatable {
  private static let bitCount = 1 << 20
  private let bits: [UInt64]

  /// The set of the forms before the last tab of each key (`lower\tTAG`, `lower\tCLASS`).
  init<Keys: Sequence<String>>(keys: Keys) {
    var bits = [UInt64](repeating: 0, count: Self.bitCount / 64)
    for key in keys {
      let form = key.utf8.lastIndex(of: UInt8(ascii: "\t")).map { key.utf8[..<$0] } ?? key.utf8[...]
      let bit = Self.bit(Self.hash(form))
      bits[bit >> 6] |= 1 << UInt64(bit & 63)
    }
    self.bits = bits
  }

  @inline(__always)
  private static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
    var hash = FeatureHash.seed
    for byte in bytes { hash = FeatureHash.step(hash, byte) }
    return hash
  }

  @inline(__always)
  private static func bit(_ hash: UInt64) -> Int {
    Int(truncatingIfNeeded: FeatureHash.mix(hash) >> 44)
  }

  /// Whether `lower` may be listed (false: it is certainly not).
  @inline(__always)
  func mayContain(_ lower: String) -> Bool {
    var lower = lower
    let bit = lower.withUTF8 { Self.bit(Self.hash($0)) }
    return bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
  }
}
