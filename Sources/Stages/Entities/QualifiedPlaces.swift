import Pipeline

/// Places named with a qualifier of position ("Inner Mongolia", "Northern Ireland", "North
/// Africa"): the model knows the place but not always the qualified name, and types it as a
/// person or cuts the qualifier off ("Inner" PERSON + "Mongolia" LOC).
enum QualifiedPlaces {
  /// Capitalised qualifiers of position that open place names.
  static let qualifiers = FeatureExtractor.commonWords(
    in: [],
    words: [
      "inner", "outer", "upper", "lower", "north", "south", "east", "west", "northern",
      "southern", "eastern", "western", "central",
    ])
}

extension EntityPasses {
  /// Pass 2e: a model PERSON that is a qualifier of ``QualifiedPlaces`` and a listed country,
  /// region or city ("Inner Mongolia" PERSON) is the place; a model PERSON or MISC of the
  /// qualifier alone right before a place ("Inner" PERSON + "Mongolia" LOC) joins it. A
  /// model ORG of a qualifier, with or without the place, is left alone: a team ("Eastern
  /// Michigan", "South Africa" in sport).
  mutating func addQualifiedPlaces() {
    let base = tokens.startIndex
    for span in modelSpansByLabel where span.label != "LOC" {
      guard QualifiedPlaces.qualifiers.contains(sentence.lower[span.first]) else { continue }
      if span.label == "PERSON", span.end - span.first >= 2,
        tagger.listedMatch(
          span.first + 1, span.end, kinds: ["country", "region", "city"], in: matches) != nil
      {
        relabel(span.index, as: "LOC")
        continue
      }
      guard span.label != "ORG", span.end - span.first == 1, span.end < tokens.count,
        let place = result.indices.first(where: {
          result[$0].start == tokens[base + span.end].start && result[$0].label == "LOC"
        })
      else { continue }
      dropModelSpan(span.index)
      widen(place, toStartAt: span.first)
      relabel(place, as: "LOC")
    }
  }
}
