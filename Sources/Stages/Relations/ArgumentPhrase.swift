import Pipeline

/// The noun phrase a relation argument heads in its sentence, where it says more than the
/// name: "the northwest province of Latakia", "northern Iraq", "the Al-Sinek neighborhood",
/// "ISIL fighters", "Incirlik Air Base, Turkey". Exported as the `head_phrase` and
/// `tail_phrase` attributes of a relation (corpora such as re3d annotate these phrases, not
/// the bare names).
///
/// The words come from the rule file's classes, so a rule file may change or drop them:
/// - `phrase_direction`: a word just before a place ("northern");
/// - `phrase_of`: a noun that takes a place after "of" ("province", "city", "heart");
///   words in lower case between it and an article are kept ("the port city of Tartus");
/// - `phrase_place_noun`: a word just after a place ("province", "neighborhood");
/// - `phrase_group_noun`: a word just after a name, or after one modifier in lower case,
///   that makes it people ("ISIL fighters", "Coalition foreign ministers").
/// A place followed by ", " and another place (not part of a list) takes that place too. A
/// phrase never takes in the relation's other argument.
struct ArgumentPhrase {
  let classes: [String: RuleWordClass]

  private static let articles: Set<String> = ["the", "a", "an", "other"]

  /// The phrase of `entity` (units of `context`) in a relation whose other argument is
  /// `other`, or nil when it is just the entity's text.
  func phrase(of entity: Int, other: Int, in context: SentenceContext) -> String? {
    let units = context.units
    guard let first = units.entity.firstIndex(of: entity), units.entityEnd[first] > first else {
      return nil
    }
    let label = context.labels[entity]
    var start = first
    var end = units.entityEnd[first]
    let isPlace = label == "LOC"
    if end < units.count, units.entity[end] == -1 {
      if isPlace && isWord(units, end, "phrase_place_noun")
        || label != "PERSON" && isWord(units, end, "phrase_group_noun")
      {
        end += 1
      } else if label != "PERSON", end + 1 < units.count, units.entity[end + 1] == -1,
        !units.capitalized[end], units.words[end].first?.isLetter == true,
        isWord(units, end + 1, "phrase_group_noun")
      {
        // One modifier in lower case: "Coalition foreign ministers".
        end += 2
      }
    }
    if isPlace {
      if let placeEnd = placeAfterComma(units, end, other: other, context: context) {
        end = placeEnd
      }
      if let ofStart = nounOfStart(units, before: start, other: other) {
        start = ofStart
      } else if start > 0, units.entity[start - 1] == -1,
        isWord(units, start - 1, "phrase_direction")
      {
        start -= 1
      }
    }
    guard start < first || end > units.entityEnd[first] else { return nil }
    return context.text(start, end)
  }

  private func isWord(_ units: SentenceUnits, _ position: Int, _ name: String) -> Bool {
    guard position >= 0, position < units.count, let wordClass = classes[name] else {
      return false
    }
    return !wordClass.matchLengths(units.words, at: position, limit: position + 1).isEmpty
  }

  /// The end of a place written just after `end` as ", Place" (not "X, Y and Z", and not
  /// the relation's other argument).
  private func placeAfterComma(
    _ units: SentenceUnits, _ end: Int, other: Int, context: SentenceContext
  ) -> Int? {
    let next = end + 1
    guard next < units.count, units.words[end] == ",", units.entityEnd[next] > next else {
      return nil
    }
    let place = units.entity[next]
    guard place != other, context.labels[place] == "LOC" else { return nil }
    let after = units.entityEnd[next]
    // A list goes on with "and", "or" or ", Place" ("Qamenas, Sarmin and Talamenes").
    if after < units.count, ["and", "or"].contains(units.words[after]) { return nil }
    if after + 1 < units.count, units.words[after] == ",", units.entityEnd[after + 1] > after + 1,
      context.labels[units.entity[after + 1]] == "LOC"
    {
      return nil
    }
    return after
  }

  /// Where "(the) (words) NOUN of" ends just before `start` (NOUN from `phrase_of`), if it
  /// does: the start of that phrase.
  private func nounOfStart(_ units: SentenceUnits, before start: Int, other: Int) -> Int? {
    guard start >= 2, units.words[start - 1] == "of", let wordClass = classes["phrase_of"]
    else { return nil }
    // The noun, of one to three words, ends at `start - 2`.
    var nounStart: Int?
    for length in 1...3 where start - 1 - length >= 0 {
      let candidate = start - 1 - length
      if units.entity[candidate] == -1,
        wordClass.matchLengths(units.words, at: candidate, limit: start - 1).contains(length)
      {
        nounStart = candidate
      }
    }
    guard var begin = nounStart else { return nil }
    // Modifiers in lower case or a nationality word ("the Iraqi city of"), then an article.
    var modifiers = 0
    while begin > 0, modifiers < 2, !Self.articles.contains(units.words[begin - 1]),
      units.entity[begin - 1] == -1 && !units.capitalized[begin - 1]
        && units.words[begin - 1].first?.isLetter == true
        || units.entity[begin - 1] >= 0 && units.entity[begin - 1] != other
          && units.entityEnd[begin - 1] == begin
    {
      begin -= 1
      modifiers += 1
    }
    if begin > 0, Self.articles.contains(units.words[begin - 1]) {
      begin -= 1
    } else if modifiers > 0 {
      // Words before the noun that no article opens are not part of the phrase ("in the
      // towns of Jabla in the northwest province of": "in" is no modifier).
      return nil
    }
    return begin
  }
}
