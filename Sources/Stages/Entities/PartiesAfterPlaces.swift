import Pipeline

/// A party's members named after their state or country ("Virginia Democrats won a
/// majority", "Senator Mark Warner, a Virginia Democrat", "an Oklahoma Republican") are two
/// names: the place and the party. The model reads the pair as one organisation (or one
/// place); a span that is exactly a listed country, region or city followed by "Democrat(s)",
/// "Republican(s)" or "GOP" becomes the place (LOC) and the party word (ORG).
extension EntityTagger {
  /// Lower-cased hashes of the party nouns that follow a place.
  static let partyNouns = FeatureExtractor.commonWords(
    in: [], words: ["democrat", "democrats", "republican", "republicans", "gop"])

  /// `span` as its place and its party when it is a listed place and a party noun; the span
  /// itself otherwise.
  func splitPartyAfterPlace(
    _ span: ModelSpan, _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> [ModelSpan] {
    guard span.entry == nil, !span.byContext, span.end - span.first >= 2,
      Self.partyNouns.contains(sentence.lower[span.end - 1]),
      listedMatch(span.first, span.end - 1, kinds: ["country", "region", "city"], in: matches)
        != nil
    else { return [span] }
    var place = span
    place.end = span.end - 1
    place.label = "LOC"
    place.cut = true
    var party = span
    party.first = span.end - 1
    party.label = "ORG"
    party.cut = true
    return [place, party]
  }
}
