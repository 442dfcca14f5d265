import Pipeline

/// Resolves a subject pronoun at the start of a clause ("He is the chief executive of X",
/// "She visited Z") to the person an earlier sentence named, for a `REF` slot
/// (``Antecedents``).
///
/// A pronoun is a word of the rule file's `refer_person_male` ("he") or
/// `refer_person_female` ("she") class that starts its sentence (after opening quotes or a
/// bracket), or follows a fronted phrase's comma with no person named before it in the
/// sentence ("In Paris, he met ..."). It refers to a person of the nearest sentence before
/// it, at most ``Antecedents/window`` sentences back, that names a person: the one person of
/// that sentence that agrees with it in gender, or of several the sentence's subject (the
/// first person named, at most two tokens after its start: "Johnson, who played ..., replaced
/// Regan. He led ..."); it is left unresolved otherwise ("On Monday the board, after hearing
/// Smith, praised Jones. He ..."). A person's gender is known
/// where a word right before one of the document's mentions of that name is of the
/// `gender_male` or `gender_female` class ("Mr.", "Ms.", "Queen", "spokeswoman"); a person of
/// unknown gender agrees with both pronouns. A sentence whose persons all disagree is passed
/// over for the one before it.
struct SubjectPronouns {
  let male: Set<String>
  let female: Set<String>
  let maleWords: Set<String>
  let femaleWords: Set<String>
  /// Every pronoun word.
  let words: Set<String>

  init(classes: [String: RuleWordClass]) {
    male = classes["refer_person_male"]?.singleWords ?? []
    female = classes["refer_person_female"]?.singleWords ?? []
    maleWords = Self.folded(classes["gender_male"]?.singleWords ?? [])
    femaleWords = Self.folded(classes["gender_female"]?.singleWords ?? [])
    words = male.union(female)
  }

  /// The words with a final period dropped ("mr." and "mr" alike).
  private static func folded(_ words: Set<String>) -> Set<String> {
    Set(words.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 })
  }

  var isEmpty: Bool { male.isEmpty && female.isEmpty }

  /// Units that may open a clause before its subject.
  static let openers: Set<String> = ["\"", "\u{201C}", "'", "\u{2018}", "(", "[", "\u{2014}"]

  /// The person the pronoun at `position` refers to, or -1 (no pronoun there, not a
  /// clause's subject, or no single person it may be).
  func reference(at position: Int, in context: SentenceContext) -> Int {
    let units = context.units
    let word = units.words[position]
    let isMale = male.contains(word)
    guard isMale || female.contains(word), isClauseSubject(position, units, context) else {
      return -1
    }
    let document = context.document
    var sentence = context.sentence - 1
    while sentence >= 0, context.sentence - sentence <= Antecedents.window {
      let span = document.sentences[sentence]
      let range = SentenceContext.range(of: document.entities, from: span.start, to: span.end)
      var latest: [String: Int] = [:]
      for index in range where context.labels[index] == "PERSON" && !context.demonym[index] {
        latest[context.name(of: index).lowercased()] = index
      }
      if !latest.isEmpty {
        let agreeing = latest.filter { agrees(name: $0.key, male: isMale, context) }
        if agreeing.count == 1, let only = agreeing.first { return only.value }
        if !agreeing.isEmpty {
          // Several: the sentence's subject, a person named first and within its first words.
          guard let first = range.first(where: { context.labels[$0] == "PERSON" }),
            agreeing.values.contains(where: { context.name(of: $0) == context.name(of: first) }),
            SentenceContext.range(
              of: document.tokens, from: span.start, to: document.entities[first].start
            ).count <= 2
          else { return -1 }
          return first
        }
      }
      sentence -= 1
    }
    return -1
  }

  /// Whether the unit opens its clause: first in the sentence after opening quotes, or
  /// right after a comma with no person named before it in the sentence.
  private func isClauseSubject(_ position: Int, _ units: SentenceUnits, _ context: SentenceContext)
    -> Bool
  {
    var before = position - 1
    while before >= 0, Self.openers.contains(units.words[before]) { before -= 1 }
    if before < 0 { return true }
    guard units.words[before] == "," else { return false }
    return !(0..<before).contains {
      units.entity[$0] >= 0 && context.labels[units.entity[$0]] == "PERSON"
    }
  }

  /// Whether the person named `name` (lower-cased) may be what the pronoun refers to: no
  /// mention of the name has a word of the other gender right before it.
  private func agrees(name: String, male isMale: Bool, _ context: SentenceContext) -> Bool {
    let other = isMale ? femaleWords : maleWords
    guard !other.isEmpty else { return true }
    let document = context.document
    for (index, mention) in document.entities.enumerated()
    where context.labels[index] == "PERSON" && context.name(of: index).lowercased() == name {
      let token = SentenceContext.range(of: document.tokens, from: mention.start, to: mention.start)
        .lowerBound
      guard token > 0 else { continue }
      var previous = document.slice(document.tokens[token - 1]).lowercased()
      if previous == ".", token > 1 {
        // "Ms" "." where the tokenizer split the period off.
        previous = document.slice(document.tokens[token - 2]).lowercased()
      }
      if previous.hasSuffix(".") { previous.removeLast() }
      if other.contains(previous) { return false }
    }
    return true
  }
}
