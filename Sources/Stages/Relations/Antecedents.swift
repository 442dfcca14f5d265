import Pipeline

/// Resolves the definite descriptions a rule may bind through a `REF` slot: "the company"
/// ("Marco Villa, the company's chief operating officer"), "the country" ("the country's
/// southern Zabul province"), "its" ("X, its chief executive").
///
/// A description is a word of the rule file's `refer_org` class after "the" (an
/// organisation), a word of `refer_country` after "the" (a country), or a word of
/// `refer_org_pronoun` (an organisation, looked for in this sentence and the one before
/// only). It is resolved to the nearest entity before it in the document, at most
/// ``window`` sentences back: an ORG for an organisation; for a country, of the places of
/// the sentences before it in that window whose name is a state of the demonym list, the
/// one the document has named most often so far. A description right before
/// a name ("the company Tyvak") is an apposition, not a reference, and is left alone.
///
/// A bare company title before a name ("CEO Tim Cook said", "by chairman Jane Roe") is a
/// description too: a word of `refer_org_title` refers to the document's organisation (see
/// ``BareTitles``), only where nothing before the title names whose title it is.
///
/// A subject pronoun at the start of a clause ("He is the chief executive of X") refers to
/// the one person an earlier sentence named that agrees with it (see ``SubjectPronouns``).
struct Antecedents {
  /// Sentences back (beside the description's own) that a description may look.
  static let window = 2

  let organisationNouns: Set<String>
  let countryNouns: Set<String>
  let organisationPronouns: Set<String>
  /// Titles before a name that refer to the document's organisation.
  let bareTitles: BareTitles
  /// Lower-cased country names (the states of the demonym list).
  let countries: Set<String>
  /// "He", "she" at the start of a clause.
  let pronouns: SubjectPronouns

  init(classes: [String: RuleWordClass], countries: Set<String>) {
    organisationNouns = classes["refer_org"]?.singleWords ?? []
    countryNouns = classes["refer_country"]?.singleWords ?? []
    organisationPronouns = classes["refer_org_pronoun"]?.singleWords ?? []
    self.countries = countries
    bareTitles = BareTitles(classes: classes)
    pronouns = SubjectPronouns(classes: classes)
    allWords = Self.words(classes)
    wordBytes = allWords.sorted().map { Array($0.utf8) }
    titleBytes = Set(bareTitles.organisationTitles.map { Array($0.utf8) })
    var first = [Bool](repeating: false, count: 256)
    for word in wordBytes where !word.isEmpty { first[Int(word[0])] = true }
    firstBytes = first
  }

  /// Every description word, and the same as lower-case UTF-8.
  private let allWords: Set<String>
  private let wordBytes: [[UInt8]]
  /// The bare titles' words as UTF-8 (they refer only before a name).
  private let titleBytes: Set<[UInt8]>
  /// Whether some description word starts with the byte (a token is compared only then).
  private let firstBytes: [Bool]

  /// Whether the rule file declares any description at all.
  var isEmpty: Bool {
    organisationNouns.isEmpty && countryNouns.isEmpty && organisationPronouns.isEmpty
      && bareTitles.isEmpty && pronouns.isEmpty
  }

  /// Whether one of the tokens may be a description, on the text's bytes (a test cheaper
  /// than building a sentence's units, for sentences with a single name): a token that is a
  /// description word, alone or with a possessive after it ("company's", "company’s"); a
  /// bare title only alone and before a capitalised token ("CEO Tim Cook").
  func mayRefer(tokens: ArraySlice<Token>, bytes: [UInt8]) -> Bool {
    guard !isEmpty else { return false }
    for index in tokens.indices {
      let token = tokens[index]
      let start = max(0, min(token.start, bytes.count))
      let end = max(start, min(token.end, bytes.count))
      guard end > start, firstBytes[Int(Gazetteer.lowercase(bytes[start]))] else { continue }
      for word in wordBytes where end - start >= word.count {
        var equal = true
        for offset in 0..<word.count {
          let byte = bytes[start + offset]
          if Gazetteer.lowercase(byte) != word[offset] {
            equal = false
            break
          }
        }
        guard equal else { continue }
        let rest = bytes[(start + word.count)..<end]
        if titleBytes.contains(word) {
          let next = index + 1 < tokens.endIndex ? tokens[index + 1].start : bytes.count
          if rest.isEmpty, next < bytes.count, ASCII.isUpper(bytes[next]) {
            return true
          }
        } else if rest.isEmpty || rest.elementsEqual("'s".utf8)
          || rest.elementsEqual("\u{2019}s".utf8)
        {
          return true
        }
      }
    }
    return false
  }

