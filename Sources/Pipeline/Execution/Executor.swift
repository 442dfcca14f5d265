import Foundation

/// Runs a pipeline over its input: reads documents lazily, processes them in parallel on
/// `jobs` worker threads (a bounded number in memory), and hands them to the sinks in input
/// order. A failing document is recorded in `errors.jsonl` and the run goes on. Progress is
/// checkpointed every few seconds so an interrupted run can be resumed. Scheduling is the
/// executor's business alone; stages only ever see one document at a time.
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
  /// output folder taken, unwritable output); per-document problems go to `errors.jsonl`.
  /// After a write failure the partial files and the last checkpoint stay for `--resume`.
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
    let knownTotal = source.countIsExact ? source.fileCount : nil
    let files = OutputFiles(
      policy: OutputFiles.Policy(
        resume: options.resume, overwrite: options.overwrite, pipelineSHA256: pipeline.sha256,
        shard: options.shard.map { "\($0.index)/\($0.count)" }))
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
    let errorFiles = try directories.map {
      try files.open($0.appendingPathComponent("errors.jsonl"))
    }

    var summary = RunSummary()
    var next = 0
    if let resumed = files.resumed {
      next = resumed.position
      summary.documentsIn = resumed.documentsIn
      summary.documentsOK = resumed.documentsOK
      summary.documentsFailed = resumed.documentsFailed
      summary.warnings = resumed.warnings
      summary.documentsResumed = resumed.documentsIn
    }
    let scheduler = Scheduler(
      source: source, skip: next, stages: pipeline.stages.count, jobs: options.jobs)
    let worker = Worker(
      pipeline: pipeline, reader: DocumentReader(spec: pipeline.input), sinkStages: sinkStages,
      encoders: sinks.map(\.encoder), shard: options.shard,
      budget: UInt64(max(0, options.documentTimeout) * 1e9))
    for _ in 0..<options.jobs {
      let thread = Thread { scheduler.work(worker.process) }
      // Deeply nested markup recurses in parsers: give workers roomy stacks.
      thread.stackSize = 16 << 20
      thread.start()
    }

    var progress = ProgressLine(enabled: options.progress, total: knownTotal)
    var failure: Error?
    var lastCheckpoint = clock.now
    func checkpoint() throws {
      guard !directories.isEmpty else { return }
      try files.checkpoint(
        Checkpoint(
          pipelineSHA256: pipeline.sha256, shard: options.shard.map { "\($0.index)/\($0.count)" },
          position: next, documentsIn: summary.documentsIn, documentsOK: summary.documentsOK,
          documentsFailed: summary.documentsFailed, warnings: summary.warnings, files: [:]))
      lastCheckpoint = clock.now
    }
    loop: while true {
      switch scheduler.take(next, timeout: .milliseconds(200)) {
      case .end:
        break loop
      case .pending:
        break
      case .item(let outcome):
        next += 1
        if failure == nil {
          do {
            try write(outcome, to: sinks, errorFiles: errorFiles, summary: &summary)
            if summary.stoppedEarly { scheduler.stop() }
          } catch {
            failure = error
            scheduler.stop()
          }
        }
        scheduler.written()
      }
      progress.update(done: next, clock: clock)
      if failure == nil, clock.now - lastCheckpoint > .seconds(checkpointInterval) {
        do {
          try checkpoint()
        } catch {
          failure = error
          scheduler.stop()
        }
      }
    }
    progress.finish(done: next, clock: clock)
    if let failure { throw failure }
    for sink in sinks { try sink.finish() }
    for file in errorFiles { try file.seal() }
    try files.publish()
    files.clearCheckpoints()
    summary.stageSeconds = scheduler.stageNanos.map { Double($0) / 1e9 }
    let elapsed = clock.now - startInstant
    summary.wallSeconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    summary.outputDirectories = directories
    let manifest = Manifest(
      pipeline: pipeline, options: options, summary: summary, started: started, finished: Date()
    ).bytes()
    for directory in directories {
      try OutputFile.write(manifest, to: directory.appendingPathComponent("manifest.json"))
    }
    if let statsFile = options.statsFile { try OutputFile.write(manifest, to: statsFile) }
    return summary
  }

  private func write(
    _ outcome: Outcome, to sinks: [any DocumentSink], errorFiles: [OutputFile],
    summary: inout RunSummary
  ) throws {
    switch outcome {
    case .skipped:
      summary.documentsInOtherShards += 1
    case .done(let encoded, let warnings):
      summary.documentsIn += 1
      summary.documentsOK += 1
      summary.warnings += warnings
      for (sink, document) in zip(sinks, encoded) { try sink.write(document) }
    case .failed(let record):
      summary.documentsIn += 1
      summary.documentsFailed += 1
      let line = record.json() + [0x0A]
      for file in errorFiles { try file.write(line) }
      for sink in sinks { try sink.recordFailure(record) }
      if options.failFast { summary.stoppedEarly = true }
    }
  }

  private func makeSinks(files: OutputFiles) throws -> ([any DocumentSink], [Int]) {
    var fields: [String] = []
    var layers: [String] = []
    var capabilities: Set<Capability> = []
    var contexts: [RunContext] = []
    for loaded in pipeline.stages {
      for field in loaded.stage.fields where !fields.contains(field) { fields.append(field) }
      for layer in loaded.stage.layers where !layers.contains(layer) { layers.append(layer) }
      capabilities.formUnion(loaded.stage.provides)
      contexts.append(
        RunContext(
          pipelineName: pipeline.name, baseDirectory: pipeline.baseDirectory,
          outputOverride: options.outputOverride, fields: fields, layers: layers,
          capabilities: capabilities, files: files))
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
      if let sink = try loaded.stage.makeSink(contexts[index]) {
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
