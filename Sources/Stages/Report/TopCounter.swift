/// Counts occurrences and the documents they occur in, per key, in bounded memory.
///
/// When more than `limit` keys are held, the counter keeps the `limit / 2` keys with the
/// most occurrences and drops the rest (the classic lossy top-k tally): counts of keys that
/// were dropped and came back later start again from zero, so the top of the table is
/// exact for frequent keys and approximate only near its tail.
struct TopCounter<Key: Hashable> {
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
    if counts.count > limit { prune() }
  }

  /// The keys with the most occurrences (ties by documents, then by `tieBreak`).
  func top(_ count: Int, tieBreak: (Key, Key) -> Bool) -> [(key: Key, counts: Counts)] {
    let sorted = counts.sorted { lhs, rhs in
      if lhs.value.occurrences != rhs.value.occurrences {
        return lhs.value.occurrences > rhs.value.occurrences
      }
      if lhs.value.documents != rhs.value.documents {
        return lhs.value.documents > rhs.value.documents
      }
      return tieBreak(lhs.key, rhs.key)
    }
    return sorted.prefix(count).map { (key: $0.key, counts: $0.value) }
  }

  private mutating func prune() {
    let keep = counts.sorted { $0.value.occurrences > $1.value.occurrences }.prefix(limit / 2)
    counts = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    pruned = true
  }
}
