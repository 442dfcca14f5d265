import Pipeline

/// The rules that relabel or split one model span by the words in and around it: titles,
/// place and organisation words, middle initials. ``EntityTagger`` applies them to every
/// model span before reconciling spans with the gazetteers.
extension EntityTagger {
  /// Lower-cased hashes of place nouns ("district", "province"): a model PERSON just before
  /// one ("Jabrayil district") is a place (see `placeByPlaceWord`).
  static let placeNouns = FeatureExtractor.commonWords(
    in: [],
    words: [
      "district", "districts", "province", "provinces", "region", "county", "governorate",
      "oblast", "municipality", "prefecture", "village", "town", "city", "valley", "river",
      "mountains", "desert", "peninsula", "airport", "airbase", "corridor", "border", "border",
      "crossing", "strait", "gulf", "lake", "island", "islands", "museum", "prison", "jail",
      "settlement", "stadium", "square", "palace", "mosque", "cathedral", "synagogue",
      "theater", "theatre", "neighborhood", "neighbourhood", "refugee",
    ])

  /// Whether the token at `position` of the sentence (tokens counted from `tokens`' start)
  /// begins with an ASCII lower-case letter.
  func startsLowerCase(
    _ position: Int, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>
  ) -> Bool {
    ASCII.isLower(text[tokens[tokens.startIndex + position].start])
  }

  /// Whether the token at `position` of the sentence (tokens counted from `tokens`' start)
  /// begins with an ASCII capital letter.
  func startsUpperCase(
    _ position: Int, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>
  ) -> Bool {
    ASCII.isUpper(text[tokens[tokens.startIndex + position].start])
  }

