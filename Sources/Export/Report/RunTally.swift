import Pipeline

/// The run-wide aggregates behind the report's summary, accumulated by the writer from each
/// document's ``DocumentDigest`` in bounded memory.
struct RunTally {
  /// How much the tally keeps.
  struct Limits {
    /// Distinct entities (and distinct graph edges) held before pruning.
    var keys = 20_000
    /// Failed documents listed (the rest are only counted).
    var failures = 200
  }

  let limits: Limits
  private(set) var documents = 0
  private(set) var documentsWithEntities = 0
  private(set) var sentences = 0
  private(set) var mentions = 0
  private(set) var relationCount = 0
  private(set) var labels: [String: Int] = [:]
  private(set) var relations: [String: Int] = [:]
  private(set) var entities: TopCounter<EntityKey>
  private(set) var edges: TopCounter<EdgeKey>
  private(set) var failed = 0
  private(set) var failedByStage: [String: Int] = [:]
  private(set) var failures: [ErrorRecord] = []

  init(limits: Limits = Limits()) {
    self.limits = limits
    entities = TopCounter(limit: limits.keys)
    edges = TopCounter(limit: limits.keys)
  }

  /// Adds a document that went through the pipeline.
  mutating func add(_ digest: DocumentDigest) {
    documents += 1
    sentences += digest.sentences
    if !digest.entities.isEmpty { documentsWithEntities += 1 }
    for (label, count) in digest.labels {
      labels[label, default: 0] += count
      mentions += count
    }
    for (relation, count) in digest.relations {
      relations[relation, default: 0] += count
      relationCount += count
    }
    for (key, count) in digest.entities { entities.add(key, occurrences: count) }
    for (key, count) in digest.edges { edges.add(key, occurrences: count) }
    entities.trim()
    edges.trim()
  }

  /// Adds a document that failed.
  mutating func add(_ failure: ErrorRecord) {
    failed += 1
    failedByStage[failure.stage, default: 0] += 1
    if failures.count < limits.failures { failures.append(failure) }
  }
}
