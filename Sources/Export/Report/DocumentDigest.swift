import Pipeline

/// An entity as the report counts it: its canonical name and label.
struct EntityKey: Hashable, Sendable, Comparable {
  var name: String
  var label: String

  static func < (lhs: EntityKey, rhs: EntityKey) -> Bool {
    (lhs.name, lhs.label) < (rhs.name, rhs.label)
  }
}

/// A relation between two entities, by canonical names (a graph edge).
struct EdgeKey: Hashable, Sendable, Comparable {
  var head: EntityKey
  var relation: String
  var tail: EntityKey

  static func < (lhs: EdgeKey, rhs: EdgeKey) -> Bool {
    (lhs.head, lhs.relation, lhs.tail) < (rhs.head, rhs.relation, rhs.tail)
  }
}

/// The small per-document aggregates the report's summary needs, computed on a worker.
struct DocumentDigest: Equatable, Sendable {
  var sentences = 0
  /// Entity mentions by label.
  var labels: [String: Int] = [:]
  /// Mentions per distinct entity.
  var entities: [EntityKey: Int] = [:]
  /// Relations by type.
  var relations: [String: Int] = [:]
  /// Relations between distinct entities (self-relations left out), with their count.
  var edges: [EdgeKey: Int] = [:]

  init() {}

  /// Tallies a document's entities and relations. Mentions of one entity count as one key
  /// (see ``keys(of:demonyms:)``).
  init(_ document: Document, demonyms: (any NationalityTable)? = nil) {
    sentences = document.sentences.count
    let keys = Self.keys(of: document, demonyms: demonyms)
    for (entity, key) in zip(document.entities, keys) {
      labels[entity.label, default: 0] += 1
      entities[key, default: 0] += 1
    }
    for relation in document.relations {
      relations[relation.relation, default: 0] += 1
      guard keys.indices.contains(relation.head), keys.indices.contains(relation.tail),
        keys[relation.head] != keys[relation.tail]
      else { continue }
      edges[
        EdgeKey(head: keys[relation.head], relation: relation.relation, tail: keys[relation.tail]),
        default: 0] += 1
    }
  }

  /// Labels a nationality word may carry; it then counts as its country ("Israeli" MISC is
  /// Israel LOC).
  static let nationalityLabels: Set<String> = ["MISC", "NORP", "LOC", "GPE"]
  /// Labels of places, one of which a country's mentions all take.
  static let placeLabels: Set<String> = ["LOC", "GPE"]

  /// The key each entity of a document counts under: its name (canonical, else its text),
  /// a nationality word replaced by its country (as LOC), and one label per name within
  /// the document (a place label when the name has one, else the most frequent; ties to the
  /// first seen), so "Israel" LOC, "Israeli" MISC and a stray "Israel" ORG are one node.
  static func keys(of document: Document, demonyms: (any NationalityTable)?) -> [EntityKey] {
    var keys = document.entities.map { entity -> EntityKey in
      let name = Self.name(of: entity, in: document)
      // The entity stage links "Israeli" to the canonical "Israel" (MISC): either names it.
      if let demonyms, nationalityLabels.contains(entity.label),
        let state = demonyms.state(of: name) ?? demonyms.state(of: document.slice(entity))
      {
        return EntityKey(name: state, label: "LOC")
      }
      return EntityKey(name: name, label: entity.label)
    }
    var votes: [String: [(label: String, count: Int)]] = [:]
    for key in keys {
      var list = votes[key.name, default: []]
      if let index = list.firstIndex(where: { $0.label == key.label }) {
        list[index].count += 1
      } else {
        list.append((key.label, 1))
      }
      votes[key.name] = list
    }
    for index in keys.indices {
      guard let list = votes[keys[index].name], list.count > 1 else { continue }
      // A name that is a place somewhere in the document is that place.
      let places = list.filter { placeLabels.contains($0.label) }
      let candidates = places.isEmpty ? list : places
      var best = candidates[0]
      for candidate in candidates.dropFirst() where candidate.count > best.count {
        best = candidate
      }
      keys[index].label = best.label
    }
    return keys
  }

  /// The name an entity is counted under: its canonical name, else its text, with
  /// whitespace runs folded to one space.
  static func name(of entity: Entity, in document: Document) -> String {
    let raw = entity.canonical ?? document.slice(entity)
    // Fast path: nothing to fold (no tab, newline, leading, trailing or double space).
    var previous: UInt8 = 0x20
    var clean = true
    for byte in raw.utf8 {
      if byte < 0x20 || (byte == 0x20 && previous == 0x20) || byte == 0xC2
        || (0xE1...0xE3).contains(byte)
      {
        clean = false
        break
      }
      previous = byte
    }
    if clean, previous != 0x20 { return raw }
    return raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  // MARK: bytes

  /// The digest as bytes (maps in sorted order, so equal digests give equal bytes).
  func encoded() -> [UInt8] {
    var out = ByteEncoder()
    out.int(sentences)
    out.int(labels.count)
    for (label, count) in labels.sorted(by: { $0.key < $1.key }) {
      out.string(label)
      out.int(count)
    }
    out.int(entities.count)
    for (key, count) in entities.sorted(by: { $0.key < $1.key }) {
      out.string(key.name)
      out.string(key.label)
      out.int(count)
    }
    out.int(relations.count)
    for (relation, count) in relations.sorted(by: { $0.key < $1.key }) {
      out.string(relation)
      out.int(count)
    }
    out.int(edges.count)
    for (edge, count) in edges.sorted(by: { $0.key < $1.key }) {
      out.string(edge.head.name)
      out.string(edge.head.label)
      out.string(edge.relation)
      out.string(edge.tail.name)
      out.string(edge.tail.label)
      out.int(count)
    }
    return out.bytes
  }

  /// Reads a digest written by ``encoded()``.
  init(decoding bytes: [UInt8]) throws {
    var input = ByteDecoder(bytes)
    sentences = try input.int()
    for _ in 0..<(try input.int()) {
      labels[try input.string()] = try input.int()
    }
    for _ in 0..<(try input.int()) {
      let key = EntityKey(name: try input.string(), label: try input.string())
      entities[key] = try input.int()
    }
    for _ in 0..<(try input.int()) {
      relations[try input.string()] = try input.int()
    }
    for _ in 0..<(try input.int()) {
      let head = EntityKey(name: try input.string(), label: try input.string())
      let relation = try input.string()
      let tail = EntityKey(name: try input.string(), label: try input.string())
      edges[EdgeKey(head: head, relation: relation, tail: tail)] = try input.int()
    }
    guard input.isAtEnd else { throw DigestError() }
  }
}
