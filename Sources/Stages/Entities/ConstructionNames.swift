import Pipeline

/// Names that the construction around them states as an organisation or a place, over tokens
/// that no earlier pass covered (``EntityPasses/addConstructionNames(places:)``). A name here
/// is a run of capitalised words, with "of", "for", "the", "&" (and "and" after an "of")
/// inside, ending in a capitalised word, at most ``maxLength`` tokens, not opening with a
/// title, a month or a weekday. The constructions:
///
/// - a lower-case role of an organisation's people before "of"/"at"/"for"/"with" ("chief
///   executive of Name", "a spokesman for the Name", "members of Name", "an analyst at
///   Name"): ORG; a student's or teacher's role takes "at" or "for" only ("a professor of
///   Economics" is a subject);
/// - "joined (the) Name": ORG;
/// - a lower-case kind of company right before the name ("beauty company Name", "the search
///   engine Name", "vehicle-maker Name"): ORG (a model PERSON only when it is one word);
/// - "Name's" and at most two lower-case words before an organisation's role or part ("Name's
///   shareholders", "Name's recently named executive chair"): ORG;
/// - "the Name Head" with a head noun of an institution, or "the Head of Name" ("the Sejm
///   Committee", "the Ministry of Mines"): ORG;
/// - "mayor/governor of Name" (no article) and "the city/town/province/... of Name": LOC;
/// - "in/near/from/outside Name, Place" with a listed country or first-level subdivision
///   after the comma ("in Midland, Texas"): LOC.
///
/// A model PERSON of two or more words ending in an institution's or a building's head noun
/// is an organisation or a place ("Royal Navy", "Moscone Center"), and so is a model ORG
/// ending in a site's ("Central Park", "Queen Street"). Besides, a "Place-based" place (``EntityTagger/basedPlaces(_:_:)``) takes the free
/// capitalised words before it ("Mercer Island-based").
enum ConstructionNames {
  /// The most tokens a name may have.
  static let maxLength = 7

  static func hashes(_ words: [String]) -> Set<UInt64> {
    FeatureExtractor.commonWords(in: [], words: words)
  }

