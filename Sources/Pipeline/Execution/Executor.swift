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
  ///
  /// The steps: resolve the output plan (no file opened yet), start the workers, write their
  /// outcomes in input order, then seal and publish the files with the manifest.
  public func run() throws -> RunSummary {
    let started = Date()
    let clock = ContinuousClock()
    let startInstant = clock.now
    if options.resume, options.writeStandardOutput {
      throw OutputError("--resume continues output files; it cannot be combined with --stdout")
    }
    let input = try openInput()
    let plan = try OutputPlan(pipeline: pipeline, options: options)
    if let finished = plan.finishedDataset {
      plan.files.discardAll()
      return try FinishedRun.summary(
        of: finished, pipeline: pipeline, directories: plan.directories)
    }
    var writer = OrderedWriter(
      sinks: try plan.openSinks(), errorFiles: try plan.openErrorFiles(),
      failFast: options.failFast, summary: RunSummary())
    var position = RunPosition(
      pipeline: pipeline, shard: options.shard, inputFiles: input.fileCount)
    if let resumed = plan.files.resumed {
      try position.resume(from: resumed, skipping: input, summary: &writer.summary)
    }
    let total = knownTotal(input)
    let queue = DocumentQueue(
      items: input, start: position.next, stages: pipeline.stages.count, jobs: options.jobs)
    try startWorkers(queue: queue, outputs: plan.outputs)
    let interruption = options.handleSignals ? Interruption(queue: queue) : nil
    defer { interruption?.cancel() }

    try writeInOrder(
      queue: queue, writer: &writer, position: &position, plan: plan,
      total: total, clock: clock)
    writer.summary.stageSeconds = queue.stageNanos.map { Double($0) / 1e9 }
    writer.summary.outputDirectories = plan.directories
    if let interrupted = interruption?.signal {
      // Not a finished dataset: keep it resumable, and publish nothing.
      try position.checkpoint(writer.summary, in: plan)
      throw RunInterrupted(
        signal: interrupted, written: position.next, directories: plan.directories)
    }
    if writer.summary.stoppedEarly {
      try position.checkpoint(writer.summary, in: plan)
      return writer.summary
    }
    try refuseEmptyRun(writer.summary, plan: plan)
    try writer.seal()
    let elapsed = clock.now - startInstant
    writer.summary.wallSeconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    try publish(plan, summary: writer.summary, started: started)
    return writer.summary
  }

  /// The input, limited to `--limit` documents.
  private func openInput() throws -> InputItems {
    let input =
      try options.readStandardInput
      ? InputItems(standardInput: pipeline.input) : InputItems(pipeline.input)
    input.limit = options.limit
    return input
  }

  /// The number of documents the run will read, when the input says (for the progress line).
  private func knownTotal(_ input: InputItems) -> Int? {
    var total = input.countIsExact ? input.fileCount : nil
    if let limit = options.limit { total = min(total ?? limit, limit) }
    return total
  }

  /// The writer's loop: takes each position's outcome in input order, writes it, and
  /// checkpoints every ``checkpointInterval`` seconds, until the workers are done. After a
  /// write failure the workers are stopped and the failure is thrown.
  private func writeInOrder(
    queue: DocumentQueue, writer: inout OrderedWriter, position: inout RunPosition,
    plan: OutputPlan, total: Int?, clock: ContinuousClock
  ) throws {
    var progress = ProgressLine(enabled: options.progress, total: total)
    var failure: Error?
    var lastCheckpoint = clock.now
    loop: while true {
      switch queue.take(position.next, timeout: .milliseconds(200)) {
      case .end:
        break loop
      case .pending:
        break
      case .item(let outcome, let itemDigest):
        if failure == nil, let fatal = queue.fatal { failure = OutputError(fatal) }
        if failure == nil {
          position.advance(itemDigest)
          do {
            try writer.write(outcome)
            if writer.summary.stoppedEarly { queue.stop() }
          } catch {
            failure = error
            queue.stop()
          }
        }
        queue.written()
      }
      progress.update(done: position.next, failed: writer.summary.documentsFailed, clock: clock)
      if failure == nil, clock.now - lastCheckpoint > .seconds(checkpointInterval) {
        do {
          try position.checkpoint(writer.summary, in: plan)
          lastCheckpoint = clock.now
        } catch {
          failure = error
          queue.stop()
        }
      }
    }
    progress.finish(done: position.next, failed: writer.summary.documentsFailed, clock: clock)
    if failure == nil, let fatal = queue.fatal { failure = OutputError(fatal) }
    if let failure {
      if writer.summary.documentsIn == 0, plan.files.resumed == nil { plan.files.discardAll() }
      throw failure
    }
  }

  /// A run that read no document publishes nothing (unless its documents all went to other
  /// shards, it resumed, or it streams).
  private func refuseEmptyRun(_ summary: RunSummary, plan: OutputPlan) throws {
    guard summary.documentsIn == 0, summary.documentsInOtherShards == 0,
      plan.files.resumed == nil, !options.writeStandardOutput
    else { return }
    plan.files.discardAll()
    throw InputError(
      "no documents found in \(pipeline.input.displayPath)"
        + (pipeline.input.glob.isEmpty ? "" : " matching '\(pipeline.input.glob)'")
        + ": nothing written")
  }

  /// Writes each folder's manifest (with its sealed files' sizes and rows), renames every
  /// file into place, and removes the checkpoints; then the `--stats` copy.
  private func publish(_ plan: OutputPlan, summary: RunSummary, started: Date) throws {
    let manifest = Manifest(
      pipeline: pipeline, options: options, summary: summary, started: started, finished: Date())
    for directory in plan.directories {
      var folderManifest = manifest
      folderManifest.files = plan.files.sealedFiles(in: directory)
      try plan.files.stage(
        try folderManifest.bytes(), to: directory.appendingPathComponent("manifest.json"))
    }
    try plan.files.publish()
    plan.files.clearCheckpoints()
    if let statsFile = options.statsFile {
      var stats = manifest
      stats.files = plan.directories.first.map { plan.files.sealedFiles(in: $0) }
      try OutputFile.write(try stats.bytes(), to: statsFile)
    }
  }

  /// Items each worker process holds at once: it never waits for the next one, and takes
  /// them (and answers them) in batches, at most one wake-up each way per batch. 24 rather
  /// than 12 halves the context switches of a run with small documents (export-only, 2 jobs:
  /// about 8,600 -> 4,600 per 20,000 documents).
  static let inFlightPerWorker = 24

  /// Items left in flight when a run thread sends its worker the next batch (up to
  /// ``inFlightPerWorker``); the worker answers in batches of as many (``WorkerServer``).
  static let refillPerWorker = inFlightPerWorker / 2

  /// Starts the worker threads (each with its worker process, when isolated). A thread that
  /// cannot start stops the run with a clear error instead of leaving it waiting for it.
  private func startWorkers(queue: DocumentQueue, outputs: [OutputPlan.Placed]) throws {
    let budget = UInt64(max(0, options.documentTimeout) * 1e9)
    if options.isolation == nil, let unbuilt = pipeline.stages.first(where: { $0.stage == nil }) {
      throw OutputError(
        "stage '\(unbuilt.name)' was loaded without being built; it can run only in a worker process"
      )
    }
    let worker = DocumentProcessor(
      pipeline: pipeline, reader: DocumentReader(spec: pipeline.input),
      sinkStages: outputs.map(\.stage), encoders: outputs.map(\.output.encoder),
      shard: options.shard, budget: budget)
    for started in 0..<options.jobs {
      do {
        if let command = options.isolation {
          let pipeline = pipeline
          let shard = options.shard
          try WorkerThreads.start(stackSize: options.threadStackSize) {
            let isolated = IsolatedWorker(
              command: command, pipeline: pipeline, shard: shard, budget: budget)
            // Loading while the thread waits for input and queues its first items.
            isolated.prepare()
            queue.work(
              pipelined: isolated, depth: Self.inFlightPerWorker, refill: Self.refillPerWorker)
          }
        } else {
          try WorkerThreads.start(stackSize: options.threadStackSize) {
            queue.work(worker.process)
          }
        }
      } catch {
        queue.fail(error.description)
        queue.finished(workers: options.jobs - started)
        return
      }
    }
  }

  /// The output stages and their encoders, as a worker process builds them: no file or
  /// folder is opened (the encoders are pure). `stream` is the `--stdout` output's maker when
  /// the run streams; `jobs` the run's worker threads.
  static func encoders(
    for pipeline: PipelineDefinition, streams: Bool, stream: StreamOutputMaker?, jobs: Int
  ) throws -> ([Int], [any DocumentEncoder]) {
    let outputs = try OutputPlan.outputs(
      for: pipeline, outputOverride: nil, stream: stream, streams: streams, jobs: jobs)
    return (outputs.map(\.stage), outputs.map(\.output.encoder))
  }
}
