import Dispatch
import Foundation
import Synchronization

/// How a run is scheduled.
public struct RunOptions: Sendable {
  /// Worker threads (documents processed at once).
  public var jobs: Int
  /// Stop at the first failed document (and exit non-zero).
  public var failFast: Bool
  /// Print a progress line on stderr.
  public var progress: Bool
  /// `--output DIR`: replaces every export stage's `dir`.
  public var outputOverride: URL?

  public init(jobs: Int, failFast: Bool = false, progress: Bool = false, outputOverride: URL? = nil)
  {
    self.jobs = max(1, jobs)
    self.failFast = failFast
    self.progress = progress
    self.outputOverride = outputOverride
  }
}

/// A document that failed, as written to `errors.jsonl`.
public struct ErrorRecord: Sendable, Equatable {
  public var id: String
  /// Where it came from (path, or `file.jsonl:LINE`).
  public var location: String
  /// The stage that failed (`input` for reading and decoding).
  public var stage: String
  public var message: String
  /// Byte offset of the problem, when known.
  public var offset: Int?
}

/// What a run did, for the manifest and the CLI's exit code.
public struct RunSummary: Sendable {
  public var documentsIn = 0
  public var documentsOK = 0
  public var documentsFailed = 0
  public var warnings = 0
  /// Total seconds spent in each stage, summed over documents and workers, in stage order.
  public var stageSeconds: [Double] = []
  public var wallSeconds = 0.0
  /// Folders the dataset (and `errors.jsonl`, `manifest.json`) were written to.
  public var outputDirectories: [URL] = []
  /// True when `--fail-fast` stopped the run early.
  public var stoppedEarly = false
}

/// Runs a pipeline over its input: reads documents lazily, processes them in parallel with
/// Dispatch (at most `jobs` at once, a bounded number in memory), and hands them to the
/// sinks in input order. A failing document is recorded in `errors.jsonl` and the run goes
/// on. Scheduling is the executor's business alone; stages only see one document at a time.
public struct Executor: Sendable {
  public let pipeline: PipelineDefinition
  public let options: RunOptions

  public init(pipeline: PipelineDefinition, options: RunOptions) {
    self.pipeline = pipeline
    self.options = options
  }

  private enum Outcome: Sendable {
    case done(encoded: [EncodedDocument], warnings: Int)
    case failed(ErrorRecord)
  }

  private struct State: ~Copyable {
    /// Finished documents waiting for the writer, by input position.
    var results: [Int: Outcome] = [:]
    /// Workers still running.
    var activeWorkers: Int
    /// The position the writer sleeps on, if it sleeps.
    var writerWaitingFor: Int?
    var stageNanos: [UInt64]
  }

  /// The input and the count of items handed out, read under one lock so positions follow
  /// input order.
  private struct Feed: ~Copyable {
    let source: InputSource
    var handedOut = 0
  }

  private final class Shared: Sendable {
    let state: Mutex<State>
    let feed: Mutex<Feed>
    let cancelled = Atomic<Bool>(false)
    /// Wakes the writer when the document it waits for arrives (or the workers finish).
    let arrived = DispatchSemaphore(value: 0)
    /// Bounds the documents in memory: taken per document read, given back once written.
    let window: DispatchSemaphore

    init(source: consuming sending InputSource, stages: Int, window: Int, jobs: Int) {
      state = Mutex(
        State(activeWorkers: jobs, stageNanos: Array(repeating: 0, count: stages)))
      feed = Mutex(Feed(source: source))
      self.window = DispatchSemaphore(value: window)
    }

    /// Stores a worker's result and wakes the writer if it waits for exactly this one.
    func deliver(_ outcome: Outcome, at position: Int, nanos: [UInt64]) {
      let wake = state.withLock { state in
        state.results[position] = outcome
        for (stage, time) in nanos.enumerated() { state.stageNanos[stage] += time }
        guard state.writerWaitingFor == position else { return false }
        state.writerWaitingFor = nil
        return true
      }
      if wake { arrived.signal() }
    }

