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
    // The labels of the document's names, by text, mention by mention.
    var labels: [String: [String]] = [:]
    for entity in entities where LabelVote.labels.contains(entity.label) {
      labels[key(entity.start, entity.end), default: []].append(entity.label)
    }
    var result: [Entity] = []
    result.reserveCapacity(entities.count)
    for entity in entities {
      guard entity.origin == "model", LabelVote.labels.contains(entity.label),
        let parts = parts(of: entity, text: text, tokens: tokens),
        let left = label(labels[key(parts.left.lowerBound, parts.left.upperBound)]),
        let right = label(labels[key(parts.right.lowerBound, parts.right.upperBound)])
      else {
        result.append(entity)
        continue
      }
      for (range, label) in [(parts.left, left), (parts.right, right)] {
        result.append(
          Entity(
            start: range.lowerBound, end: range.upperBound, label: label, origin: entity.origin,
            confidence: entity.confidence))
      }
    }
    entities = result
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
