import Pipeline

/// "City, ST": a capitalised place name, a comma and a US state's or Canadian province's
/// two-letter postal abbreviation ("Cincinnati, OH", "Bristow, VA", "Toronto, ON"), as
/// listings, datelines and addresses write it. Both are places (the guidelines' LOC), but the
/// model reads a capitalised word before a comma as anything and the capital pair as an
/// acronym (ORG). ``apply(_:text:tokens:)`` types both LOC: the name that ends right before the
/// comma is retyped (and takes the capitalised words right before it when the model cut it
/// short: "West [Palm Beach]", up to four words), or, when the model found none, the run of
/// capitalised words before the comma (at most three, in the line, no opening function word
/// such as "In") becomes one; the abbreviation is retyped or added.
/// Both are marked as found by rule (origin `rule`), so the group classifier leaves them.
///
/// Not a place: a code followed by another capitalised word ("Salem, OR Smith") or by a
/// comma and an abbreviation ("Allen, MD, PhD"), and a degree after a person's full name
/// ("Katie Allen, MD").
enum PostalCodePlaces {
  /// The postal abbreviations of the US states, DC and the Canadian provinces and territories.
  static let codes: Set<String> = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC", "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON",
    "PE", "QC", "SK", "YT",
  ]
  /// Codes that are also a degree or title written after a person's name.
  static let degrees: Set<String> = ["MD", "PA"]
  /// The labels a retyped place may have had.
  static let names: Set<String> = ["PERSON", "ORG", "LOC", "MISC"]
  /// The origin of what the pass types or adds: the group classifier leaves those alone
  /// (``EntityGroup/ruledOrigin``).
  static let origin = EntityGroup.ruledOrigin

  /// A capitalised word with a lower-case letter ("Cincinnati", "McLean"), not all capitals.
  static func isTitleCase(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard let first = word.first, ASCII.isUpper(first) else { return false }
    return word.contains(where: ASCII.isLower)
      && word.allSatisfy { ASCII.isLetter($0) || $0 == 0x2E }
  }

  /// Whether the token at `index` is a postal code written as one after "Name, ".
  static func isCode(_ index: Int, text: UnsafeBufferPointer<UInt8>, tokens: [Token]) -> Bool {
    guard index >= 2 else { return false }
    let code = tokens[index]
    guard code.end - code.start == 2,
      codes.contains(String(decoding: text[code.start..<code.end], as: UTF8.self))
    else { return false }
    let comma = tokens[index - 1]
    guard comma.end - comma.start == 1, text[comma.start] == 0x2C, comma.end + 1 == code.start,
      text[comma.end] == ASCII.space, tokens[index - 2].end == comma.start,
      isTitleCase(text[tokens[index - 2].start..<tokens[index - 2].end])
    else { return false }
    guard index + 1 < tokens.count else { return true }
    let next = tokens[index + 1]
    if text[code.end..<next.start].contains(ASCII.newline) { return true }
    // Another capitalised word goes on ("Salem, OR Smith"): not a code here.
    if ASCII.isUpper(text[next.start]) { return false }
    // A list of abbreviations after a name ("Allen, MD, PhD").
    if text[next.start] == 0x2C, index + 2 < tokens.count {
      let after = tokens[index + 2]
      if after.end - after.start >= 2, ASCII.isUpper(text[after.start]),
        text[(after.start + 1)..<after.end].contains(where: ASCII.isUpper)
      {
        return false
      }
    }
    return true
  }

  /// Capitalised function words that open a sentence before a place ("In Tampa, FL"): never
  /// part of the place's name.
  static let openers: Set<String> = [
    "A", "After", "An", "And", "Around", "As", "At", "Before", "But", "By", "During", "For",
    "From", "In", "Inside", "Into", "Near", "Of", "On", "Or", "Outside", "Since", "The", "Then",
    "Through", "To", "Until", "Via", "When", "While", "With",
  ]

  /// The start of the run of capitalised words ending with the token `last` (at most `words`
  /// words), in the line, none in another entity and no opening function word.
  static func runStart(
    before last: Int, words: Int, text: UnsafeBufferPointer<UInt8>, tokens: [Token],
    entities: [Entity]
  ) -> Int {
    var first = last
    let end = tokens[last].end
    while first > 0 {
      let before = tokens[first - 1]
      let word = text[before.start..<before.end]
      let count = text[tokens[first].start..<end].filter { $0 == ASCII.space }.count + 1
      guard count < words, isTitleCase(word),
        !openers.contains(String(decoding: word, as: UTF8.self)),
        before.end + 1 == tokens[first].start, text[before.end] == ASCII.space,
        !entities.contains(where: { $0.start < before.end && before.start < $0.end })
      else { break }
      first -= 1
    }
    return tokens[first].start
  }

  /// Types the places and postal codes of "City, ST" LOC (see the type's comment).
  static func apply(_ entities: inout [Entity], text: UnsafeBufferPointer<UInt8>, tokens: [Token]) {
    var added: [Entity] = []
    for index in tokens.indices where isCode(index, text: text, tokens: tokens) {
      let code = tokens[index]
      let place = tokens[index - 2]
      let codeText = String(decoding: text[code.start..<code.end], as: UTF8.self)
      if let found = entities.firstIndex(where: { $0.end == place.end && names.contains($0.label) })
      {
        // "Katie Allen, MD": a degree after a person's full name.
        if entities[found].label == "PERSON", degrees.contains(codeText),
          text[entities[found].start..<entities[found].end].contains(ASCII.space)
        {
          continue
        }
        if entities[found].label != "LOC" {
          entities[found].label = "LOC"
          entities[found].canonical = nil
        }
        entities[found].origin = origin
        // A place cut short ("West [Palm Beach], FL"): it takes the capitalised words before it.
        let start = runStart(
          before: tokens.firstIndex { $0.start == entities[found].start } ?? index - 2,
          words: 4, text: text, tokens: tokens, entities: entities)
        if start < entities[found].start {
          entities[found].start = start
          entities[found].canonical = nil
        }
      } else if !entities.contains(where: { $0.start < place.end && place.start < $0.end }) {
        added.append(
          Entity(
            start: runStart(
              before: index - 2, words: 3, text: text, tokens: tokens, entities: entities),
            end: place.end, label: "LOC", origin: origin, confidence: 0.9))
      }
      if let found = entities.firstIndex(where: { $0.start == code.start && $0.end == code.end }) {
        entities[found].label = "LOC"
        entities[found].canonical = nil
        entities[found].origin = origin
      } else if !entities.contains(where: { $0.start < code.end && code.start < $0.end }) {
        added.append(
          Entity(start: code.start, end: code.end, label: "LOC", origin: origin, confidence: 0.9))
      }
    }
    guard !added.isEmpty else { return }
    entities += added
    entities.sort { $0.start < $1.start }
  }
}
