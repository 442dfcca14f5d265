import Foundation
import Pipeline

/// Inflected English verb forms, for finding relation phrases without a part-of-speech tagger.
struct VerbLexicon: Sendable {
  private var forms: Set<String> = []

  init(lines: [Substring]) {
    for line in lines {
      let words = line.split(separator: " ").map { $0.lowercased() }
      guard let base = words.first, !base.hasPrefix("#") else { continue }
      forms.formUnion(words)
      forms.formUnion(Self.inflections(of: base))
    }
  }

  init(url: URL, displayName: String) throws {
    do {
      let text = try String(contentsOf: url, encoding: .utf8)
      self.init(lines: text.split(separator: "\n"))
    } catch {
      throw LoadError(
        file: displayName, message: "cannot read verbs: \(error.localizedDescription)")
    }
  }

  func contains(_ word: String) -> Bool { forms.contains(word) }

  /// Regular forms: -s/-es/-ies, -ed/-d/-ied, -ing (with dropped e and doubled consonant).
  static func inflections(of base: String) -> [String] {
    var result: [String] = []
    let last = base.last ?? " "
    let stem = String(base.dropLast())
    if last == "y", let before = base.dropLast().last, !"aeiou".contains(before) {
      result += [stem + "ies", stem + "ied"]
    } else if ["s", "x", "z", "h", "o"].contains(last) {
      result += [base + "es", base + "ed"]
    } else {
      result += [base + "s", last == "e" ? base + "d" : base + "ed"]
    }
    result.append(last == "e" && !base.hasSuffix("ee") ? stem + "ing" : base + "ing")
    result += [base + String(last) + "ed", base + String(last) + "ing"]
    return result
  }
}