    /// Marks a worker as gone; the last one wakes the writer.
    func workerFinished() {
      let last = state.withLock { state in
        state.activeWorkers -= 1
        return state.activeWorkers == 0
      }
      if last { arrived.signal() }
    }
  }

  /// Runs the pipeline. Throws only when the run as a whole cannot proceed (missing input,
  /// unwritable output); per-document problems go to `errors.jsonl`.
  public func run() throws -> RunSummary {
    let started = Date()
    let clock = ContinuousClock()
    let startInstant = clock.now
    let source = try InputSource(pipeline.input)
    let knownTotal = source.countIsExact ? source.fileCount : nil
    let (sinks, sinkStages) = try makeSinks()
    let directories = outputDirectories(sinks)
    var errorFiles: [OutputFile] = []
    do {
      for directory in directories {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        errorFiles.append(try OutputFile(directory.appendingPathComponent("errors.jsonl")))
      }
    } catch {
      for sink in sinks { sink.abandon() }
      throw error
    }

    let shared = Shared(
      source: source, stages: pipeline.stages.count, window: options.jobs * 4, jobs: options.jobs)
    let worker = Worker(
      pipeline: pipeline, reader: DocumentReader(spec: pipeline.input), sinkStages: sinkStages,
      encoders: sinks.map(\.encoder))
    for _ in 0..<options.jobs {
      let thread = Thread { Self.work(worker, shared: shared) }
      // Deeply nested markup recurses in parsers: give workers roomy stacks.
      thread.stackSize = 16 << 20
      thread.start()
    }

    var summary = RunSummary()
    var progress = ProgressLine(
      enabled: options.progress, total: knownTotal)
    var failure: Error?
    var next = 0
    var errorLine = JSONWriter()
    while true {
      enum Step {
        case item(Outcome)
        case wait, done
      }
      let step: Step = shared.state.withLock { state in
        if let outcome = state.results.removeValue(forKey: next) { return .item(outcome) }
        // Positions are handed out contiguously and every claimed one is delivered, so once
        // the workers are gone a missing position means the end.
        if state.activeWorkers == 0 { return .done }
        state.writerWaitingFor = next
        return .wait
      }
      switch step {
      case .done:
        break
      case .wait:
        _ = shared.arrived.wait(timeout: .now() + .milliseconds(200))
        progress.update(done: next, clock: clock)
        continue
      case .item(let outcome):
        next += 1
        summary.documentsIn += 1
        if failure == nil {
          do {
            switch outcome {
            case .done(let encoded, let warnings):
              summary.documentsOK += 1
              summary.warnings += warnings
              for (sink, document) in zip(sinks, encoded) { try sink.write(document) }
            case .failed(let record):
              summary.documentsFailed += 1
              errorLine.reset()
              Self.writeError(record, to: &errorLine)
              for file in errorFiles { try file.write(errorLine.bytes + [0x0A]) }
              for sink in sinks { sink.recordFailure(record) }
              if options.failFast {
                summary.stoppedEarly = true
                shared.cancelled.store(true, ordering: .relaxed)
              }
            }
          } catch {
            failure = error
            shared.cancelled.store(true, ordering: .relaxed)
          }
        }
        shared.window.signal()
        progress.update(done: next, clock: clock)
        continue
      }
      break
    }
    progress.finish(done: next, clock: clock)
    let nanos = shared.state.withLock { $0.stageNanos }
    if let failure {
      for sink in sinks { sink.abandon() }
      for file in errorFiles { file.discard() }
      throw failure
    }
    for sink in sinks { try sink.finish() }
    for file in errorFiles { try file.commit() }
    summary.stageSeconds = nanos.map { Double($0) / 1e9 }
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
    return summary
  }

  /// A worker thread: claims the next input item, processes it, delivers the result.
  private static func work(_ worker: Worker, shared: Shared) {
    while true {
      shared.window.wait()
      if shared.cancelled.load(ordering: .relaxed) { break }
      let claim: (Int, InputItem)? = shared.feed.withLock { feed in
        guard let item = feed.source.next() else { return nil }
        feed.handedOut += 1
        return (feed.handedOut - 1, item)
      }
      guard let (position, item) = claim else { break }
      let (outcome, nanos) = worker.process(item)
      shared.deliver(outcome, at: position, nanos: nanos)
    }
    shared.window.signal()
    shared.workerFinished()
  }

