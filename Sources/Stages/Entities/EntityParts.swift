import Pipeline

/// One model name replaced by its parts: the document passes that split a joined name
/// (``CoordinatedNames``, ``HyphenJoinedNames``, ``PrepositionJoinedNames``,
/// ``ModifierCompounds``).
enum EntityParts {
  /// The model names of `entities` (origin `model`, a name label:
  /// ``DocumentNameLabels/isName(_:)``) in which `find` finds what a split needs, with what it
  /// found, in order. Most documents have none.
  static func modelNames<Found>(
    in entities: [Entity], _ find: (Entity) -> Found?
  ) -> [(index: Int, found: Found)] {
    entities.indices.compactMap { index -> (index: Int, found: Found)? in
      let entity = entities[index]
      guard entity.origin == "model", DocumentNameLabels.isName(entity.label),
        let found = find(entity)
      else { return nil }
      return (index, found)
    }
  }

  /// A model entity over `range` with `label`, of `entity`'s origin and confidence.
  static func part(_ range: Range<Int>, _ label: String, of entity: Entity) -> Entity {
    Entity(
      start: range.lowerBound, end: range.upperBound, label: label, origin: entity.origin,
      confidence: entity.confidence)
  }

  /// Replaces each entity at an index of `parts` by its parts, in place and in order.
  static func replace(_ entities: inout [Entity], by parts: [Int: [Entity]]) {
    guard !parts.isEmpty else { return }
    var result: [Entity] = []
    result.reserveCapacity(entities.count + parts.count)
    for index in entities.indices {
      result += parts[index] ?? [entities[index]]
    }
    entities = result
  }
}
