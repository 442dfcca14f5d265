import Pipeline

/// The name groups of a document as the document-level scorer sees them: the PERSON, ORG,
/// LOC and MISC mentions that share a canonical name (the mention's text when it has none)
/// and a label. Names from the pipeline file's own lists are in no group (they are the user's
/// word); pattern entities (DATE, MONEY...) neither, nor the mentions a construction typed
/// unambiguously (origin ``ruledOrigin``: ``PostalCodePlaces``).
package struct EntityGroup: Sendable, Equatable {
  /// The canonical name (or text) the mentions share.
  package var name: String
  /// The stage's label of every mention.
  package var label: String
  /// Indices of the mentions in the document's entities, in order.
  package var members: [Int]
}

extension EntityGroup {
  /// Labels whose groups are classified.
  static let labels: Set<String> = ["PERSON", "ORG", "LOC", "MISC"]
  /// The origin of mentions typed by an unambiguous construction: in no group.
  static let ruledOrigin = "rule"

  /// The groups of `entities` in order of their first mention. `userNames` tells a name of
  /// the pipeline file's own lists (never grouped).
  package static func groups(
    of entities: [Entity], text: [UInt8], userNames: (String) -> Bool = { _ in false }
  ) -> [EntityGroup] {
    var result: [EntityGroup] = []
    var index: [String: Int] = [:]
    for (position, entity) in entities.enumerated()
    where labels.contains(entity.label) && entity.origin != ruledOrigin {
      let name =
        entity.canonical ?? String(decoding: text[entity.start..<entity.end], as: UTF8.self)
      guard !userNames(name) else { continue }
      let key = entity.label + "\t" + name
      if let known = index[key] {
        result[known].members.append(position)
      } else {
        index[key] = result.count
        result.append(EntityGroup(name: name, label: entity.label, members: [position]))
      }
    }
    return result
  }
}