  /// Roles of an organisation's people, before "of", "at", "for" or "with".
  static let organisationRoles = hashes([
    "executive", "executives", "ceo", "chairman", "chairwoman", "founder", "co-founder",
    "cofounder", "spokesman", "spokeswoman", "spokesperson", "director", "employee",
    "employees", "member", "members", "analyst", "analysts", "economist", "economists",
    "researcher", "researchers", "scientist", "scientists", "official", "officials",
    "president", "vice-president", "manager", "partner", "editor", "correspondent",
    "reporter", "professor", "lecturer", "student", "students", "staffer", "staffers",
  ])
  /// Roles whose "of" names a subject, not an organisation ("professor of Economics").
  static let subjectRoles = hashes(["professor", "lecturer", "student", "students"])
  /// Prepositions after a role that name its organisation.
  static let rolePrepositions = hashes(["of", "at", "for", "with"])
  /// Officials of a place, before "of" without an article ("mayor of Name").
  static let placeRoles = hashes(["mayor", "governor"])
  /// Kinds of place in "the kind of Name".
  static let placeKinds = hashes([
    "city", "town", "village", "province", "region", "district", "county", "capital",
    "island", "port", "suburb",
  ])
  /// Words after a possessive name that make the name an organisation's.
  static let organisationParts = hashes([
    "shareholders", "board", "executives", "employees", "headquarters", "subsidiary",
    "subsidiaries", "shares", "stock", "chairman", "chairwoman", "ceo", "founder",
    "co-founder", "workers", "staff", "chair", "executive",
  ])
  /// Lower-case kinds of company written right before a company's name ("beauty company
  /// Coty", "the search engine Mozilla", "vehicle-maker Winnebago", "newspaper chains
  /// Gannett"); also as the last part of a hyphenated word.
  static let companyKinds = hashes([
    "company", "companies", "firm", "firms", "maker", "makers", "automaker", "carmaker",
    "chipmaker", "drugmaker", "retailer", "retailers", "chain", "chains", "startup",
    "start-up", "publisher", "broadcaster", "insurer", "lender", "conglomerate",
    "manufacturer", "supplier", "giant", "engine", "website", "app", "platform",
  ])
  /// Head nouns of institutions, written with a capital in their names.
  static let heads = hashes([
    "ministry", "council", "party", "committee", "commission", "agency", "department",
    "authority", "bureau", "institute", "university", "college", "foundation", "association",
    "federation", "corporation", "company", "bank", "group", "court", "army", "front",
    "movement", "forces", "organization", "organisation", "service", "board", "league",
    "alliance", "fund", "trust", "society", "academy", "parliament", "assembly", "police",
    "navy", "brigade", "brigades", "battalion", "regiment", "airlines", "inc", "corp", "ltd",
  ])
  /// Head nouns of institutions that are no surnames (not "Court", "Hall", "Service"): a
  /// model PERSON of two or more words ending in one is an organisation.
  static let institutionHeads = hashes([
    "ministry", "council", "party", "committee", "commission", "agency", "department",
    "authority", "bureau", "institute", "university", "college", "foundation", "association",
    "federation", "corporation", "company", "group", "army", "movement", "forces",
    "organization", "organisation", "league", "alliance", "academy", "parliament", "police",
    "navy", "brigade", "brigades", "battalion", "regiment", "airlines", "inc", "corp", "ltd",
  ])
  /// Head nouns of named buildings and sites (places in the news guidelines): a model PERSON
  /// of two or more words ending in one is a place.
  static let facilityHeads = hashes([
    "center", "centre", "airport", "stadium", "prison", "base", "square", "arena", "park",
    "street", "avenue", "bridge", "theater", "theatre", "amphitheatre", "amphitheater",
    "pavilion", "auditorium", "coliseum", "colosseum", "ballpark",
  ])
  /// Head nouns of sites that name no organisation: a model ORG of two or more words ending
  /// in one is a place too ("Central Park", "Queen Street", "Bridgestone Arena", "Ameris
  /// Bank Amphitheatre"; not "Center" or "Theatre", which end the names of institutes and
  /// companies, nor "Road": "Silk Road" is a market).
  static let siteHeads = hashes([
    "park", "square", "stadium", "street", "avenue", "bridge", "airport", "arena",
    "amphitheatre", "amphitheater", "pavilion", "auditorium", "coliseum", "colosseum",
    "ballpark",
  ])
  /// Prepositions before "Name, Place".
  static let placePrepositions = hashes(["in", "near", "from", "outside"])
  /// Connectives a name may hold inside.
  static let inner = hashes(["of", "for", "the", "&"])
  static let and = hashes(["and"])
  static let of = hashes(["of"])
  static let ofAt = hashes(["of", "at"])
  static let joined = hashes(["joined"])
  static let the = hashes(["the"])
  /// Capitalised words that are no names.
  static let calendar = hashes([
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
  ])
}

extension EntityPasses {
  /// Pass 3a: names stated by their construction (``ConstructionNames``): where nothing was
  /// found, the name; a model PERSON or ORG that is exactly such a name, typed otherwise by
  /// the model alone, takes the construction's label ("the mayor of Quendale" typed ORG,
  /// "general manager of Petofi" typed PERSON). `places` are
  /// the sentence's matches of the first-level subdivisions list.
  mutating func addConstructionNames(places: [Gazetteer.Match]) {
    widenBasedPlaces()
    // A model place is never retyped ("the president of Ukraine", "joined Australia"), nor a
    // span with a capitalised word after it (a part of a longer name, "Inner" of "Inner
    // Mongolia").
    for span in modelSpansByLabel where ["PERSON", "ORG"].contains(span.label) {
      guard span.end == tokens.count || !capitalised(span.end),
        let label = constructionLabel(
          span.first, span.end, places: places, modelLabel: span.label),
        label != span.label
      else { continue }
      relabel(span.index, as: label)
    }
    // "Moscone Center", "Royal Navy" typed PERSON: a person's name never ends in a head noun;
    // "Central Park" typed ORG: nor an organisation's in a site's.
    for span in modelSpansByLabel where span.end - span.first >= 2 {
      let head = lower(span.end - 1)
      if span.label == "PERSON", ConstructionNames.institutionHeads.contains(head) {
        relabel(span.index, as: "ORG")
      } else if span.label == "PERSON", ConstructionNames.facilityHeads.contains(head) {
        relabel(span.index, as: "LOC")
      } else if span.label == "ORG", ConstructionNames.siteHeads.contains(head) {
        relabel(span.index, as: "LOC")
      }
    }
    let count = tokens.count
    var position = 0
    while position < count {
      guard startsName(position), let end = nameEnd(from: position),
        let label = constructionLabel(position, end, places: places, modelLabel: nil)
      else {
        position += 1
        continue
      }
      add(entity(position, end, label, "pattern", 0.7), position, end, byContext: true)
      position = end
    }
  }

