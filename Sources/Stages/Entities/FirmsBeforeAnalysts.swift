import Pipeline

/// Firms named by the market role of their people: "Jefferies analyst Jonathan Matuszewski",
/// "Wells Fargo analyst Zachary Fadem", "Commerzbank economist ...". A name right before a
/// lower-case analyst's, economist's or strategist's role that is followed by a person works
/// for a firm (a bank, a broker, a research house), whatever the model typed it: the model
/// knows few of them ("Jefferies" PERSON, "Fargo" LOC).
enum FirmsBeforeAnalysts {
  /// Roles of a firm's market people, written in lower case before their names.
  static let roles = FeatureExtractor.commonWords(
    in: [],
    words: [
      "analyst", "analysts", "economist", "economists", "strategist", "strategists",
    ])
}

extension EntityPasses {
  /// Pass 2b'': a model PERSON, LOC or MISC right before a role of ``FirmsBeforeAnalysts``
  /// and a PERSON becomes an ORG by construction, taking a free capitalised word right before
  /// it ("Wells" of "Wells Fargo", not a sentence's opening connective).
  mutating func addFirmsBeforeAnalysts() {
    let base = tokens.startIndex
    for span in modelSpansByLabel where span.label != "ORG" && span.end + 1 < tokens.count {
      guard tagger.startsLowerCase(span.end, text, tokens),
        FirmsBeforeAnalysts.roles.contains(sentence.lower[span.end]),
        result.contains(where: {
          $0.start == tokens[base + span.end + 1].start && $0.label == "PERSON"
        })
      else { continue }
      relabel(span.index, as: "ORG")
      let before = span.first - 1
      guard before >= 0, !taken[before] else { continue }
      let token = tokens[base + before]
      guard FeatureExtractor.startsUppercase(text, token.start, token.end),
        sentence.lower[before] != EntityTagger.theHash,
        !(before == 0 && tagger.openers.contains(sentence.lower[before])),
        !tagger.titleWords.contains(sentence.lower[before])
      else { continue }
      widen(span.index, toStartAt: before)
    }
  }
}