  /// Processes one input item through every stage.
  private struct Worker: Sendable {
    let pipeline: PipelineDefinition
    let reader: DocumentReader
    /// Stage indices whose sink receives the document, and each sink's encoder, in order.
    let sinkStages: [Int]
    let encoders: [any DocumentEncoder]

    func process(_ item: InputItem) -> (Outcome, [UInt64]) {
      var nanos = [UInt64](repeating: 0, count: pipeline.stages.count)
      var document: Document
      do {
        document = try reader.read(item)
      } catch {
        let (id, location) = reader.identity(of: item)
        return (
          .failed(
            ErrorRecord(
              id: id, location: location, stage: "input", message: error.message,
              offset: error.offset)), nanos
        )
      }
      var encoded: [EncodedDocument] = []
      for (index, loaded) in pipeline.stages.enumerated() {
        if document.isMarkup, loaded.stage.requires.contains(.cleanText) {
          return (
            .failed(
              ErrorRecord(
                id: document.id, location: document.location, stage: loaded.name,
                message:
                  "the document is \(document.format.rawValue) markup, but no stage before '\(loaded.name)' cleaned it: add `- cleanup: {}` (or `boilerplate`) before it",
                offset: nil)), nanos
          )
        }
        let start = DispatchTime.now().uptimeNanoseconds
        do {
          try loaded.stage.process(&document)
        } catch {
          let offset = (error as? DocumentError)?.offset
          let message = (error as? DocumentError)?.message ?? "\(error)"
          return (
            .failed(
              ErrorRecord(
                id: document.id, location: document.location, stage: loaded.name,
                message: message, offset: offset)), nanos
          )
        }
        for (sinkStage, encoder) in zip(sinkStages, encoders) where sinkStage == index {
          do {
            encoded.append(try encoder.encode(document))
          } catch {
            return (
              .failed(
                ErrorRecord(
                  id: document.id, location: document.location, stage: loaded.name,
                  message: "cannot serialise: \(error)", offset: nil)), nanos
            )
          }
        }
        // A sink stage's time includes serialising the document for it.
        nanos[index] += DispatchTime.now().uptimeNanoseconds - start
      }
      return (.done(encoded: encoded, warnings: document.warnings.count), nanos)
    }
  }

  private func makeSinks() throws -> ([any DocumentSink], [Int]) {
    var sinks: [any DocumentSink] = []
    var indices: [Int] = []
    var fields: [String] = []
    var layers: [String] = []
    var capabilities: Set<Capability> = []
    for (index, loaded) in pipeline.stages.enumerated() {
      for field in loaded.stage.fields where !fields.contains(field) { fields.append(field) }
      for layer in loaded.stage.layers where !layers.contains(layer) { layers.append(layer) }
      capabilities.formUnion(loaded.stage.provides)
      let context = RunContext(
        pipelineName: pipeline.name, baseDirectory: pipeline.baseDirectory,
        outputOverride: options.outputOverride, fields: fields, layers: layers,
        capabilities: capabilities)
      do {
        if let sink = try loaded.stage.makeSink(context) {
          sinks.append(sink)
          indices.append(index)
        }
      } catch {
        for sink in sinks { sink.abandon() }
        throw error
      }
    }
    return (sinks, indices)
  }

  private func outputDirectories(_ sinks: [any DocumentSink]) -> [URL] {
    var result: [URL] = []
    for sink in sinks where !result.contains(sink.directory) { result.append(sink.directory) }
    if result.isEmpty {
      result.append(
        options.outputOverride
          ?? pipeline.baseDirectory.appendingPathComponent("out").appendingPathComponent(
            pipeline.name))
    }
    return result
  }

  private static func writeError(_ record: ErrorRecord, to writer: inout JSONWriter) {
    writer.beginObject()
    writer.field("id", record.id)
    writer.field("source", record.location)
    writer.field("stage", record.stage)
    writer.field("message", record.message)
    writer.field("offset", record.offset)
    writer.endObject()
  }
}