  /// A span with a title inside ("Army commander Kiumars Heydari", "Strategic Affairs
  /// Minister Ron Dermer") as the name before the title (if any capitalised word is left)
  /// and the PERSON after it.
  func splitAtTitle(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> [ModelSpan] {
    let base = tokens.startIndex
    func lead(_ position: Int) -> UInt8 { text[tokens[base + position].start] }
    func isLower(_ position: Int) -> Bool { startsLowerCase(position, text, tokens) }
    guard span.end - span.first >= 3 else { return [span] }
    // A lower-case title word inside ("Army commander Kiumars Heydari"), or a bundled title
    // inside ("Strategic Affairs Minister Ron Dermer").
    let lowerTitle = (span.first + 1..<span.end - 1).first {
      isLower($0) && titleWords.contains(sentence.lower[$0])
    }
    let namedTitle = matches.first {
      $0.first > span.first && $0.end < span.end && gazetteer.entries[$0.entry].label == "TITLE"
    }
    let title: Int
    var start: Int
    if let lowerTitle {
      title = lowerTitle
      start = lowerTitle + 1
    } else if let namedTitle, !Self.organisationNouns.contains(sentence.lower[span.end - 1]) {
      title = namedTitle.first
      start = namedTitle.end
    } else {
      return [span]
    }
    while start < span.end, isLower(start) { start += 1 }
    guard start < span.end, (start..<span.end).allSatisfy({ !isLower($0) }) else { return [span] }
    var person = span
    person.first = start
    person.label = "PERSON"
    var before = span
    before.end = title
    let keep = (before.first..<before.end).contains { lead($0) >= 0x41 && lead($0) <= 0x5A }
    return keep ? [before, person] : [person]
  }

  /// Words that end organisation names with a title inside ("Prime Minister's Office").
  static let organisationNouns = FeatureExtractor.commonWords(
    in: [],
    words: [
      "office", "ministry", "department", "council", "committee", "cabinet", "commission",
      "bureau", "agency", "secretariat", "staff", "corps", "court",
    ])

  /// A name right after a person's title ("Army commander Kiumars Heydari", "Secretary
  /// Kerry") is a PERSON, whatever label the model gave it.
  func personAfterTitle(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> ModelSpan {
    guard span.label != "PERSON", span.first > 0, span.end - span.first <= 4 else { return span }
    let base = tokens.startIndex
    let previous = text[tokens[base + span.first - 1].start]
    let lowerTitle =
      previous >= 0x61 && previous <= 0x7A && titleWords.contains(sentence.lower[span.first - 1])
    let namedTitle = matches.contains {
      $0.end == span.first && gazetteer.entries[$0.entry].label == "TITLE"
    }
    let capitalised = (span.first..<span.end).allSatisfy { position in
      let token = tokens[base + position]
      return FeatureExtractor.startsUppercase(text, token.start, token.end)
    }
    guard lowerTitle || namedTitle, capitalised,
      !Self.organisationNouns.contains(sentence.lower[span.end - 1])
    else { return span }
    var person = span
    person.label = "PERSON"
    return person
  }

  /// Lower-cased hashes of the prepositions that glue a following name or date onto a model
  /// span ("Goddard Space Flight Center in Greenbelt", "Business Insider in October").
  static let gluePrepositions = FeatureExtractor.commonWords(in: [], words: ["in", "on", "at"])
  /// Months and weekdays (with their short forms): a span's part after a preposition made only
  /// of these and numbers is a date, not part of the name.
  static let dateWords = FeatureExtractor.commonWords(
    in: [],
    words: [
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
      "sep.", "sept.", "oct.", "nov.", "dec.", "monday", "tuesday", "wednesday", "thursday",
      "friday", "saturday", "sunday",
    ])
  /// Capitalised last words of facility and institution names, after which a preposition and
  /// a capitalised name are a place ("Goddard Space Flight Center in Greenbelt").
  static let facilityHeads = FeatureExtractor.commonWords(
    in: [],
    words: [
      "center", "centre", "university", "college", "school", "museum", "institute",
      "observatory", "hospital", "prison", "jail", "court", "laboratory", "library", "stadium",
      "airport", "base", "insider", "times", "post", "journal", "news",
    ])

  /// A span with a lower-case "in"/"on"/"at" inside cut there: the part after it is dropped
  /// when it is a date ("Business Insider in October"), or kept as a place of its own when
  /// the part before ends with a facility word ("Goddard Space Flight Center in Greenbelt").
  /// Other spans ("Al Qaeda in Iraq") are kept whole.
  func cutAtPreposition(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> [ModelSpan] {
    guard span.end - span.first >= 3 else { return [span] }
    let base = tokens.startIndex
    func lead(_ position: Int) -> UInt8 { text[tokens[base + position].start] }
    guard
      let glue = (span.first + 1..<span.end - 1).first(where: {
        Self.gluePrepositions.contains(sentence.lower[$0]) && startsLowerCase($0, text, tokens)
      })
    else { return [span] }
    var before = span
    before.end = glue
    before.cut = true
    let date = (glue + 1..<span.end).allSatisfy {
      Self.dateWords.contains(sentence.lower[$0]) || (lead($0) >= 0x30 && lead($0) <= 0x39)
    }
    if date { return [before] }
    guard Self.facilityHeads.contains(sentence.lower[glue - 1]) else { return [span] }
    var after = span
    after.first = glue + 1
    after.label = "LOC"
    after.cut = true
    return [before, after]
  }

  /// Lower-case words that join the parts of one name ("Bank of America"): a legal form
  /// before one of them does not end the name.
  static let nameConnectors = FeatureExtractor.commonWords(
    in: [], words: ["of", "and", "for", "de", "the", "du", "von", "van"])

  /// A span with an abbreviated legal form inside followed by a lower-case word ("Harold T.
  /// Mensah & Co. rose after Okoro Ltd."): a legal form ends a company's name, so the span is
  /// cut after it into an ORG and, past the lower-case words, the rest of the span (a name of
  /// its own, relabelled by its own last word). Other spans are kept whole.
  func cutAfterLegalForm(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> [ModelSpan] {
    guard span.end - span.first >= 3 else { return [span] }
    guard
      let form = (span.first + 1..<span.end - 1).first(where: {
        Self.legalForms.contains(sentence.lower[$0]) && startsLowerCase($0 + 1, text, tokens)
          && !Self.nameConnectors.contains(sentence.lower[$0 + 1])
      })
    else { return [span] }
    var company = span
    company.end = form + 1
    company.label = "ORG"
    company.cut = true
    var next = form + 1
    while next < span.end && startsLowerCase(next, text, tokens) { next += 1 }
    guard next < span.end else { return [company] }
    var rest = span
    rest.first = next
    rest.cut = true
    return [company] + cutAfterLegalForm(rest, text, tokens, sentence)
  }

  /// Capitalised last words of institutions named after a place with "of" ("American
  /// University of Kabul", "Bank of England").
  static let institutionHeads = FeatureExtractor.commonWords(
    in: [],
    words: [
      "university", "college", "institute", "bank", "museum", "academy", "school", "church",
      "hospital", "library", "council", "court", "embassy", "consulate",
    ])
  static let ofHash = FeatureExtractor.commonWords(in: [], words: ["of"]).first ?? 0
  /// Legislative chambers named after their state or country ("Indiana House", "Ohio
  /// Senate").
  static let chamberWords = FeatureExtractor.commonWords(
    in: [], words: ["house", "senate", "assembly", "legislature"])

  /// Model spans with an ORG ending in an institution word, "of" and a LOC right after it
  /// joined into one ORG ("American University" + "of" + "Kabul"); a LOC right before a
  /// one-word chamber span ("Indiana" + "House") too.
  func joinedInstitutions(_ spans: [ModelSpan], _ sentence: FeatureExtractor.Sentence)
    -> [ModelSpan]
  {
    var result: [ModelSpan] = []
    var index = 0
    while index < spans.count {
      var span = spans[index]
      if index + 1 < spans.count, span.label == "ORG" || span.label == "MISC",
        Self.institutionHeads.contains(sentence.lower[span.end - 1]),
        sentence.lower[span.end] == Self.ofHash, spans[index + 1].first == span.end + 1,
        spans[index + 1].label == "LOC"
      {
        span.end = spans[index + 1].end
        span.label = "ORG"
        result.append(span)
        index += 2
        continue
      }
      if index + 1 < spans.count, span.label == "LOC", spans[index + 1].first == span.end,
        spans[index + 1].end == span.end + 1,
        Self.chamberWords.contains(sentence.lower[span.end])
      {
        // "Indiana" + "House" (the model's PERSON once "Speaker" is cut off): a state's
        // chamber is one organisation.
        span.end += 1
        span.label = "ORG"
        result.append(span)
        index += 2
        continue
      }
      result.append(span)
      index += 1
    }
    return result
  }

  /// Positions of US party-state tags: one token of "D", "R" or "I", a hyphen and a
  /// capitalised state name or abbreviation ("D-Minn.", "R-Texas"), right after "(" or ",".
  func partyStateTags(_ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>) -> [Int] {
    var result: [Int] = []
    let base = tokens.startIndex
    for position in 1..<max(1, tokens.count) {
      let token = tokens[base + position]
      let previous = tokens[base + position - 1]
      guard token.end - token.start >= 4, previous.end - previous.start == 1,
        text[previous.start] == 0x28 || text[previous.start] == 0x2C
      else { continue }
      let party = text[token.start]
      let capital = text[token.start + 2]
      guard party == 0x44 || party == 0x52 || party == 0x49, text[token.start + 1] == 0x2D,
        capital >= 0x41 && capital <= 0x5A,
        text[(token.start + 3)..<token.end].allSatisfy({
          ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || ($0 >= 0x41 && $0 <= 0x5A)
        })
      else { continue }
      result.append(position)
    }
    return result
  }

  static let basedSuffix = Array("-based".utf8)

  /// Positions of one-token compounds of a capitalised word and "-based" ("London-based").
  func basedPlaces(_ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>) -> [Int] {
    var result: [Int] = []
    let base = tokens.startIndex
    let suffix = Self.basedSuffix
    for position in 0..<tokens.count {
      let token = tokens[base + position]
      guard token.end - token.start > suffix.count + 1,
        text[token.start] >= 0x41 && text[token.start] <= 0x5A,
        text[(token.end - suffix.count)..<token.end].elementsEqual(suffix),
        !text[token.start..<(token.end - suffix.count)].contains(0x2D)
      else { continue }
      result.append(position)
    }
    return result
  }

  /// Lower-cased hashes of plural nouns for the people or parts of a company: a one-word
  /// PERSON right before one in lower case ("Burisma executives") is an organisation.
  static let companyGroupNouns = FeatureExtractor.commonWords(
    in: [],
    words: [
      "executives", "employees", "shareholders", "investors", "subsidiary", "subsidiaries",
      "headquarters", "shares", "stock", "board", "workers", "staffers", "founder",
      "co-founder", "cofounder", "members", "party", "militants", "fighters", "spokesman",
      "spokeswoman", "spokesperson",
    ])

  /// A one-word PERSON or LOC, not a listed name, followed by a lower-case noun for an
  /// organisation's people or parts ("Burisma executives", "Salesforce founder", "Ennahda
  /// members") as an ORG.
  func organisationByGroupNoun(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> ModelSpan {
    guard span.label == "PERSON" || span.label == "LOC", span.end - span.first == 1,
      span.end < sentence.count,
      !matches.covers(span.first),
      Self.companyGroupNouns.contains(sentence.lower[span.end]),
      text[tokens[tokens.startIndex + span.end].start] >= 0x61
    else { return span }
    var organisation = span
    organisation.label = "ORG"
    organisation.byContext = true
    return organisation
  }

  /// Lower-cased hashes of the prepositions before a place ("at", "near").
  static let locativePrepositions = FeatureExtractor.commonWords(
    in: [], words: ["in", "at", "near", "from", "to", "into", "outside", "around", "toward"])

  /// Positions of one-token names with a lower-case Arabic article ("al-Tanf", "el-Arish")
  /// right after a locative preposition: places.
  func articlePlaces(
    _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> [Int] {
    var result: [Int] = []
    let base = tokens.startIndex
    for position in 1..<max(1, tokens.count) {
      let token = tokens[base + position]
      guard token.end - token.start >= 5,
        Self.locativePrepositions.contains(sentence.lower[position - 1])
      else { continue }
      let first = text[token.start]
      let second = text[token.start + 1]
      let capital = text[token.start + 3]
      guard first == 0x61 || first == 0x65, second == 0x6C, text[token.start + 2] == 0x2D,
        capital >= 0x41 && capital <= 0x5A
      else { continue }
      result.append(position)
    }
    return result
  }

  /// A span without the titles it starts with ("Special Advisor Thames" is "Thames"), as
  /// CoNLL writes names. What follows a title is a person's name, whatever the model said
  /// ("Secretary of Defense Ash Carter" tagged ORG from "Defense"), when the title has more
  /// than one word.
  func withoutLeadingTitle(
    _ span: ModelSpan, _ matches: [Gazetteer.Match], _ sentence: FeatureExtractor.Sentence
  ) -> ModelSpan {
    var span = span
    // Abbreviated titles and forms of address the gazetteer does not list ("Hon.", "Cmdr.",
    // "Sens.", "Mr"), one token each, kept out of the gazetteer so that the model's
    // features (and the bundled model trained on them) stay as they are.
    while span.end - span.first > 1, Self.shortTitles.contains(sentence.lower[span.first]) {
      span.first += 1
      span.label = "PERSON"
    }
    while let title = matches.first(where: {
      $0.first <= span.first && $0.end > span.first && $0.end < span.end
        && gazetteer.entries[$0.entry].label == "TITLE"
        // One title word before another label is often part of a name ("General Motors"),
        // but not an abbreviated one ("Hon.", "Gov.", "Mr").
        && (span.label == "PERSON" || $0.end - $0.first > 1
          || Self.abbreviatedTitle(gazetteer.entries[$0.entry].name))
    }) {
      span.first = title.end
      span.label = "PERSON"
    }
    return span
  }

  /// Lower-cased hashes of one-token titles that are not in `titles.tsv` (see
  /// `withoutLeadingTitle`), among them military ranks without their full stop.
  static let shortTitles = FeatureExtractor.commonWords(
    in: [],
    words: [
      "hon.", "gov.", "govs.", "lt.", "sens.", "reps.", "cmdr.", "cdr.", "mr", "mrs", "ms",
      "dr", "supt.", "det.", "insp.", "sgt", "amb.", "msgr.", "gens.", "adm.", "co-ceo",
      "co-founder", "coo", "cfo", "cto", "superintendent",
      // Military ranks written without a full stop, as British and Commonwealth news does
      // ("Lt Col Alexander Vindman", "Maj Gen Sir Chris Ghika").
      "lt", "col", "gen", "maj", "capt", "brig", "cpl",
    ])

  /// Whether a title is an abbreviation ("Gov.", "Hon.") or a form of address ("Mr", "Dr"):
  /// never the first word of an organisation's name.
  static func abbreviatedTitle(_ name: String) -> Bool {
    name.hasSuffix(".") || ["Mr", "Mrs", "Ms", "Dr", "Sir", "Dame"].contains(name)
  }

  static let administrationHash =
    FeatureExtractor.commonWords(in: [], words: ["administration"]).first ?? 0

  /// Words that start place names ("Fort Campbell", "Mount Sinjar").
  static let placePrefixes = FeatureExtractor.commonWords(
    in: [], words: ["fort", "mount", "mt.", "camp", "lake", "cape", "port", "gulf", "bay"])

  /// A model PERSON or ORG that a place word marks as a LOC: a lower-case place noun right
  /// after it ("Jabrayil district", "the Bardo museum"), or, for a PERSON, a place word
  /// starting it ("Fort Campbell", "Mount Sinjar"); and
  /// a name before a lower-case "administration" as a PERSON ("the Biden administration").
  func placeByPlaceWord(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> ModelSpan {
    if span.label != "PERSON", span.end - span.first <= 3, span.end < sentence.count,
      sentence.lower[span.end] == Self.administrationHash,
      text[tokens[tokens.startIndex + span.end].start] >= 0x61
    {
      // "the Biden administration": an administration is named after its leader.
      var person = span
      person.label = "PERSON"
      return person
    }
    guard span.label == "PERSON" || span.label == "ORG" else { return span }
    let nounAfter =
      span.end < sentence.count && Self.placeNouns.contains(sentence.lower[span.end])
      && text[tokens[tokens.startIndex + span.end].start] >= 0x61
    let prefix =
      span.label == "PERSON" && span.end - span.first > 1
      && Self.placePrefixes.contains(sentence.lower[span.first])
    guard nounAfter || prefix else { return span }
    var place = span
    place.label = "LOC"
    return place
  }

  /// Capitalised last words that make a name of several words a place ("Anbar Province",
  /// "Euphrates River Valley", "Incirlik Air Base", "Tiyas Military Airfield").
  static let placeHeads = FeatureExtractor.commonWords(
    in: [],
    words: [
      "province", "governorate", "district", "valley", "river", "mountains", "desert",
      "peninsula", "airport", "airfield", "airbase", "base", "strait", "basin", "plateau",
      "village", "observatory", "museum", "prison",
    ])
  /// Capitalised last words that make a name of several words an organisation ("Syrian
  /// National Coalition", "Iraqi Army", "United States Treasury Department"). "Union" is left
  /// out: "Soviet Union" is a place.
  static let organisationHeads = FeatureExtractor.commonWords(
    in: [],
    words: [
      "coalition", "council", "army", "party", "front", "movement", "committee", "ministry",
      "department", "agency", "brigade", "battalion", "corps", "command", "alliance",
      "organization", "organisation", "association", "institute", "commission", "authority",
      "brotherhood", "robotics", "aerospace", "systems", "technologies", "industries",
      "networks", "airlines", "pharmaceuticals", "holdings", "foundation", "university",
      "college", "forum",
    ])

  /// Last words of company names, which may hold a founder's initial ("Edward D. Jones & Co").
  static let companyEnds = FeatureExtractor.commonWords(
    in: [],
    words: [
      "co", "co.", "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc", "ag", "sa",
      "nv", "group", "company", "sons", "associates", "partners", "bank", "fund",
    ])

  /// Abbreviated legal forms of companies: a name of two or more words ending in one is an
  /// ORG, whatever the model said ("Edward D. Jones & Co.").
  static let legalForms = FeatureExtractor.commonWords(
    in: [],
    words: [
      "co", "co.", "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc", "gmbh",
    ])

  /// A model span relabelled: one word ending in "-born" is a nationality (MISC); of two or
  /// more words, a legal form last makes it an ORG; a middle initial makes it a PERSON
  /// ("Charles H. Keating IV" was ORG); else by its capitalised last word, a place head
  /// ("Anbar Province" was ORG) makes it a LOC, an organisation head ("Syrian National
  /// Coalition" was MISC) an ORG; so does an Arabic group word first ("Ansar al-Sharia").
  func labeledByHeadNoun(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> ModelSpan {
    if span.end - span.first == 1, span.label != "MISC" {
      // "Jordanian-born", "Iraqi-born": a nationality, as CoNLL tags them (MISC), not a place.
      let token = tokens[tokens.startIndex + span.first]
      let born = Array("-born".utf8)
      if token.end - token.start > born.count,
        text[(token.end - born.count)..<token.end].elementsEqual(born)
      {
        var nationality = span
        nationality.label = "MISC"
        return nationality
      }
    }
    if Self.organisationLeads.contains(sentence.lower[span.first]) {
      return arabicGroupName(span, text, tokens)
    }
    guard span.end - span.first >= 2 else { return span }
    let last = span.end - 1
    let lead = text[tokens[tokens.startIndex + last].start]
    guard lead >= 0x41 && lead <= 0x5A else { return span }
    var relabelled = span
    if span.label != "ORG", Self.legalForms.contains(sentence.lower[last]) {
      // "Edward D. Jones & Co.", "Acme Holdings Ltd": a company's legal form ends its name.
      relabelled.label = "ORG"
    } else if span.label != "PERSON", span.end - span.first >= 3,
      !Self.companyEnds.contains(sentence.lower[last]),
      !Self.organisationHeads.contains(sentence.lower[last]), hasMiddleInitial(span, text, tokens)
    {
      // "Charles H. Keating IV", "Stephen J. Townsend": a middle initial makes a person.
      relabelled.label = "PERSON"
    } else if Self.placeHeads.contains(sentence.lower[last]) {
      relabelled.label = "LOC"
    } else if Self.organisationHeads.contains(sentence.lower[last]) {
      relabelled.label = "ORG"
    }
    return relabelled
  }

  /// Whether a token inside the span (not first, not last) is one capital letter and a full
  /// stop between two capitalised words.
  func hasMiddleInitial(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>
  ) -> Bool {
    func isCapital(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    let base = tokens.startIndex
    for position in (span.first + 1)..<(span.end - 1) {
      let token = tokens[base + position]
      guard token.end - token.start == 2, isCapital(text[token.start]),
        text[token.start + 1] == 0x2E
      else { continue }
      if isCapital(text[tokens[base + position - 1].start]),
        isCapital(text[tokens[base + position + 1].start])
      {
        return true
      }
    }
    return false
  }
}
