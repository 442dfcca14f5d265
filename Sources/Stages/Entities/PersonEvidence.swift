import Pipeline

/// What around a name says it is a person, for names a list says are places: the model's
/// PERSON label alone is no evidence, since a model trained on 1996 news has not seen most
/// of the world's provinces and calls an unknown capitalised word a person.
extension EntityTagger {
  /// Lower-cased hashes of verbs of saying next to a speaker's name ("X said", "said X",
  /// "the newspaper X reported"): a speaker is a person or an organisation, not a place.
  static let speechVerbs = FeatureExtractor.commonWords(
    in: [],
    words: [
      "said", "says", "told", "tells", "added", "asked", "wrote", "writes", "explained",
      "recalled", "replied", "insisted", "argued", "noted", "stated", "reported", "reports",
      "announced", "quoted",
    ])

  /// Whether the words around tokens `[first, end)` make them a person's name: a title
  /// right before (a listed or abbreviated one, or a lower-case title word: "Governor
  /// Helmand", "Ms Georgia"), a capitalised word touching the name on either side (it is
  /// part of a longer name: "Victoria Beckham"), or a verb of saying right after or before
  /// ("Nelson said", "said Nelson").
  func personEvidence(
    around first: Int, _ end: Int, _ text: UnsafeBufferPointer<UInt8>,
    _ tokens: ArraySlice<Token>, _ sentence: FeatureExtractor.Sentence,
    _ matches: [Gazetteer.Match]
  ) -> Bool {
    let base = tokens.startIndex
    func capitalised(_ position: Int) -> Bool {
      let token = tokens[base + position]
      return FeatureExtractor.startsUppercase(text, token.start, token.end)
    }
    if first > 0 {
      let before = sentence.lower[first - 1]
      let title =
        Self.shortTitles.contains(before) || titleWords.contains(before)
        || matches.contains { $0.end == first && gazetteer.entries[$0.entry].label == "TITLE" }
      let opener = first - 1 == 0 && openers.contains(before)
      if title || Self.speechVerbs.contains(before)
        || (capitalised(first - 1) && !opener && before != Self.theHash)
      {
        return true
      }
    }
    if end < tokens.count {
      if Self.speechVerbs.contains(sentence.lower[end]) || capitalised(end) { return true }
    }
    return false
  }
}
