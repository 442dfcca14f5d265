/// The run's writer: takes each input item's outcome in input order and hands it to the
/// sinks (a finished document) or to `errors.jsonl` and the sinks (a failed one), keeping the
/// run's counts.
struct OrderedWriter {
  let sinks: [any DocumentSink]
  let errorFiles: [OutputFile]
  let failFast: Bool
  var summary: RunSummary
  /// Ids of the documents written so far (this run; a resumed run checks from where it goes on).
  private var seenIds: Set<String> = []

  init(
    sinks: [any DocumentSink], errorFiles: [OutputFile], failFast: Bool, summary: RunSummary
  ) {
    self.sinks = sinks
    self.errorFiles = errorFiles
    self.failFast = failFast
    self.summary = summary
  }

  mutating func write(_ outcome: Outcome) throws {
    switch outcome {
    case .skipped:
      summary.documentsInOtherShards += 1
    case .done(let encoded, let warnings, let id, let location):
      guard seenIds.insert(id).inserted else {
        // Ids key every output table: a second document with one is an error, not a merge.
        try fail(
          ErrorRecord(
            id: id, location: location, stage: "input",
            message: "duplicate id '\(id)': an earlier document has it (this one is left out)",
            offset: nil))
        return
      }
      summary.documentsIn += 1
      summary.documentsOK += 1
      summary.warnings += warnings
      for (sink, document) in zip(sinks, encoded) { try sink.write(document) }
    case .failed(let record):
      try fail(record)
    case .crashed(let record, let timedOut):
      if timedOut { summary.documentsTimedOut += 1 } else { summary.documentsCrashed += 1 }
      try fail(record)
    }
  }

  private mutating func fail(_ record: ErrorRecord) throws {
    summary.documentsIn += 1
    summary.documentsFailed += 1
    if summary.firstFailure == nil { summary.firstFailure = record }
    let line = record.json() + [0x0A]
    for file in errorFiles { try file.write(line, rows: 1) }
    for sink in sinks { try sink.recordFailure(record) }
    if failFast { summary.stoppedEarly = true }
    if record.stopsRun, summary.stopReason == nil {
      summary.stoppedEarly = true
      summary.stopReason = "stage '\(record.stage)': \(record.message)"
    }
  }

  /// Completes every sink and seals `errors.jsonl`.
  func seal() throws {
    for sink in sinks { try sink.finish() }
    for file in errorFiles { try file.seal() }
  }
}
