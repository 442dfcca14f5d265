import Pipeline

/// Counts occurrences and the documents they occur in, per key, in bounded memory.
///
/// When more than `limit` keys are held at a ``trim()`` (called after each document), the
/// counter keeps the `limit / 2` keys ranked highest and drops the rest (the classic lossy top-k tally): counts of keys that
/// were dropped and came back later start again from zero, so the top of the table is
/// exact for frequent keys and approximate only near its tail.
struct TopCounter<Key: Hashable & Comparable & Sendable> {
  struct Counts: Equatable {
    var occurrences = 0
    var documents = 0
  }

  let limit: Int
  private(set) var counts: [Key: Counts] = [:]
  /// Whether keys were ever dropped (the report then says the tail is approximate).
  private(set) var pruned = false

  init(limit: Int) { self.limit = max(2, limit) }

  /// Adds one document's occurrences of a key.
  mutating func add(_ key: Key, occurrences: Int) {
    counts[key, default: Counts()].occurrences += occurrences
    counts[key, default: Counts()].documents += 1
  }

  /// Prunes when over the limit. Called between documents, so the result does not depend on
  /// the order a document's keys were added in.
  mutating func trim() {
    if counts.count > limit { prune() }
  }

  /// The keys with the most occurrences (ties by documents, then by key).
  func top(_ count: Int) -> [(key: Key, counts: Counts)] {
    counts.sorted(by: Self.ranks).prefix(count).map { (key: $0.key, counts: $0.value) }
  }

  /// Whether an entry ranks above another: a total order, so results never depend on the
  /// dictionary's (per-process) iteration order.
  private static func ranks(_ lhs: (key: Key, value: Counts), _ rhs: (key: Key, value: Counts))
    -> Bool
  {
    if lhs.value.occurrences != rhs.value.occurrences {
      return lhs.value.occurrences > rhs.value.occurrences
    }
    if lhs.value.documents != rhs.value.documents {
      return lhs.value.documents > rhs.value.documents
    }
    return lhs.key < rhs.key
  }

  private mutating func prune() {
    let keep = counts.sorted(by: Self.ranks).prefix(limit / 2)
    counts = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    pruned = true
  }
}
