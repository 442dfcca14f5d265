import Pipeline

/// How a public list (``ListedNames``) named an entity: it retyped the model's entity
/// `modelEntity`, or added a name where the model found nothing (`modelEntity` is `nil`).
struct ListedName: Sendable, Equatable {
  var modelEntity: Entity?
}

extension EntityPasses {
  /// Pass 2d': names of the public lists (``ListedNames``; `names` are the sentence's
  /// matches in `list`), after the model, the bundled lists and the subdivisions. A model
  /// span of exactly such a name takes the list's label and canonical name where
  /// ``listWins(over:_:_:)`` says (below the kind's threshold, ``EntityTagger/listThresholds``;
  /// not where the words around it say otherwise: "Jackson said" stays). With `addMissing`,
  /// a name nothing covers is added unless a capitalised word touches it on either side
  /// (then it is part of a longer name). A state abbreviation is a place only right after
  /// "Town," ("San Jose, Calif."): there the construction says so, at any confidence.
  mutating func addListedNames(
    _ names: [Gazetteer.Match], from list: Gazetteer, addMissing: Bool
  ) {
    let base = tokens.startIndex
    for match in names {
      let entry = list.entries[match.entry]
      let afterTown =
        match.first >= 2 && isCapitalised(match.first - 2)
        && text[tokens[base + match.first - 1].start] == 0x2C
        && tokens[base + match.first - 1].end - tokens[base + match.first - 1].start == 1
      let abbreviation = entry.kind == "state-abbreviation"
      if abbreviation && !afterTown { continue }
      // The stage cuts a possessive off model names: "Lowe" of "Lowe's" is the model's.
      let possessive = match.end - match.first >= 2 && isClitic(match.end - 1)
      if possessive, let index = modelEntity(match.first, match.end - 1) {
        if listWins(
          over: index, Gazetteer.Match(first: match.first, end: match.end - 1, entry: match.entry),
          entry)
        {
          retype(index, as: entry, byContext: false)
          extend(index, toEndAt: match.end)
        }
        continue
      }
      if let index = modelEntity(match.first, match.end) {
        let placeStated =
          abbreviation && result[index].label != entry.label && !byContext[index]
        if placeStated || listWins(over: index, match, entry) {
          retype(index, as: entry, byContext: abbreviation)
        }
        continue
      }
      guard addMissing, !taken[match.first..<match.end].contains(true),
        abbreviation || !isCapitalised(match.first - 1), abbreviation || !isCapitalised(match.end)
      else { continue }
      addListed(entry, match.first, match.end, byContext: abbreviation)
    }
  }

  /// Whether listed name `entry` (matched by `match`) retypes model entity `index` of
  /// exactly its words: a model label other than the list's and no construction behind it,
  /// the model below the kind's threshold, no capitalised word touching the name; for a
  /// town, never over a model ORG (a team or a town's government: "Chelsea", "Moscow
  /// said"), and over a model PERSON of one word only right after a locative preposition
  /// ("moved to Plano"; a one-word town is often a surname or a given name); for every kind,
  /// over a model PERSON only when nothing around the name says person.
  func listWins(over index: Int, _ match: Gazetteer.Match, _ entry: Gazetteer.Entry) -> Bool {
    let model = result[index]
    let below =
      entry.kind == "company" ? tagger.listThresholds.companies : tagger.listThresholds.places
    guard model.label != entry.label, !byContext[index], model.confidence < below else {
      return false
    }
    if entry.kind == "town" {
      if model.label == "ORG" { return false }
      if model.label == "PERSON", match.end - match.first == 1,
        match.first == 0
          || !EntityTagger.locativePrepositions.contains(sentence.lower[match.first - 1])
      {
        return false
      }
    }
    if model.label == "PERSON" {
      return !tagger.personEvidence(
        around: match.first, match.end, text, tokens, sentence, matches)
    }
    return (match.first == 0 || !isCapitalised(match.first - 1)) && !isCapitalised(match.end)
  }

  /// Whether token `position` is the possessive clitic "'s" (straight or typographic
  /// apostrophe), as the tokenizer splits it off a name.
  func isClitic(_ position: Int) -> Bool {
    let token = tokens[tokens.startIndex + position]
    let bytes = text[token.start..<token.end]
    return bytes.elementsEqual("'s".utf8) || bytes.elementsEqual("\u{2019}s".utf8)
  }

  /// Whether token `position` of the sentence exists and starts with an upper-case letter.
  func isCapitalised(_ position: Int) -> Bool {
    guard position >= 0, position < tokens.count else { return false }
    let token = tokens[tokens.startIndex + position]
    return FeatureExtractor.startsUppercase(text, token.start, token.end)
  }
}
