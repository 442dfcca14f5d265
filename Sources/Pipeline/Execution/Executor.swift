import Foundation

/// Runs a pipeline over its input: reads documents lazily, processes them in parallel on
/// `jobs` worker threads (a bounded number in memory), and hands them to the sinks in input
/// order. A failing document is recorded in `errors.jsonl` and the run goes on. With
/// ``RunOptions/isolation``, each thread runs the stages in a worker process of its own, so a
/// stage that crashes costs one document, not the run. Progress is checkpointed every few
/// seconds so an interrupted run can be resumed. Scheduling is the executor's business alone;
/// stages only ever see one document at a time.
public struct Executor: Sendable {
  public let pipeline: PipelineDefinition
  public let options: RunOptions
  /// Seconds between checkpoints.
  public var checkpointInterval: Double = 2

  public init(pipeline: PipelineDefinition, options: RunOptions) {
    self.pipeline = pipeline
    self.options = options
  }

  /// Runs the pipeline. Throws only when the run as a whole cannot proceed (missing input,
  /// output folder taken, unwritable output, an interruption); per-document problems go to
  /// `errors.jsonl`. After a write failure or an interruption the partial files and the last
  /// checkpoint stay for `--resume`.
  public func run() throws -> RunSummary {
    let started = Date()
    let clock = ContinuousClock()
    let startInstant = clock.now
    if options.resume, options.writeStandardOutput {
      throw OutputError("--resume continues output files; it cannot be combined with --stdout")
    }
    let source =
      try options.readStandardInput
      ? InputSource(standardInput: pipeline.input) : InputSource(pipeline.input)
    source.limit = options.limit
    var knownTotal = source.countIsExact ? source.fileCount : nil
    if let limit = options.limit { knownTotal = min(knownTotal ?? limit, limit) }
    let inputFiles = source.fileCount
    let shardName = options.shard.map { "\($0.index)/\($0.count)" }
    let files = OutputFiles(
      policy: OutputFiles.Policy(
        resume: options.resume, overwrite: options.overwrite, pipelineSHA256: pipeline.sha256,
        shard: shardName, protected: options.readStandardInput ? [] : [pipeline.input.path]))
    let (sinks, sinkStages) = try makeSinks(files: files)
    var directories: [URL] = []
    for directory in sinks.compactMap(\.directory) where !directories.contains(directory) {
      directories.append(directory)
    }
    if directories.isEmpty, !options.writeStandardOutput {
      directories.append(
        options.outputOverride
          ?? pipeline.baseDirectory.appendingPathComponent("out").appendingPathComponent(
            pipeline.name))
    }
    if let finished = files.finished, files.resumed == nil {
      files.discardAll()
      return try FinishedRun.summary(of: finished, pipeline: pipeline, directories: directories)
    }
    let errorFiles = try directories.map {
      try files.open($0.appendingPathComponent("errors.jsonl"))
    }

    var summary = RunSummary()
    /// Ids of the documents written so far (this run; a resumed run checks from where it goes on).
    var seenIds: Set<String> = []
    var next = 0
    var digest = InputDigest()
    let resources = ResourceFingerprint.of(pipeline)
    if let resumed = files.resumed {
      try ResumeCheck(checkpoint: resumed, resources: resources, inputFiles: inputFiles)
        .verify(skipping: source, digest: &digest)
      next = resumed.position
      summary.documentsIn = resumed.documentsIn
      summary.documentsOK = resumed.documentsOK
      summary.documentsFailed = resumed.documentsFailed
      summary.warnings = resumed.warnings
      summary.documentsResumed = resumed.documentsIn
    }
    let scheduler = Scheduler(
      source: source, start: next, stages: pipeline.stages.count, jobs: options.jobs)
    try startThreads(scheduler: scheduler, sinkStages: sinkStages, sinks: sinks)
    let interruption = options.handleSignals ? Interruption(scheduler: scheduler) : nil
    defer { interruption?.cancel() }

    var progress = ProgressLine(enabled: options.progress, total: knownTotal)
    var failure: Error?
    var lastCheckpoint = clock.now
    func checkpoint() throws {
      guard !directories.isEmpty else { return }
      try files.checkpoint(
        Checkpoint(
          pipelineSHA256: pipeline.sha256, shard: shardName, position: next,
          documentsIn: summary.documentsIn, documentsOK: summary.documentsOK,
          documentsFailed: summary.documentsFailed, warnings: summary.warnings, files: [:],
          input: digest.hex, inputFiles: inputFiles, resources: resources))
      lastCheckpoint = clock.now
    }
    loop: while true {
      switch scheduler.take(next, timeout: .milliseconds(200)) {
      case .end:
        break loop
      case .pending:
        break
      case .item(let outcome, let itemDigest):
        if failure == nil, let fatal = scheduler.fatal { failure = OutputError(fatal) }
        if failure == nil {
          next += 1
          digest.append(itemDigest)
          do {
            try write(
              outcome, to: sinks, errorFiles: errorFiles, summary: &summary, seenIds: &seenIds)
            if summary.stoppedEarly { scheduler.stop() }
          } catch {
            failure = error
            scheduler.stop()
          }
        }
        scheduler.written()
      }
      progress.update(done: next, failed: summary.documentsFailed, clock: clock)
      if failure == nil, clock.now - lastCheckpoint > .seconds(checkpointInterval) {
        do {
          try checkpoint()
        } catch {
          failure = error
          scheduler.stop()
        }
      }
    }
    progress.finish(done: next, failed: summary.documentsFailed, clock: clock)
    if failure == nil, let fatal = scheduler.fatal { failure = OutputError(fatal) }
    if let failure {
      if summary.documentsIn == 0, files.resumed == nil { files.discardAll() }
      throw failure
    }
    summary.stageSeconds = scheduler.stageNanos.map { Double($0) / 1e9 }
    summary.outputDirectories = directories
    let interrupted = interruption?.signal
    if interrupted != nil || summary.stoppedEarly {
      // Not a finished dataset: keep it resumable, and publish nothing.
      try checkpoint()
      if let interrupted {
        throw RunInterrupted(
          signal: interrupted, written: next, directories: directories)
      }
      return summary
    }
    if summary.documentsIn == 0, summary.documentsInOtherShards == 0, files.resumed == nil,
      !options.writeStandardOutput
    {
      files.discardAll()
      throw InputError(
        "no documents found in \(pipeline.input.displayPath)"
          + (pipeline.input.glob.isEmpty ? "" : " matching '\(pipeline.input.glob)'")
          + ": nothing written")
    }
    for sink in sinks { try sink.finish() }
    for file in errorFiles { try file.seal() }
    let elapsed = clock.now - startInstant
    summary.wallSeconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let manifest = Manifest(
      pipeline: pipeline, options: options, summary: summary, started: started, finished: Date()
    ).bytes()
    for directory in directories {
      try files.stage(manifest, to: directory.appendingPathComponent("manifest.json"))
    }
    try files.publish()
    files.clearCheckpoints()
    if let statsFile = options.statsFile { try OutputFile.write(manifest, to: statsFile) }
    return summary
  }

