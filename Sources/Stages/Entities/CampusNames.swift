import Pipeline

/// A university's campus named after its state system ("University of California, San
/// Francisco", "University of California, San Diego", "University of Wisconsin, Madison") is
/// one organisation: the model tags "University of California" and the city after the comma
/// apart. A model span "University of" and a listed country or region (state), followed by a
/// comma and a listed city that ends there (no capitalised word after it), is joined with the
/// city, and any model span over the city, into one ORG. A person's name after the comma
/// ("University of Pennsylvania, Andrew Vaughan") or a name that is not a listed place
/// ("University of Goethe, Frankfurt") leaves the spans as they are.
extension EntityTagger {
  static let universityWord = FeatureHash.string("university")

  /// The spans with each such campus joined into one ORG.
  func joinedCampuses(
    _ spans: [ModelSpan], _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> [ModelSpan] {
    var result: [ModelSpan] = []
    var index = 0
    while index < spans.count {
      var span = spans[index]
      index += 1
      guard span.label == "ORG", span.end - span.first >= 3,
        sentence.lower[span.first] == Self.universityWord,
        ConstructionNames.of.contains(sentence.lower[span.first + 1]),
        listedMatch(span.first + 2, span.end, kinds: ["country", "region"], in: matches) != nil,
        span.end + 1 < sentence.count,
        text[tokens[tokens.startIndex + span.end].start..<tokens[tokens.startIndex + span.end].end]
          .elementsEqual([0x2C]),
        let city = matches.first(where: {
          $0.first == span.end + 1 && gazetteer.entries[$0.entry].kind == "city"
        }),
        city.end >= sentence.count || !startsUpperCase(city.end, text, tokens),
        !spans[index...].contains(where: { $0.first < city.end && $0.end > city.end })
      else {
        result.append(span)
        continue
      }
      // The city's own model span (if any) joins the name.
      while index < spans.count, spans[index].end <= city.end { index += 1 }
      span.end = city.end
      span.cut = true
      result.append(span)
    }
    return result
  }
}
