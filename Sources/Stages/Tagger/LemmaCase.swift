/// The letter case of a lemma, learned: Universal Dependencies lemmas keep the capital of a
/// name-like word (`french`/JJ -> `French`, `asia`/NNP -> `Asia`, `TEHRAN`/NNP -> `Tehran`)
/// while the lookup and suffix rules give the lower-case form (or, for proper nouns, the form).
///
/// A context is the Penn tag, the word's unlabeled-text casing class (``CaseProfile``), how
/// the form is written (``shape(_:initial:)``) and whether it starts the sentence; the trainer
/// keeps, per context, the change of case that made the most training lemmas right, where it
/// beats leaving the rule lemma as it is.
package enum LemmaCase: UInt8, Sendable, CaseIterable {
  /// The rule lemma as it is.
  case keep = 0
  /// The first letter upper case, the rest as the rule lemma has it.
  case capitalFirst = 1
  /// The first letter upper case, the rest lower case.
  case title = 2
  /// All lower case.
  case lower = 3

  /// How `form` is written: 0 no letters first, 1 lower-case first letter, 2 capitalised
  /// (`French`), 3 all capitals up to three letters (`AP`), 4 all capitals, longer.
  /// Sentence-initial forms add 8.
  package static func shape(_ form: String, initial: Bool) -> UInt8 {
    var upper = 0
    var lower = 0
    var first: UInt8 = 0
    for byte in form.utf8 {
      if first == 0 { first = byte }
      if byte >= 0x41 && byte <= 0x5A {
        upper += 1
      } else if byte >= 0x61 && byte <= 0x7A {
        lower += 1
      }
    }
    let base: UInt8
    if first >= 0x61 && first <= 0x7A {
      base = 1
    } else if first >= 0x41 && first <= 0x5A {
      base = lower > 0 ? 2 : (upper <= 3 ? 3 : 4)
    } else {
      base = 0
    }
    return initial ? base | 8 : base
  }

  /// `lemma` with this change of case (ASCII letters only; other bytes unchanged).
  package func apply(_ lemma: String) -> String {
    switch self {
    case .keep: return lemma
    case .lower: return Lemmatizer.lowercased(lemma)
    case .capitalFirst, .title:
      var bytes = Array(lemma.utf8)
      guard let first = bytes.first else { return lemma }
      if first >= 0x61 && first <= 0x7A { bytes[0] = first - 0x20 }
      if self == .title {
        for index in bytes.indices.dropFirst() where bytes[index] >= 0x41 && bytes[index] <= 0x5A {
          bytes[index] |= 0x20
        }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}

/// The model file's form of the learned case rules: `TAG\tkey` -> raw ``LemmaCase`` value.
enum LemmaCaseTable {
  static func flatten(_ rules: [String: [UInt16: LemmaCase]]) -> [String: String] {
    var table: [String: String] = [:]
    for (tag, entries) in rules {
      for (key, change) in entries { table[tag + "\t" + String(key)] = String(change.rawValue) }
    }
    return table
  }

  /// The rules of a table read from a model file; a malformed entry is an error.
  static func parse(_ table: [String: String]) throws -> [String: [UInt16: LemmaCase]] {
    var rules: [String: [UInt16: LemmaCase]] = [:]
    for (entry, value) in table {
      let parts = entry.split(separator: "\t", omittingEmptySubsequences: false)
      guard parts.count == 2, !parts[0].isEmpty, let key = UInt16(parts[1]),
        let raw = UInt8(value), let change = LemmaCase(rawValue: raw)
      else {
        throw TaggerModelError("malformed lemma case rule \"\(entry)\" -> \"\(value)\"")
      }
      rules[String(parts[0]), default: [:]][key] = change
    }
    return rules
  }
}
