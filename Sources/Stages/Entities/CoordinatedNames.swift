import Pipeline

/// Two names joined by "and" that the model read as one ("The Steelers and Browns were in
/// the news", "Essex and Kent"): a model name of the form "X and Y", with one lower-case
/// "and", is split in two when the document names both parts on their own elsewhere, each
/// part taking the label its other mentions have (``apply(_:text:tokens:)``). A name that
/// holds an "and" ("Bosnia and Herzegovina", "Securities and Exchange Commission") has no
/// mention of both halves alone, and stays whole; so does a joined span whose parts the
/// document does not name apart (their labels would be the whole span's guess).
enum CoordinatedNames {
  /// The entities with each such model name replaced by its two parts. `tokens` are the
  /// document's; the entities are those after the document's label vote.
  static func apply(_ entities: inout [Entity], text: UnsafeBufferPointer<UInt8>, tokens: [Token]) {
    func key(_ start: Int, _ end: Int) -> String {
      LabelVote.key(ArraySlice(text[start..<end]))
    }
    // Most documents have no such name: nothing more to do for them.
    let joined = entities.indices.compactMap { index -> (Int, Range<Int>, Range<Int>)? in
      let entity = entities[index]
      guard entity.origin == "model", LabelVote.labels.contains(entity.label),
        let parts = parts(of: entity, text: text, tokens: tokens)
      else { return nil }
      return (index, parts.left, parts.right)
    }
    guard !joined.isEmpty else { return }
    // The labels of the document's names, by text, mention by mention.
    var labels: [String: [String]] = [:]
    for entity in entities where LabelVote.labels.contains(entity.label) {
      labels[key(entity.start, entity.end), default: []].append(entity.label)
    }
    var splits: [Int: [Entity]] = [:]
    for (index, left, right) in joined {
      guard let leftLabel = label(labels[key(left.lowerBound, left.upperBound)]),
        let rightLabel = label(labels[key(right.lowerBound, right.upperBound)])
      else { continue }
      let entity = entities[index]
      splits[index] = [
        EntityParts.part(left, leftLabel, of: entity),
        EntityParts.part(right, rightLabel, of: entity),
      ]
    }
    EntityParts.replace(&entities, by: splits)
  }

  /// The byte ranges of the two parts of `entity` around its only lower-case "and" token,
  /// each of at least one token, or `nil` when it has no such "and" or more than one.
  static func parts(of entity: Entity, text: UnsafeBufferPointer<UInt8>, tokens: [Token]) -> (
    left: Range<Int>, right: Range<Int>
  )? {
    guard let first = CommonWordOpeners.tokenIndex(startingAt: entity.start, in: tokens)
    else { return nil }
    var last = first
    while last + 1 < tokens.count, tokens[last + 1].end <= entity.end { last += 1 }
    guard tokens[last].end == entity.end, last - first >= 2 else { return nil }
    let joins = (first + 1..<last).filter {
      text[tokens[$0].start..<tokens[$0].end].elementsEqual("and".utf8)
    }
    guard joins.count == 1, let join = joins.first else { return nil }
    return (entity.start..<tokens[join - 1].end, tokens[join + 1].start..<entity.end)
  }

  /// The label most of a part's other mentions have (the first of them on a tie), `nil`
  /// when the document does not name it on its own.
  static func label(_ mentions: [String]?) -> String? {
    guard let mentions, !mentions.isEmpty else { return nil }
    var counts: [String: Int] = [:]
    for label in mentions { counts[label, default: 0] += 1 }
    let most = counts.values.max() ?? 0
    return mentions.first { counts[$0] == most }
  }
}