  private func lower(_ position: Int) -> UInt64 { sentence.lower[position] }

  private func capitalised(_ position: Int) -> Bool {
    let token = tokens[tokens.startIndex + position]
    return FeatureExtractor.startsUppercase(text, token.start, token.end)
  }

  private func lowerCase(_ position: Int) -> Bool {
    position >= 0 && position < tokens.count && tagger.startsLowerCase(position, text, tokens)
  }

  /// Whether a name may start at `position`: a free capitalised word, not "The", a title, a
  /// month or a weekday, after no free capitalised word other than "The" (the start of the
  /// run).
  private func startsName(_ position: Int) -> Bool {
    guard !taken[position], capitalised(position),
      !ConstructionNames.the.contains(lower(position)),
      !ConstructionNames.calendar.contains(lower(position)),
      !tagger.titleWords.contains(lower(position)),
      !matches.contains(where: {
        $0.first == position && tagger.gazetteer.entries[$0.entry].label == "TITLE"
      })
    else { return false }
    return position == 0 || taken[position - 1] || !capitalised(position - 1)
      || ConstructionNames.the.contains(lower(position - 1))
  }

  /// The end of the name that starts at `position`: free capitalised words and connectives
  /// between them; `nil` when it runs into a token an earlier pass took (part of a longer
  /// name), is too long, or is one common word.
  private func nameEnd(from position: Int) -> Int? {
    var end = position + 1
    var sawOf = false
    while end < tokens.count, !taken[end] {
      if capitalised(end), !ConstructionNames.calendar.contains(lower(end)) {
        end += 1
        continue
      }
      let connective =
        ConstructionNames.inner.contains(lower(end))
        || (sawOf && ConstructionNames.and.contains(lower(end)))
      guard connective, end + 1 < tokens.count, !taken[end + 1], capitalised(end + 1) else {
        break
      }
      if ConstructionNames.of.contains(lower(end)) { sawOf = true }
      end += 2
    }
    guard end - position <= ConstructionNames.maxLength,
      end == tokens.count || !taken[end] || !capitalised(end)
    else { return nil }
    if end - position == 1,
      tagger.extractor.commonWords.contains(lower(position))
        || tagger.openers.contains(lower(position))
    {
      return nil
    }
    return end
  }

