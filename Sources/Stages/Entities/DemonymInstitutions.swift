import Pipeline

/// Institutions named by a nationality word and a head noun: "American Enterprise
/// Institute", "Chinese Ministry of State Security", "Indian Navy". Where the model typed the
/// nationality word alone (MISC) and left a capitalised word of the name untagged, the words
/// from the nationality to the head are one organisation (``EntityPasses/addDemonymInstitutions()``).
/// Only where a word is untagged: a model ORG right after a nationality ("German" + "Foreign
/// Ministry") is how CoNLL-2003 writes such names, and is left as it is; so is a heading in
/// capitals ("SCOTTISH LEAGUE STANDINGS").
extension EntityPasses {
  /// Pass 3b: a listed nationality word (the bundled demonyms) that a model span covers alone,
  /// followed by capitalised words (with "of", "for", "&" and, after an "of", "and" inside)
  /// that end in an institution's head noun ("the X Institute") or open with one and "of"
  /// ("Ministry of X"), at most ``ConstructionNames/maxLength`` tokens in all: when some of
  /// the words are untagged and the others lie in model spans inside the run, the run is one
  /// ORG, its label given by the construction.
  mutating func addDemonymInstitutions() {
    let base = tokens.startIndex
    for match in matches where match.end - match.first == 1 && match.end < tokens.count {
      let first = match.first
      // Not in a heading written in capitals ("SCOTTISH LEAGUE STANDINGS").
      let demonym = tokens[base + first]
      guard tagger.gazetteer.entries[match.entry].kind == "demonym",
        text[demonym.start..<demonym.end].contains(where: ASCII.isLower)
      else { continue }
      var end = first + 1
      var sawOf = false
      var lastHead: Int?
      while end < tokens.count, end - first < ConstructionNames.maxLength {
        let token = tokens[base + end]
        if FeatureExtractor.startsUppercase(text, token.start, token.end) {
          // A title ends the name ("Chinese Ministry of Commerce Spokesman Gao Feng").
          guard !tagger.titleWords.contains(sentence.lower[end]) else { break }
          if ConstructionNames.heads.contains(sentence.lower[end]) { lastHead = end + 1 }
          end += 1
          continue
        }
        let lower = sentence.lower[end]
        let connective =
          ConstructionNames.inner.contains(lower) && !ConstructionNames.the.contains(lower)
          || (sawOf && ConstructionNames.and.contains(lower))
        guard connective, end + 1 < tokens.count else { break }
        let next = tokens[base + end + 1]
        guard FeatureExtractor.startsUppercase(text, next.start, next.end) else { break }
        if ConstructionNames.of.contains(lower) { sawOf = true }
        end += 1
      }
      // "the X Institute": the run ends at its last head noun; "Ministry of X": a head
      // noun right after the nationality and "of" after it keep the whole run.
      let opensWithHead =
        first + 2 < end && ConstructionNames.heads.contains(sentence.lower[first + 1])
        && ConstructionNames.of.contains(sentence.lower[first + 2])
      guard let runEnd = opensWithHead ? end : lastHead, runEnd - first >= 2 else { continue }
      // Some word untagged, and no person inside; a model span running past the run keeps
      // it from being replaced (``replacingModelSpans``).
      guard (first + 1..<runEnd).contains(where: { !taken[$0] }),
        !result.contains(where: {
          $0.label == "PERSON" && $0.start >= tokens[base + first].start
            && $0.start < tokens[base + runEnd - 1].end
        })
      else { continue }
      replacingModelSpans(first, runEnd, "ORG", confidence: 0.8, strictly: true, byContext: true)
    }
  }
}
