import Pipeline

/// Two names that the model read as one across a lower-case preposition or a possessive
/// ("New Glenn from Blue Origin", "Advanced Development Programs at Blue Origin", "Starry
/// Night in Van Gogh's painting", "Inside Passage to Ketchikan", "Blue Origin's New Glenn",
/// "Nashville's Grand Ole Opry"). A model name is split there (``apply(_:text:tokens:gazetteer:)``)
/// only when the text says that a part is a name of its own:
/// * at "at", "in", "from", "to", "vs." (or "vs", "versus"), when the document names the part
///   after it apart, as a PERSON or an ORG after "at" and "in" ("Al Qaeda in Iraq", "University
///   of Texas at Austin" are organisations named after their place, and stay whole);
/// * at a possessive, when the document names the part before it apart or a bundled list
///   names exactly those words, and the part after it is two or more words or a name of the
///   document ("McDonald's Corp" stays) and starts with no word of an office ("U.S. Attorney's
///   Office for the Western District of New York" stays).
///
/// A part the document names elsewhere takes the label most of those mentions have; the
/// other part keeps the model's label. Names with "of", "for" or "and" inside are not touched
/// here ("Bank of America"; "X and Y" is ``CoordinatedNames``'s).
enum PrepositionJoinedNames {
  /// Lower-case joining words, and whether a place may follow (after "at" and "in" a place is
  /// usually part of the name).
  static let prepositions: [(word: [UInt8], placeAfter: Bool)] = [
    ("at", false), ("in", false), ("from", true), ("to", true), ("vs.", true), ("vs", true),
    ("versus", true),
  ].map { (Array($0.0.utf8), $0.1) }

  /// The entities with each such model name replaced by its parts. `tokens` are the
  /// document's; the entities are those after the document's label vote.
  static func apply(
    _ entities: inout [Entity], text: UnsafeBufferPointer<UInt8>, tokens: [Token],
    gazetteer: Gazetteer
  ) {
    // Most documents have no model name with a joining word inside: nothing more to do.
    // Each candidate with the token positions of its joining words.
    let candidates = EntityParts.modelNames(in: entities) { entity -> [Int]? in
      guard let range = tokenRange(of: entity, tokens: tokens), range.count >= 3 else {
        return nil
      }
      let joints = (range.lowerBound + 1..<range.upperBound - 1).filter {
        joint(tokens[$0], text) != nil
      }
      return joints.isEmpty ? nil : joints
    }
    guard !candidates.isEmpty else { return }
    // Every part a split may ask about: the words before and after each joining token.
    let wanted = candidates.flatMap { candidate -> [Range<Int>] in
      let entity = entities[candidate.index]
      return candidate.found.flatMap { position in
        [entity.start..<tokens[position - 1].end, tokens[position + 1].start..<entity.end]
      }
    }
    let context = Context(
      text: text, tokens: tokens, gazetteer: gazetteer,
      names: DocumentNameLabels(entities, text: text, wanted: wanted))
    var replacements: [Int: [Entity]] = [:]
    for (index, _) in candidates {
      let parts = context.split(entities[index])
      if parts.count > 1 { replacements[index] = parts }
    }
    EntityParts.replace(&entities, by: replacements)
  }

  /// What a joining token is: a preposition (and whether a place may follow it) or a
  /// possessive.
  enum Joint: Equatable {
    case preposition(placeAfter: Bool)
    case possessive
  }

  static func joint(_ token: Token, _ text: UnsafeBufferPointer<UInt8>) -> Joint? {
    let bytes = text[token.start..<token.end]
    if EntityTagger.isPossessive(bytes) { return .possessive }
    guard bytes.count <= 6, let first = bytes.first, ASCII.isLower(first) else { return nil }
    return prepositions.first { bytes.elementsEqual($0.word) }.map {
      .preposition(placeAfter: $0.placeAfter)
    }
  }

  /// The indices of the tokens that make up `entity` exactly, or `nil`.
  static func tokenRange(of entity: Entity, tokens: [Token]) -> Range<Int>? {
    guard let first = CommonWordOpeners.tokenIndex(startingAt: entity.start, in: tokens) else {
      return nil
    }
    var end = first
    while end < tokens.count, tokens[end].end <= entity.end { end += 1 }
    return end > first && tokens[end - 1].end == entity.end ? first..<end : nil
  }

  /// The document's text, tokens, bundled names and the labels of its names.
  struct Context {
    let text: UnsafeBufferPointer<UInt8>
    let tokens: [Token]
    let gazetteer: Gazetteer
    let names: DocumentNameLabels

    /// The label most of the document's mentions of the text `range` have, `nil` when it
    /// names it nowhere.
    func named(_ range: Range<Int>) -> String? { names.label(range, text) }

    /// The label of a trusted bundled name of exactly the tokens `range`.
    func listed(_ range: Range<Int>) -> String? {
      gazetteer.matches(in: text, tokens: tokens[range]).lazy.filter {
        $0.first == 0 && $0.end == range.count
      }.map { gazetteer.entries[$0.entry] }.first {
        EntityTagger.trustedKinds.contains($0.kind) && LabelVote.labels.contains($0.label)
      }?.label
    }

    /// `entity` split at its first joining token that the text supports (the part after it
    /// split again), or `[entity]`.
    func split(_ entity: Entity) -> [Entity] {
      guard let range = tokenRange(of: entity, tokens: tokens), range.count >= 3 else {
        return [entity]
      }
      for position in range.lowerBound + 1..<range.upperBound - 1 {
        guard let joint = joint(tokens[position], text),
          ASCII.isUpper(text[tokens[position + 1].start])
        else { continue }
        let left = range.lowerBound..<position
        let right = position + 1..<range.upperBound
        let leftBytes = entity.start..<tokens[position - 1].end
        let rightBytes = tokens[position + 1].start..<entity.end
        let labels: (String, String)
        switch joint {
        case .preposition(let placeAfter):
          guard let after = named(rightBytes), placeAfter || after == "PERSON" || after == "ORG"
          else { continue }
          labels = (named(leftBytes) ?? entity.label, after)
        case .possessive:
          // A title's or a body's own office is one name ("U.S. Attorney's Office for the
          // Western District of New York", "Prime Minister's Office").
          let head = tokens[position + 1]
          guard
            !EntityTagger.organisationNouns.contains(
              FeatureHash.lowercased(text[head.start..<head.end])),
            let before = named(leftBytes) ?? listed(left),
            right.count >= 2 || named(rightBytes) != nil
          else { continue }
          labels = (before, named(rightBytes) ?? entity.label)
        }
        let parts = [
          EntityParts.part(leftBytes, labels.0, of: entity),
          EntityParts.part(rightBytes, labels.1, of: entity),
        ]
        return [parts[0]] + split(parts[1])
      }
      return [entity]
    }
  }
}
