import Foundation
import Pipeline

/// One document of document-level news gold, the format of the news-relations dev set's
/// `gold.json` (and of the sets annotated here, `eval/gold/news-*.json`): typed groups of
/// surface forms, optional entities, and relations between names (no offsets).
package struct NewsGoldDocument: Sendable {
  /// The document's id (its text is `ID.txt` beside the gold).
  package var id: String
  /// Every entity group: its type (`PERSON`, `ORG`, `LOC`, ...) and its surface forms, the
  /// types in name order, the groups of a type in file order.
  package var groups: [(type: String, forms: [String])]
  /// Names that are neither required nor wrong.
  package var optionalEntities: [String]
  /// Relations as written: head, label, tail and, for `role_in`, the role words.
  package var relations: [[String]]
  /// Relations that count neither way.
  package var optionalRelations: [[String]]
}

/// Reads document-level news gold: `{"docs": {ID: {"entities": {TYPE: [[form, ...], ...]},
/// "optional_entities": [form, ...], "relations": [[head, label, tail, role?], ...],
/// "optional_relations": [...]}}}`. The one reader of that format for the trainers (the
/// entity model's `--gold`, the group classifier's `--news` and `--gold`, the pair
/// classifier's `--news`).
package enum NewsGold {
  /// The documents of a gold file, sorted by id. `origin` names the file in errors.
  package static func documents(_ data: Data, origin: String) throws -> [NewsGoldDocument] {
    guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let docs = root["docs"] as? [String: Any]
    else {
      throw LoadError(file: origin, message: "expected a JSON object with a \"docs\" object")
    }
    var result: [NewsGoldDocument] = []
    for id in docs.keys.sorted() {
      guard let doc = docs[id] as? [String: Any] else {
        throw LoadError(file: origin, message: "document \(id) is not an object")
      }
      var groups: [(type: String, forms: [String])] = []
      for (type, list) in ((doc["entities"] as? [String: Any]) ?? [:]).sorted(by: {
        $0.key < $1.key
      }) {
        guard let list = list as? [[String]] else {
          throw LoadError(
            file: origin, message: "document \(id): \(type) is not a list of name groups")
        }
        groups += list.map { (type: type, forms: $0) }
      }
      result.append(
        NewsGoldDocument(
          id: id, groups: groups,
          optionalEntities: (doc["optional_entities"] as? [String]) ?? [],
          relations: (doc["relations"] as? [[String]]) ?? [],
          optionalRelations: (doc["optional_relations"] as? [[String]]) ?? []))
    }
    return result
  }

  /// The documents of `gold` whose ids are in `ids` (all when nil), sorted by id, each with
  /// its text read from `texts/ID.txt`.
  package static func documents(gold: URL, texts: URL, ids: Set<String>? = nil) throws -> [(
    document: NewsGoldDocument, text: String
  )] {
    try documents(Data(contentsOf: gold), origin: gold.path)
      .filter { ids?.contains($0.id) ?? true }
      .map { document in
        let url = texts.appendingPathComponent(document.id + ".txt")
        return (document, try String(contentsOf: url, encoding: .utf8))
      }
  }
}
