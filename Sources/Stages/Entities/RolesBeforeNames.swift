import Pipeline

/// A player's position or a person's job written before the full name, capitalised, as
/// rosters, sports and business news write them ("CB Denzel Ward", "Browns DL Sheldon
/// Richardson", "Lexus Project Manager Fumihiko Hazama", "CBS Sports NFL Insider Jason La
/// Canfora", "Public Ombudsman Nadia Cruz"): the model reads the role, and the team or company
/// before it, as part of one name. Titles of the bundled list ("Minister", "Director") are
/// ``EntityTagger/splitAtTitle(_:_:_:_:_:)``'s.
extension EntityTagger {
  /// Lower-cased hashes of American football positions (written in capitals in the text). Abbreviations that are also common
  /// names' initials or other names' parts ("SS", "SF", "PG", a lone "S" or "C") are left out.
  static let positionAbbreviations = FeatureExtractor.commonWords(
    in: [],
    words: [
      "QB", "RB", "FB", "HB", "WR", "TE", "OT", "OG", "OL", "DL", "DE", "DT", "NT", "LB",
      "ILB", "OLB", "MLB", "CB", "DB", "FS", "LS", "PK", "KR", "PR",
    ])
  /// Lower-cased hashes of capitalised job words that the bundled titles do not list, before a
  /// person's name ("Project Manager", "NFL Insider", "Ombudsman"). Not "Producer" ("Producer
  /// Price Index") nor "Coach" (a company).
  static let roleWords = FeatureExtractor.commonWords(
    in: [],
    words: [
      "manager", "insider", "ombudsman", "editor", "correspondent", "analyst", "coordinator",
      "columnist", "reporter", "commissioner", "officer", "strategist", "economist",
    ])
  /// Lower-cased hashes of capitalised words that may open a job's name before a role word
  /// ("Project Manager", "Senior Analyst", "Public Ombudsman").
  static let roleModifiers = FeatureExtractor.commonWords(
    in: [],
    words: [
      "project", "general", "senior", "chief", "executive", "managing", "deputy", "assistant",
      "associate", "regional", "national", "public", "program", "programme", "product",
      "technical", "marketing", "sales", "news", "political", "investment", "portfolio",
    ])

  /// A span with a position abbreviation or a role word inside, followed by capitalised words up
  /// to its end that make a person's name (two or more; after a role word, two or three, the
  /// last no common word: "Producer Price Index" is no name): those words are a PERSON (by
  /// construction: the label vote keeps it), and the capitalised words before the role (and
  /// the words that open the role's name, ``roleModifiers``), if any, a name of their own with
  /// the span's label (a team: "Browns"; a company: "Lexus"). Other spans are kept whole ("TE
  /// Lawrence", "DB Schenker": one word after it).
  func splitAtRole(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> [ModelSpan] {
    guard span.end - span.first >= 3 else { return [span] }
    let base = tokens.startIndex
    func capitalised(_ position: Int) -> Bool { startsUpperCase(position, text, tokens) }
    func isPosition(_ position: Int) -> Bool {
      let token = tokens[base + position]
      return token.end - token.start <= 3
        && Self.positionAbbreviations.contains(sentence.lower[position])
        && text[token.start..<token.end].allSatisfy(ASCII.isUpper)
    }
    func isRole(_ position: Int) -> Bool {
      capitalised(position) && Self.roleWords.contains(sentence.lower[position])
        && span.end - position <= 4
        && !extractor.commonWords.contains(sentence.lower[span.end - 1])
    }
    guard
      let position = (span.first..<span.end - 2).first(where: { position in
        (isPosition(position) || isRole(position))
          && (position + 1..<span.end).allSatisfy(capitalised)
      })
    else { return [span] }
    var person = span
    person.first = position + 1
    person.label = "PERSON"
    person.cut = true
    person.byContext = true
    var role = position
    while role > span.first, capitalised(role - 1),
      Self.roleModifiers.contains(sentence.lower[role - 1])
    {
      role -= 1
    }
    guard role > span.first, (span.first..<role).contains(where: capitalised) else {
      return [person]
    }
    var team = span
    team.end = role
    team.cut = true
    return [team, person]
  }
}