  /// Items each worker process holds at once (so that it never waits for the next one).
  static let inFlightPerWorker = 3

  /// Starts the worker threads (each with its worker process, when isolated). A thread that
  /// cannot start stops the run with a clear error instead of leaving it waiting for it.
  private func startThreads(
    scheduler: Scheduler, sinkStages: [Int], sinks: [any DocumentSink]
  ) throws {
    let budget = UInt64(max(0, options.documentTimeout) * 1e9)
    if options.isolation == nil, let unbuilt = pipeline.stages.first(where: { $0.stage == nil }) {
      throw OutputError(
        "stage '\(unbuilt.name)' was loaded without being built; it can run only in a worker process"
      )
    }
    let worker = Worker(
      pipeline: pipeline, reader: DocumentReader(spec: pipeline.input), sinkStages: sinkStages,
      encoders: sinks.map(\.encoder), shard: options.shard, budget: budget)
    for started in 0..<options.jobs {
      do {
        if let command = options.isolation {
          let pipeline = pipeline
          let shard = options.shard
          try WorkerThreads.start(stackSize: options.threadStackSize) {
            let isolated = IsolatedWorker(
              command: command, pipeline: pipeline, shard: shard, budget: budget)
            scheduler.work(pipelined: isolated, depth: Self.inFlightPerWorker)
            isolated.finish()
          }
        } else {
          try WorkerThreads.start(stackSize: options.threadStackSize) {
            scheduler.work(worker.process)
          }
        }
      } catch {
        scheduler.fail(error.description)
        scheduler.finished(workers: options.jobs - started)
        return
      }
    }
  }

