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
struct EdgeKey: Hashable, Sendable {
  var head: EntityKey
  var relation: String
  var tail: EntityKey
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

  /// Tallies a document's entities and relations.
  init(_ document: Document) {
    sentences = document.sentences.count
    var keys: [EntityKey] = []
    keys.reserveCapacity(document.entities.count)
    for entity in document.entities {
      let key = EntityKey(name: Self.name(of: entity, in: document), label: entity.label)
      keys.append(key)
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

  /// The name an entity is counted under: its canonical name, else its text (whitespace
  /// runs folded to one space).
  static func name(of entity: Entity, in document: Document) -> String {
    let raw = entity.canonical ?? document.slice(entity)
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
    let sortedEdges = edges.sorted {
      ($0.key.head, $0.key.relation, $0.key.tail) < ($1.key.head, $1.key.relation, $1.key.tail)
    }
    for (edge, count) in sortedEdges {
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
