import Pipeline

/// Diplomatic missions named by their country ("U.S. Embassy", "the Turkish Consulate"): the
/// country is the name, the mission word a noun after it, so "the U.S. Embassy in Tunis"
/// reads like "Azerbaijan's embassy in Tel Aviv" to the relation rules (`embassy_in`).
extension EntityTagger {
  /// Capitalised last words of a mission named by its country.
  static let missionWords = FeatureExtractor.commonWords(
    in: [], words: ["embassy", "embassies", "consulate", "consulates", "mission"])

  /// A model span of several words whose last word is a mission word and whose other words are
  /// exactly one country or nationality name of the gazetteer, cut to that name with the
  /// gazetteer's label (LOC for a country, MISC for a nationality word). Other spans are kept.
  func withoutMissionWord(
    _ span: ModelSpan, _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> ModelSpan {
    guard span.end - span.first >= 2, Self.missionWords.contains(sentence.lower[span.end - 1])
    else { return span }
    guard
      let match = listedMatch(
        span.first, span.end - 1, kinds: ["country", "demonym"], in: matches)
    else { return span }
    var name = span
    name.end = span.end - 1
    name.label = gazetteer.entries[match.entry].label
    name.cut = true
    return name
  }

  /// Whether a model span is one mission word right after a listed country or nationality
  /// name ("U.S." + "Embassy" when the model tagged the two apart): the noun of that
  /// mission, not a name of its own (as `withoutMissionWord` cuts it from one span).
  func isMissionWordAfterCountry(
    _ span: ModelSpan, _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> Bool {
    guard span.end - span.first == 1, span.first > 0,
      Self.missionWords.contains(sentence.lower[span.first])
    else { return false }
    return matches.contains {
      $0.end == span.first && ["country", "demonym"].contains(gazetteer.entries[$0.entry].kind)
    }
  }
}

/// A listed place right before a title is the place the office is of ("Kentucky GOP Gov.
/// Matt Bevin", "Ohio Sen. X", "Texas Attorney General X"): a place, also where the model,
/// trained on sports pages that name teams by their city, said ORG.
extension EntityTagger {
  /// Party words that may stand between the place and the title ("Kentucky GOP Gov.").
  static let partyWords = FeatureExtractor.commonWords(
    in: [], words: ["gop", "republican", "democratic", "democrat", "labour", "conservative"])

  /// The span as a LOC when it is exactly one listed country, region or city followed by a
  /// title (a listed one or an abbreviated one), with a party word between or not.
  func placeBeforeTitle(
    _ span: ModelSpan, _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> ModelSpan {
    guard span.label == "ORG",
      listedMatch(span.first, span.end, kinds: ["country", "region", "city"], in: matches) != nil
    else { return span }
    var title = span.end
    if title < sentence.count, Self.partyWords.contains(sentence.lower[title]) { title += 1 }
    guard title < sentence.count,
      Self.shortTitles.contains(sentence.lower[title])
        || matches.contains(where: {
          $0.first == title && gazetteer.entries[$0.entry].label == "TITLE"
        })
    else { return span }
    var place = span
    place.label = "LOC"
    return place
  }
}

/// An unknown one-word name the model calls an organisation or a person, without
/// confidence, right after "in" or "near" ("workers in Evansville"): a place.
extension EntityTagger {
  /// Prepositions of place before which an unsure one-word ORG is a place.
  static let placePrepositions = FeatureExtractor.commonWords(
    in: [], words: ["in", "near", "outside", "around"])
  /// Model confidence below which the preposition decides.
  static let unsurePlaceBelow = 0.75

  /// The span as a LOC when it is one unlisted word tagged ORG or PERSON below
  /// `unsurePlaceBelow`,
  /// right after a place preposition.
  func placeAfterPreposition(
    _ span: ModelSpan, _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> ModelSpan {
    guard span.label == "ORG" || span.label == "PERSON", span.end - span.first == 1,
      span.first > 0,
      span.confidence < Self.unsurePlaceBelow,
      Self.placePrepositions.contains(sentence.lower[span.first - 1]),
      !matches.covers(span.first)
    else { return span }
    var place = span
    place.label = "LOC"
    return place
  }
}

/// A legislative chamber named after its place ("Ohio Senate", "Indiana House"): an
/// organisation, where the model, seeing a place name first, said LOC.
extension EntityTagger {
  /// The span as an ORG when it is a listed region, country or city and one chamber word.
  func chamberOfAPlace(
    _ span: ModelSpan, _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> ModelSpan {
    guard span.label == "LOC", span.end - span.first >= 2,
      Self.chamberWords.contains(sentence.lower[span.end - 1]),
      listedMatch(span.first, span.end - 1, kinds: ["country", "region", "city"], in: matches)
        != nil
    else { return span }
    var chamber = span
    chamber.label = "ORG"
    return chamber
  }
}