  private func write(
    _ outcome: Outcome, to sinks: [any DocumentSink], errorFiles: [OutputFile],
    summary: inout RunSummary, seenIds: inout Set<String>
  ) throws {
    switch outcome {
    case .skipped:
      summary.documentsInOtherShards += 1
    case .done(let encoded, let warnings, let id, let location):
      guard seenIds.insert(id).inserted else {
        // Ids key every output table: a second document with one is an error, not a merge.
        let record = ErrorRecord(
          id: id, location: location, stage: "input",
          message: "duplicate id '\(id)': an earlier document has it (this one is left out)",
          offset: nil)
        try write(
          .failed(record), to: sinks, errorFiles: errorFiles, summary: &summary,
          seenIds: &seenIds)
        return
      }
      summary.documentsIn += 1
      summary.documentsOK += 1
      summary.warnings += warnings
      for (sink, document) in zip(sinks, encoded) { try sink.write(document) }
    case .failed(let record):
      try fail(record, sinks: sinks, errorFiles: errorFiles, summary: &summary)
    case .crashed(let record, let timedOut):
      if timedOut { summary.documentsTimedOut += 1 } else { summary.documentsCrashed += 1 }
      try fail(record, sinks: sinks, errorFiles: errorFiles, summary: &summary)
    }
  }

  private func fail(
    _ record: ErrorRecord, sinks: [any DocumentSink], errorFiles: [OutputFile],
    summary: inout RunSummary
  ) throws {
    summary.documentsIn += 1
    summary.documentsFailed += 1
    if summary.firstFailure == nil { summary.firstFailure = record }
    let line = record.json() + [0x0A]
    for file in errorFiles { try file.write(line) }
    for sink in sinks { try sink.recordFailure(record) }
    if options.failFast { summary.stoppedEarly = true }
    if record.stopsRun, summary.stopReason == nil {
      summary.stoppedEarly = true
      summary.stopReason = "stage '\(record.stage)': \(record.message)"
    }
  }

  /// The sink stages and their encoders, as a worker process builds them: the sinks are made
  /// in a scratch folder (so that their files are never opened in the real output) and
  /// thrown away.
  static func encoders(for pipeline: PipelineDefinition, stream: Bool) throws -> (
    [Int], [any DocumentEncoder]
  ) {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nlpipe-worker-\(getpid())-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let executor = Executor(
      pipeline: pipeline,
      options: RunOptions(jobs: 1, outputOverride: scratch, writeStandardOutput: stream))
    let files = OutputFiles(
      policy: OutputFiles.Policy(
        resume: false, overwrite: true, pipelineSHA256: pipeline.sha256, shard: nil))
    defer { files.discardAll() }
    let (sinks, stages) = try executor.makeSinks(files: files, scratch: true)
    return (stages, sinks.map(\.encoder))
  }

  private func makeSinks(files: OutputFiles, scratch: Bool = false) throws -> (
    [any DocumentSink], [Int]
  ) {
    var fields: [String] = pipeline.input.fields
    var layers: [String] = []
    var capabilities: Set<Capability> = []
    var contexts: [RunContext] = []
    for (index, loaded) in pipeline.stages.enumerated() {
      let contract = loaded.contract
      for field in contract.fields where !fields.contains(field) { fields.append(field) }
      for layer in contract.layers where !layers.contains(layer) { layers.append(layer) }
      capabilities.formUnion(contract.provides)
      contexts.append(
        RunContext(
          pipelineName: pipeline.name, baseDirectory: pipeline.baseDirectory,
          outputOverride: scratch
            ? options.outputOverride?.appendingPathComponent("\(index)") : options.outputOverride,
          fields: fields, layers: layers, capabilities: capabilities, files: files))
    }
    if options.writeStandardOutput {
      // One JSON line per document as it leaves the last stage; export stages write nothing.
      let last = contexts.count - 1
      let sink = StreamSink(
        options: Dataset.Options(
          formats: [.jsonl], fields: contexts[last].fields, layers: contexts[last].layers,
          tagged: contexts[last].capabilities.contains(.pos)))
      return ([sink], [last])
    }
    var sinks: [any DocumentSink] = []
    var indices: [Int] = []
    var writers: [String: String] = [:]
    for (index, loaded) in pipeline.stages.enumerated() {
      // A stage left unbuilt (its work is done in worker processes) writes no output.
      if let sink = try loaded.stage?.makeSink(contexts[index]) {
        if let directory = sink.directory?.standardizedFileURL.path {
          let name = "stage \(index + 1) (\(loaded.name))"
          if let other = writers[directory] {
            files.discardUnlessResuming()
            throw OutputError(
              "\(other) and \(name) both write to \(directory): give each export stage its own dir"
                + (options.outputOverride == nil
                  ? "" : " (--output puts every export in one folder)"))
          }
          writers[directory] = name
        }
        sinks.append(sink)
        indices.append(index)
      }
    }
    return (sinks, indices)
  }
}