  /// The description words a rule file declares.
  static func words(_ classes: [String: RuleWordClass]) -> Set<String> {
    [
      "refer_org", "refer_country", "refer_org_pronoun", "refer_org_title", "refer_person_male",
      "refer_person_female",
    ].reduce(into: []) {
      $0.formUnion(classes[$1]?.singleWords ?? [])
    }
  }

  /// Whether a sentence may hold a description, from the words it holds (marked by id in
  /// `present`, the rule book's ``RuleBook/requirementWords``; a cheap test before resolving).
  func mayRefer(present: [Bool], vocabulary: [String: Int]) -> Bool {
    !isEmpty && allWords.contains { vocabulary[$0].map { present[$0] } ?? false }
  }

  /// For each unit of the sentence, the entity its description refers to, or -1.
  func references(in context: SentenceContext) -> [Int] {
    let units = context.units
    var result = [Int](repeating: -1, count: units.count)
    guard !isEmpty else { return result }
    for position in 0..<units.count where units.entity[position] < 0 {
      let word = units.words[position]
      let afterThe = position > 0 && units.words[position - 1] == "the"
      let beforeName = position + 1 < units.count && units.entity[position + 1] >= 0
      if bareTitles.isTitle(word) {
        result[position] = bareTitles.reference(at: position, in: context)
        continue
      }
      guard !beforeName else { continue }
      if pronouns.words.contains(word) {
        result[position] = pronouns.reference(at: position, in: context)
        continue
      }
      if afterThe, organisationNouns.contains(word) {
        result[position] = nearest(before: units.starts[position], back: Self.window, context) {
          context.labels[$0] == "ORG" && !context.demonym[$0]
        }
      } else if afterThe, countryNouns.contains(word) {
        result[position] = salientCountry(context)
      } else if organisationPronouns.contains(word) {
        result[position] = nearest(before: units.starts[position], back: 1, context) {
          context.labels[$0] == "ORG" && !context.demonym[$0]
        }
      }
    }
    return result
  }

  /// Of the countries named (as places, not nationality words) in the sentences before this
  /// one in the window, the one the document has named most often so far (the nearer one
  /// of two as frequent). A country of the description's own sentence is passed over: in
  /// "handed over to US forces in the country's southern Zabul province" the country is
  /// the one the article was about (Afghanistan), not the US.
  private func salientCountry(_ context: SentenceContext) -> Int {
    let document = context.document
    let first = document.sentences[max(0, context.sentence - Self.window)].start
    let end = document.sentences[context.sentence].start
    var mentions: [String: Int] = [:]
    var latest: [String: Int] = [:]
    for index in 0..<SentenceContext.range(of: document.entities, from: end, to: end).lowerBound
    where context.labels[index] == "LOC" && !context.demonym[index] {
      let name = context.name(of: index).lowercased()
      guard countries.contains(name) else { continue }
      mentions[name, default: 0] += 1
      if document.entities[index].start >= first { latest[name] = index }
    }
    var best = -1
    var bestCount = 0
    for (name, index) in latest {
      let count = mentions[name, default: 0]
      if count > bestCount || (count == bestCount && index > best) {
        best = index
        bestCount = count
      }
    }
    return best
  }

  /// The last entity that ends before `offset`, starts in this sentence or at most `back`
  /// sentences before it, and passes `accepts`; -1 if none.
  private func nearest(
    before offset: Int, back: Int, _ context: SentenceContext, accepts: (Int) -> Bool
  ) -> Int {
    let document = context.document
    let first = document.sentences[max(0, context.sentence - back)].start
    var index = SentenceContext.range(of: document.entities, from: offset, to: offset).lowerBound
    while index > 0 {
      index -= 1
      let entity = document.entities[index]
      if entity.start < first { break }
      if entity.end <= offset, accepts(index) { return index }
    }
    return -1
  }
}
