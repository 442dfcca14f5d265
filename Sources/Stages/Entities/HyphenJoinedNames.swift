import Pipeline

/// Two names joined by a hyphen into one token ("US-China trade talks", "the Gannett-Gatehouse
/// merger", "the Coty-Kylie Jenner deal"), which the model reads as one name: a model name with
/// one such token is split at its hyphen when the document names both parts on their own
/// elsewhere, each part taking the label its other mentions have
/// (``apply(_:text:tokens:)``). A hyphenated name ("Rolls-Royce", "Bosnia-Herzegovina",
/// "Ocasio-Cortez") has no mention of both halves alone, and stays whole; so does a compound of
/// nationalities ("Arab-Israeli": a part the document labels MISC).
enum HyphenJoinedNames {
  /// The entities with each such model name replaced by its two parts. `tokens` are the
  /// document's; the entities are those after the document's label vote.
  static func apply(_ entities: inout [Entity], text: UnsafeBufferPointer<UInt8>, tokens: [Token]) {
    // Most documents have no such name: nothing more to do for them.
    let joined = EntityParts.modelNames(in: entities) { hyphen(in: $0, text: text, tokens: tokens) }
    guard !joined.isEmpty else { return }
    let names = DocumentNameLabels(
      entities, text: text,
      wanted: joined.flatMap { [entities[$0.0].start..<$0.1, ($0.1 + 1)..<entities[$0.0].end] })
    var splits: [Int: [Entity]] = [:]
    for (index, hyphen) in joined {
      let entity = entities[index]
      let parts = [entity.start..<hyphen, (hyphen + 1)..<entity.end]
      let partLabels = parts.compactMap { names.label($0, text) }
      // Nationalities ("Arab-Israeli", "German-Israeli") make one word, as CoNLL tags them.
      guard partLabels.count == 2, !partLabels.contains("MISC") else { continue }
      splits[index] = zip(parts, partLabels).map { EntityParts.part($0.0, $0.1, of: entity) }
    }
    EntityParts.replace(&entities, by: splits)
  }

  /// The byte offset of the hyphen of the only token of `entity` with hyphens, when it has one
  /// hyphen between a letter and a capital ("Coty-Kylie"); `nil` otherwise.
  static func hyphen(in entity: Entity, text: UnsafeBufferPointer<UInt8>, tokens: [Token]) -> Int? {
    guard let first = CommonWordOpeners.tokenIndex(startingAt: entity.start, in: tokens) else {
      return nil
    }
    var found: Int?
    var position = first
    while position < tokens.count, tokens[position].end <= entity.end {
      let token = tokens[position]
      position += 1
      guard let hyphen = text[token.start..<token.end].firstIndex(of: 0x2D) else { continue }
      guard found == nil, !text[(hyphen + 1)..<token.end].contains(0x2D),
        hyphen > token.start, hyphen + 1 < token.end, ASCII.isLetter(text[hyphen - 1]),
        ASCII.isUpper(text[hyphen + 1])
      else { return nil }
      found = hyphen
    }
    return found
  }
}