  /// The label a construction around tokens `[first, end)` gives them, if one does. A model
  /// span (its label `modelLabel`) is retyped by fewer: never by a head noun ("the West
  /// Bank"), and a PERSON only by a role before "of"/"at" ("general manager of Petofi"),
  /// not by "for"/"with" ("a spokesman for X" may name a client), "joined" or a possessive.
  /// A name before a possessive is no role's organisation ("members of X's party").
  private func constructionLabel(
    _ first: Int, _ end: Int, places: [Gazetteer.Match], modelLabel: String?
  ) -> String? {
    let person = modelLabel == "PERSON"
    let possessive =
      end < tokens.count
      && EntityTagger.isPossessive(
        text[tokens[tokens.startIndex + end].start..<tokens[tokens.startIndex + end].end])
    let hasThe = first >= 1 && ConstructionNames.the.contains(lower(first - 1))
    let before = hasThe ? first - 2 : first - 1
    // "the Name Head", "the Head of Name".
    if modelLabel == nil, hasThe, end - first >= 2,
      ConstructionNames.heads.contains(lower(end - 1))
        || (ConstructionNames.heads.contains(lower(first))
          && ConstructionNames.of.contains(lower(first + 1)))
    {
      return "ORG"
    }
    if !possessive, before >= 1, lowerCase(before), lowerCase(before - 1) {
      let preposition = lower(before)
      let role = lower(before - 1)
      // "mayor of Name"; "the city of Name".
      if ConstructionNames.of.contains(preposition) {
        if !hasThe, ConstructionNames.placeRoles.contains(role) { return "LOC" }
        if !hasThe, before >= 2, ConstructionNames.placeKinds.contains(role),
          ConstructionNames.the.contains(lower(before - 2))
        {
          return "LOC"
        }
      }
      // "chief executive of Name", "a spokesman for the Name".
      if ConstructionNames.rolePrepositions.contains(preposition),
        !person || ConstructionNames.ofAt.contains(preposition),
        ConstructionNames.organisationRoles.contains(role),
        !(ConstructionNames.of.contains(preposition)
          && ConstructionNames.subjectRoles.contains(role))
      {
        return "ORG"
      }
    }
    // "company Name", "search engine Name": a model PERSON of one word only ("the company
    // Kylie Jenner founded" names its founder).
    if before >= 0, !person || end - first == 1, isCompanyKind(before) { return "ORG" }
    // "joined (the) Name".
    if !person, !possessive, before >= 0, lowerCase(before),
      ConstructionNames.joined.contains(lower(before))
    {
      return "ORG"
    }
    // "Name's (two words) chairman".
    if !person, possessive, end + 1 < tokens.count {
      var next = end + 1
      while next < min(end + 4, tokens.count), lowerCase(next) {
        if ConstructionNames.organisationParts.contains(lower(next)) { return "ORG" }
        next += 1
      }
    }
    // "in Name, Place".
    if !hasThe, before >= 0, lowerCase(before),
      ConstructionNames.placePrepositions.contains(lower(before)), end + 1 < tokens.count,
      text[tokens[tokens.startIndex + end].start] == 0x2C,
      tokens[tokens.startIndex + end].end - tokens[tokens.startIndex + end].start == 1,
      listedPlace(at: end + 1, places: places)
    {
      return "LOC"
    }
    return nil
  }

  /// Whether the token at `position` is a lower-case kind of company
  /// (``ConstructionNames/companyKinds``), whole or after its last hyphen ("vehicle-maker").
  private func isCompanyKind(_ position: Int) -> Bool {
    guard lowerCase(position) else { return false }
    if ConstructionNames.companyKinds.contains(lower(position)) { return true }
    let token = tokens[tokens.startIndex + position]
    let bytes = text[token.start..<token.end]
    guard let hyphen = bytes.lastIndex(of: 0x2D), hyphen + 1 < token.end else { return false }
    return ConstructionNames.companyKinds.contains(
      FeatureHash.lowercased(text[(hyphen + 1)..<token.end]))
  }

  /// Whether a listed country, region or state (the bundled lists) or first-level
  /// subdivision starts at token `position` and is tagged LOC.
  private func listedPlace(at position: Int, places: [Gazetteer.Match]) -> Bool {
    let start = tokens[tokens.startIndex + position].start
    guard result.contains(where: { $0.start == start && $0.label == "LOC" }) else {
      return false
    }
    return places.contains { $0.first == position }
      || matches.contains {
        $0.first == position
          && ["country", "region"].contains(tagger.gazetteer.entries[$0.entry].kind)
      }
  }

  /// "Mercer Island-based": a "Place-based" place (added by pass 2a) takes the free
  /// capitalised words before it (not a sentence's opening common word, at most
  /// ``ConstructionNames/maxLength`` in all).
  private mutating func widenBasedPlaces() {
    for (position, index) in basedPlaces where position > 0 {
      var first = position
      while first > 0, position - first + 1 < ConstructionNames.maxLength, !taken[first - 1],
        capitalised(first - 1), !tagger.openers.contains(lower(first - 1)),
        !tagger.extractor.commonWords.contains(lower(first - 1))
      {
        first -= 1
      }
      if first < position { widen(index, toStartAt: first) }
    }
  }
}
