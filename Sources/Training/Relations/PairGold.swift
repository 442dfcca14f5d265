import Foundation
import Pipeline
import Stages

/// A document with document-level gold relations, for training and cross-validating the pair
/// classifier: the news-relations dev set (`gold.json`) or re3d (JSONL with entities and
/// relations), both reduced to groups of normalised names and relations between groups.
public struct PairGoldDocument: Sendable {
  public var id: String
  public var text: String
  /// Each gold entity's names, normalised (``PairGold/normalised(_:)``).
  var groups: [Set<String>] = []
  /// Gold relations between groups; symmetric labels are stored once.
  var relations: [(head: Int, label: String, tail: Int)] = []
  /// Ordered group pairs that count neither way: optional gold, or relations outside the
  /// classifier's labels.
  var ignored: Set<[Int]> = []

  /// The groups a name (any of its normalised forms) belongs to.
  func groups(of names: Set<String>) -> [Int] {
    groups.indices.filter { !groups[$0].isDisjoint(with: names) }
  }

  /// The group of a gold name, added when no entity lists it (an optional entity).
  mutating func group(named name: String) -> Int {
    let key = PairGold.normalised(name)
    if let found = groups.firstIndex(where: { $0.contains(key) }) { return found }
    groups.append([key])
    return groups.count - 1
  }
}

/// Loads gold documents and matches names as the dev scorers do.
public enum PairGold {
  /// The classifier's labels, `none` first: the seven the news guidelines define.
  public static let labels = [
    "none", "role_in", "member_of", "met_with", "visited", "embassy_in", "located_in", "fights",
  ]
  /// Labels that hold in both directions.
  static let symmetric = PairClassifier.symmetric

  /// A name as the scorers compare names: case-folded, curly apostrophes straight, `'s`
  /// dropped, hyphens and dashes as spaces, a leading "the" dropped, other punctuation but
  /// `.` and `&` as spaces, spaces collapsed, outer spaces and full stops trimmed.
  public static func normalised(_ name: String) -> String {
    var text = name.precomposedStringWithCompatibilityMapping.lowercased()
    text = text.replacingOccurrences(of: "\u{2019}", with: "'")
      .replacingOccurrences(of: "\u{2018}", with: "'")
    text = text.replacingOccurrences(of: "'s\\b", with: "", options: .regularExpression)
    text = text.replacingOccurrences(
      of: "[\u{2010}-\u{2015}\\-]", with: " ", options: .regularExpression)
    text = text.trimmingCharacters(in: .whitespaces)
    text = text.replacingOccurrences(of: "^the\\s+", with: "", options: .regularExpression)
    text = text.replacingOccurrences(of: "[^\\w\\s.&]", with: " ", options: .regularExpression)
    text = text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    return text.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
  }

  /// The news-relations dev set: `gold.json` and `texts/ID.txt`, the documents whose ids are
  /// in `ids` (all when nil), sorted by id.
  public static func news(gold: URL, texts: URL, ids: Set<String>?) throws -> [PairGoldDocument] {
    try NewsGold.documents(gold: gold, texts: texts, ids: ids).map { gold, text in
      var document = PairGoldDocument(id: gold.id, text: text)
      document.groups = gold.groups.map { Set($0.forms.map(normalised)) }
      for relation in gold.relations where relation.count >= 3 {
        let head = document.group(named: relation[0])
        let tail = document.group(named: relation[2])
        if labels.contains(relation[1]) {
          document.relations.append((head, relation[1], tail))
        } else {
          document.ignored.formUnion([[head, tail], [tail, head]])
        }
      }
      for relation in gold.optionalRelations where relation.count >= 3 {
        let head = document.group(named: relation[0])
        let tail = document.group(named: relation[2])
        document.ignored.formUnion([[head, tail], [tail, head]])
      }
      return document
    }
  }

  /// re3d JSONL (`{"id", "text", "entities": [{"id", "type", "aliases"}], "relations":
  /// [{"head_id", "label", "tail_id"}]}`), the documents whose ids are in `ids` (all when
  /// nil), sorted by id. re3d labels become the news labels by the head's type:
  /// BelongsTo is `role_in` for a person, else `member_of`; CoLocated is `visited` for a
  /// person, else `located_in`; CommWith `met_with`; FightingAgainst `fights`. InChargeOf
  /// pairs are ignored; other re3d labels are no relation of these kinds.
  public static func re3d(_ url: URL, ids: Set<String>?) throws -> [PairGoldDocument] {
    let text = try String(contentsOf: url, encoding: .utf8)
    var result: [PairGoldDocument] = []
    for (number, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
      let object = try json(Data(line.utf8), "\(url.path):\(number + 1)")
      guard let id = object["id"] as? String, let body = object["text"] as? String else {
        throw LoadError(
          file: url.path, line: number + 1, column: 1, message: "expected \"id\" and \"text\"")
      }
      guard ids?.contains(id) ?? true else { continue }
      var document = PairGoldDocument(id: id, text: body)
      var groupOf: [String: (group: Int, type: String)] = [:]
      for entity in (object["entities"] as? [[String: Any]]) ?? [] {
        guard let entityID = entity["id"] as? String else { continue }
        var names = Set(((entity["aliases"] as? [String]) ?? []).map(normalised))
        if let name = entity["name"] as? String { names.insert(normalised(name)) }
        groupOf[entityID] = (document.groups.count, (entity["type"] as? String) ?? "")
        document.groups.append(names)
      }
      for relation in (object["relations"] as? [[String: Any]]) ?? [] {
        guard let headID = relation["head_id"] as? String,
          let tailID = relation["tail_id"] as? String,
          let head = groupOf[headID], let tail = groupOf[tailID],
          let label = relation["label"] as? String
        else { continue }
        let person = head.type == "Person"
        let mapped: String? =
          switch label {
          case "BelongsTo": person ? "role_in" : "member_of"
          case "CoLocated": person ? "visited" : "located_in"
          case "CommWith": "met_with"
          case "FightingAgainst": "fights"
          default: nil
          }
        if let mapped {
          document.relations.append((head.group, mapped, tail.group))
          // re3d's CoLocated has no direction: the other order is no negative.
          if label == "CoLocated" { document.ignored.insert([tail.group, head.group]) }
        } else if label == "InChargeOf" {
          document.ignored.formUnion([[head.group, tail.group], [tail.group, head.group]])
        }
      }
      result.append(document)
    }
    return result.sorted { $0.id < $1.id }
  }

  private static func json(_ data: Data, _ name: String) throws -> [String: Any] {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw LoadError(file: name, message: "expected a JSON object")
    }
    return object
  }
}
