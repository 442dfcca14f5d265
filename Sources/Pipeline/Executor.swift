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
    case done(snapshots: [Document], warnings: Int)
    case failed(ErrorRecord)
  }

  private struct State: ~Copyable {
    var results: [Int: Outcome] = [:]
    var dispatched = 0
    var dispatchFinished = false
    var cancelled = false
    var inputFailure: String?
    var stageNanos: [UInt64]
  }

  private final class Shared: Sendable {
    let state: Mutex<State>
    let arrived = DispatchSemaphore(value: 0)
    let window: DispatchSemaphore
    let running: DispatchSemaphore
    let workers = DispatchGroup()

    init(stages: Int, window: Int, jobs: Int) {
      state = Mutex(State(stageNanos: Array(repeating: 0, count: stages)))
      self.window = DispatchSemaphore(value: window)
      self.running = DispatchSemaphore(value: jobs)
    }
  }

  /// Runs the pipeline. Throws only when the run as a whole cannot proceed (missing input,
  /// unwritable output); per-document problems go to `errors.jsonl`.
  public func run() throws -> RunSummary {
    let started = Date()
    let clock = ContinuousClock()
    let startInstant = clock.now
    let source = try InputSource(pipeline.input)
    let (sinks, sinkStages) = try makeSinks()
    let directories = outputDirectories(sinks)
    var errorFiles: [OutputFile] = []
    do {
      for directory in directories {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        errorFiles.append(try OutputFile(directory.appendingPathComponent("errors.jsonl")))
      }
    } catch {
      sinks.forEach { $0.abandon() }
      throw error
    }

    let shared = Shared(
      stages: pipeline.stages.count, window: options.jobs * 4, jobs: options.jobs)
    let worker = Worker(
      pipeline: pipeline, reader: DocumentReader(spec: pipeline.input), sinkStages: sinkStages)
    let sourceBox = SourceBox(source)
    DispatchQueue.global(qos: .userInitiated).async {
      Self.dispatch(sourceBox, worker: worker, shared: shared)
    }

    var summary = RunSummary()
    var progress = ProgressLine(
      enabled: options.progress, total: source.countIsExact ? source.fileCount : nil)
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
        if state.dispatchFinished, next >= state.dispatched { return .done }
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
            case .done(let snapshots, let warnings):
              summary.documentsOK += 1
              summary.warnings += warnings
              for (sink, snapshot) in zip(sinks, snapshots) { try sink.write(snapshot) }
            case .failed(let record):
              summary.documentsFailed += 1
              errorLine.reset()
              Self.writeError(record, to: &errorLine)
              for file in errorFiles { try file.write(errorLine.bytes + [0x0A]) }
              if options.failFast {
                summary.stoppedEarly = true
                shared.state.withLock { $0.cancelled = true }
              }
            }
          } catch {
            failure = error
            shared.state.withLock { $0.cancelled = true }
          }
        }
        shared.window.signal()
        progress.update(done: next, clock: clock)
        continue
      }
      break
    }
    shared.workers.wait()
    progress.finish(done: next, clock: clock)
    let (nanos, inputFailure) = shared.state.withLock { ($0.stageNanos, $0.inputFailure) }
    if failure == nil, let inputFailure { failure = InputError(inputFailure) }
    if let failure {
      sinks.forEach { $0.abandon() }
      errorFiles.forEach { $0.discard() }
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

  /// Holds the input source for the dispatcher thread, its only user.
  private final class SourceBox: @unchecked Sendable {
    let source: InputSource
    init(_ source: InputSource) { self.source = source }
  }

  private static func dispatch(_ box: SourceBox, worker: Worker, shared: Shared) {
    var index = 0
    while true {
      shared.window.wait()
      if shared.state.withLock({ $0.cancelled }) {
        shared.window.signal()
        break
      }
      guard let item = box.source.next() else {
        shared.window.signal()
        break
      }
      shared.running.wait()
      let position = index
      index += 1
      shared.state.withLock { $0.dispatched = index }
      shared.workers.enter()
      DispatchQueue.global(qos: .userInitiated).async {
        let (outcome, nanos) = worker.process(item)
        shared.state.withLock { state in
          state.results[position] = outcome
          for (stage, time) in nanos.enumerated() { state.stageNanos[stage] += time }
        }
        shared.arrived.signal()
        shared.running.signal()
        shared.workers.leave()
      }
    }
    shared.state.withLock { $0.dispatchFinished = true }
    shared.arrived.signal()
  }

  /// Processes one input item through every stage.
  private struct Worker: Sendable {
    let pipeline: PipelineDefinition
    let reader: DocumentReader
    let sinkStages: Set<Int>

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
      var snapshots: [Document] = []
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
        nanos[index] += DispatchTime.now().uptimeNanoseconds - start
        if sinkStages.contains(index) { snapshots.append(document) }
      }
      return (.done(snapshots: snapshots, warnings: document.warnings.count), nanos)
    }
  }

  private func makeSinks() throws -> ([any DocumentSink], Set<Int>) {
    var sinks: [any DocumentSink] = []
    var indices: Set<Int> = []
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
          indices.insert(index)
        }
      } catch {
        sinks.forEach { $0.abandon() }
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
