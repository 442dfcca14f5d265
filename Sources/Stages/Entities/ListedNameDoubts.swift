import Pipeline

/// The document's word on the names a public list typed (``ListedName``): a listed name
/// that is a word or words of a PERSON the document names ("Jackson" after "Michael
/// Jackson": a surname that is also a town), or that a construction elsewhere in the
/// document labels otherwise, is left to those mentions: the model's entity comes back, or
/// the added name is dropped. Runs before the document's label vote (``LabelVote``).
enum ListedNameDoubts {
  /// `text` is the document's text as UTF-8 bytes (the entities' offsets).
  static func apply(
    _ entities: inout [Entity], byContext: inout [Bool], listed: [ListedName?], text: [UInt8]
  ) {
    guard listed.contains(where: { $0 != nil }) else { return }
    func words(_ entity: Entity) -> [Substring] {
      LabelVote.key(text[entity.start..<entity.end]).split(separator: " ")
    }
    let others = entities.indices.filter {
      ($0 >= listed.count || listed[$0] == nil) && LabelVote.labels.contains(entities[$0].label)
    }
    var dropped = Set<Int>()
    for index in entities.indices where index < listed.count {
      guard let how = listed[index] else { continue }
      let name = words(entities[index])
      let doubted = others.contains { other in
        guard entities[other].label != entities[index].label else { return false }
        let mention = words(entities[other])
        if other < byContext.count, byContext[other], mention == name { return true }
        return entities[other].label == "PERSON" && mention.count > name.count
          && contains(mention, name)
      }
      guard doubted else { continue }
      if let model = how.modelEntity {
        entities[index] = model
        if index < byContext.count { byContext[index] = false }
      } else {
        dropped.insert(index)
      }
    }
    guard !dropped.isEmpty else { return }
    let kept = entities.indices.filter { !dropped.contains($0) }
    entities = kept.map { entities[$0] }
    byContext = kept.filter { $0 < byContext.count }.map { byContext[$0] }
  }

  /// Whether `words` holds `part` as consecutive words.
  static func contains(_ words: [Substring], _ part: [Substring]) -> Bool {
    guard !part.isEmpty, part.count <= words.count else { return false }
    return (0...words.count - part.count).contains { start in
      words[start..<start + part.count].elementsEqual(part)
    }
  }
}
