import Pipeline

/// A company title right before a name with nothing before it that says whose title it is
/// ("CEO Tim Cook said", "sent by chairman Jane Roe"): the title refers to the organisation
/// the document is about (a `REF` slot binds it, ``Antecedents``).
///
/// A word of the rule file's `refer_org_title` class (ceo, chairman, ...) is such a title.
/// It refers only where that is unambiguous:
/// - the title stands before a person's name (other title words, "and", an honorific or a
///   comma between);
/// - nothing before the title phrase (title and `rolemod` words, lower-case modifiers)
///   names whose title it is: no name, no possessive ("Five Nations' committee chairman"),
///   no parenthesised acronym ("Farmers' Union (NFU) chairman"), no "of" ("picketing of
///   chief executive X"), no article "a"/"an" or possessive pronoun, no capitalised word
///   that the entities stage left untagged ("T-Mobile CEO John Legere");
/// - no other mention of the person in the document has an organisation or place right
///   before its title ("Acme CEO Jane Roe" elsewhere);
/// - of the organisations the document has named before the
///   title, one is named at least twice as often as any other; that one is the referent.
struct BareTitles {
  /// The words of `refer_org_title`.
  let organisationTitles: Set<String>
  /// Words a title phrase holds beside its head: the words of the `title`, `rolemod` and
  /// `honorific` classes' phrases.
  let titleWords: Set<String>
  let functionWords: Set<String>

  /// Words right before the title phrase that make it someone else's or no one's in
  /// particular ("Apple's CEO", "a CEO", "its CEO", "head of ...").
  static let blockers: Set<String> = [
    "'s", "'", ")", "a", "an", "its", "his", "her", "their", "our", "my", "your", "whose", "of",
  ]

  init(classes: [String: RuleWordClass]) {
    organisationTitles = classes["refer_org_title"]?.singleWords ?? []
    let words = ["title", "rolemod", "honorific"].reduce(into: Set<String>()) {
      $0.formUnion(classes[$1]?.allWords ?? [])
    }
    titleWords = words.union(organisationTitles)
    functionWords = classes["function"]?.singleWords ?? []
  }

  var isEmpty: Bool { organisationTitles.isEmpty }

  func isTitle(_ word: String) -> Bool { organisationTitles.contains(word) }

  /// The entity the title at `position` refers to, or -1.
  func reference(at position: Int, in context: SentenceContext) -> Int {
    let units = context.units
    guard let person = person(after: position, context), unqualified(before: position, context),
      !qualifiedElsewhere(person, context)
    else { return -1 }
    return dominant(until: units.starts[position], context) {
      context.labels[$0] == "ORG" && !context.demonym[$0]
    }
  }

  /// The person whose name follows the title (over title words, "and", a comma, a period).
  private func person(after position: Int, _ context: SentenceContext) -> Int? {
    let units = context.units
    var next = position + 1
    while next < units.count, next - position <= 5, units.entity[next] < 0 {
      let word = units.words[next]
      guard titleWords.contains(word) || word == "and" || word == "," || word == "." else {
        return nil
      }
      next += 1
    }
    guard next < units.count, units.entityEnd[next] > next else { return nil }
    let entity = units.entity[next]
    return context.labels[entity] == "PERSON" ? entity : nil
  }

  /// Whether nothing before the title phrase says whose title it is.
  private func unqualified(before position: Int, _ context: SentenceContext) -> Bool {
    let units = context.units
    var index = position - 1
    while index >= 0, position - index <= 4, units.entity[index] < 0,
      isModifier(units.words[index], capitalized: units.capitalized[index])
    {
      index -= 1
    }
    guard index >= 0 else { return true }
    let word = units.words[index]
    if units.entity[index] >= 0 || Self.blockers.contains(word) { return false }
    return !units.capitalized[index] || functionWords.contains(word)
  }

  /// Whether a unit before a title may belong to its phrase: a title or role word ("chief",
  /// "interior", "former"), or a lower-case content word ("club", "committee"); never a
  /// function word ("of" of "chief of staff" ends the phrase: "picketing of chief
  /// executive X").
  private func isModifier(_ word: String, capitalized: Bool) -> Bool {
    guard !functionWords.contains(word), let first = word.unicodeScalars.first,
      first.properties.isAlphabetic
    else { return false }
    return titleWords.contains(word) || !capitalized
  }

  /// Whether another mention of the person has a name right before its title ("U.S.
  /// President Donald Trump", "Acme CEO Jane Roe").
  private func qualifiedElsewhere(_ person: Int, _ context: SentenceContext) -> Bool {
    let document = context.document
    let name = context.name(of: person)
    for index in 1..<document.entities.count where index != person {
      let before = index - 1
      guard context.labels[index] == "PERSON",
        ["ORG", "LOC"].contains(context.labels[before]) || context.demonym[before]
      else { continue }
      let start = document.entities[before].end
      let end = document.entities[index].start
      guard start < end, end - start <= 60, context.name(of: index) == name else { continue }
      let between = document.slice(start, end).lowercased()
      let words = between.split(whereSeparator: { $0 == " " || $0 == "." })
      if !words.isEmpty,
        words.allSatisfy({ titleWords.contains(String($0)) || $0 == "'s" || $0 == "\u{2019}s" })
      {
        return true
      }
    }
    return false
  }

  /// Of the entities that `accepts` and that start before `end`, the last mention of the name
  /// named at least twice as often as any other; -1 if no name is.
  private func dominant(until end: Int, _ context: SentenceContext, accepts: (Int) -> Bool)
    -> Int
  {
    var counts: [String: Int] = [:]
    var latest: [String: Int] = [:]
    let entities = context.document.entities
    for index in 0..<SentenceContext.range(of: entities, from: end, to: end).lowerBound
    where accepts(index) {
      let name = context.name(of: index).lowercased()
      counts[name, default: 0] += 1
      latest[name] = index
    }
    let ranked = counts.sorted { $0.value > $1.value }
    guard let top = ranked.first else { return -1 }
    if ranked.count > 1, top.value < 2 * ranked[1].value { return -1 }
    return latest[top.key] ?? -1
  }
}
