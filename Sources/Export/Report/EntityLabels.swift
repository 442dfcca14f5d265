import Pipeline

/// One label per entity name over the whole run, for the report's tables and graph: the
/// per-document digests already give every name one label within a document (see
/// ``DocumentDigest/keys(of:demonyms:)``), but "Israel" may still be LOC in one document and
/// MISC in another. A name takes a place label when it has one anywhere, else its most
/// mentioned label (ties to the label that sorts first).
struct EntityLabels {
  typealias Counts = TopCounter<EntityKey>.Counts
  private var labels: [String: String] = [:]

  init(_ counts: [EntityKey: Counts]) {
    var best: [String: (label: String, place: Int, mentions: Int)] = [:]
    for (key, value) in counts {
      let place = DocumentDigest.placeLabels.contains(key.label) ? 1 : 0
      let candidate = (label: key.label, place: place, mentions: value.occurrences)
      guard let current = best[key.name] else {
        best[key.name] = candidate
        continue
      }
      if (candidate.place, candidate.mentions, current.label)
        > (current.place, current.mentions, candidate.label)
      {
        best[key.name] = candidate
      }
    }
    labels = best.mapValues(\.label)
  }

  /// The key under the name's run-wide label.
  func key(_ key: EntityKey) -> EntityKey {
    EntityKey(name: key.name, label: labels[key.name] ?? key.label)
  }

  /// Counts merged under run-wide labels, most mentioned first (ties by documents, key).
  func merged(_ counts: [EntityKey: Counts]) -> [(key: EntityKey, counts: Counts)] {
    var merged: [EntityKey: Counts] = [:]
    for (key, value) in counts {
      merged[self.key(key), default: Counts()].occurrences += value.occurrences
      merged[self.key(key), default: Counts()].documents += value.documents
    }
    return merged.map { (key: $0.key, counts: $0.value) }.sorted {
      ($0.counts.occurrences, $0.counts.documents, $1.key) > (
        $1.counts.occurrences, $1.counts.documents, $0.key
      )
    }
  }

  /// Edge counts merged under run-wide labels (self-relations left out), most frequent first.
  func merged(edges counts: [EdgeKey: TopCounter<EdgeKey>.Counts]) -> [(
    key: EdgeKey, count: Int
  )] {
    var merged: [EdgeKey: Int] = [:]
    for (edge, value) in counts {
      let head = key(edge.head)
      let tail = key(edge.tail)
      guard head != tail else { continue }
      merged[EdgeKey(head: head, relation: edge.relation, tail: tail), default: 0] +=
        value.occurrences
    }
    return merged.map { (key: $0.key, count: $0.value) }.sorted {
      ($0.count, $1.key) > ($1.count, $0.key)
    }
  }
}
