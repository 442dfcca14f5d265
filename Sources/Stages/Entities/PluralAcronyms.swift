import Pipeline

/// Acronyms of things written in the plural ("SUVs", "LEDs", "ICUs", "AMAs"): a name takes
/// no plural, so an acronym that the document writes with a plural "s" is a common noun
/// there, in the plural and in the singular ("an SUV" beside "SUVs"). The model, which reads
/// capitals as a name's sign, tags some of them; its names that are such an acronym, alone,
/// are dropped (``apply(_:text:tokens:)``).
enum PluralAcronyms {
  /// Whether `bytes` are two or more upper-case ASCII letters and a lower-case "s".
  static func isPlural(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard bytes.count >= 3, bytes.last == 0x73 else { return false }
    return bytes.dropLast().allSatisfy { ASCII.isUpper($0) }
  }

  /// The entities without the model names (PERSON, ORG, LOC, MISC) whose whole text is an
  /// acronym the document writes in the plural, or that plural.
  static func apply(_ entities: inout [Entity], text: UnsafeBufferPointer<UInt8>, tokens: [Token]) {
    var plurals = Set<String>()
    for token in tokens where isPlural(text[token.start..<token.end]) {
      plurals.insert(String(decoding: text[token.start..<(token.end - 1)], as: UTF8.self))
    }
    guard !plurals.isEmpty else { return }
    entities.removeAll { entity in
      guard entity.origin == "model", LabelVote.labels.contains(entity.label) else {
        return false
      }
      let bytes = text[entity.start..<entity.end]
      let singular = isPlural(bytes) ? bytes.dropLast() : bytes
      return plurals.contains(String(decoding: singular, as: UTF8.self))
    }
  }
}
