import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a worker process needs to know besides the pipeline (`nlpipe worker`'s options).
public struct WorkerOptions: Sendable {
  /// The run streams JSON lines (`--stdout`): encode for the stream, not for the export stages.
  public var stream: Bool
  public var shard: Shard?
  /// `--doc-timeout` (checked between stages here; the run kills a worker that overruns).
  public var documentTimeout: Double
  /// The pipeline file's SHA-256 as the run loaded it: a worker refuses another version.
  public var pipelineSHA256: String
  /// Makes the `--stdout` output whose encoder the worker runs (with ``stream``).
  public var streamOutput: StreamOutputMaker?
  /// The run's worker threads (the encoders' in-flight bound).
  public var jobs: Int

  public init(
    stream: Bool, shard: Shard?, documentTimeout: Double, pipelineSHA256: String,
    streamOutput: StreamOutputMaker? = nil, jobs: Int = 1
  ) {
    self.streamOutput = streamOutput
    self.jobs = max(1, jobs)
    self.stream = stream
    self.shard = shard
    self.documentTimeout = documentTimeout
    self.pipelineSHA256 = pipelineSHA256
  }
}

/// The worker-process side of process isolation (`nlpipe worker`, started by the run, never by
/// hand): reads input items from the rings shared through descriptor 5 (woken through a
/// futex there; the socket on descriptor 3 says when the run is gone, see ``WorkerChannel``), runs them through every stage, and answers each
/// with its outcome, already serialised for the run's sinks. It notes in the memory shared
/// through descriptor 4 where it is (see ``WorkerStatus``), so that when a stage crashes the process, the run can tell which
/// stage and which document. It ignores SIGINT (the run decides when to
/// stop) and exits when the socket reaches end of input, or when the run is gone.
public enum WorkerServer {
  static let channelDescriptor: Int32 = 3
  static let statusDescriptor: Int32 = 4
  static let ringsDescriptor: Int32 = 5

  /// Serves until the run closes the channel; returns the exit status.
  public static func serve(pipeline: PipelineDefinition, options: WorkerOptions) -> Int32 {
    signal(SIGINT, SIG_IGN)
    signal(SIGPIPE, SIG_IGN)
    guard let rings = WorkerRings.map(ringsDescriptor) else {
      // No channel to say why: the run reports the exit.
      FileHandle.standardError.write(Data("nlpipe worker: cannot map the shared rings\n".utf8))
      return 1
    }
    let channel = WorkerChannel(descriptor: channelDescriptor, rings: rings, side: .worker)
    func refuse(_ message: String) -> Int32 {
      var writer = WorkerWire.Writer()
      writer.string(message)
      _ = channel.send(writer.frame())
      return 1
    }
    guard pipeline.sha256 == options.pipelineSHA256 else {
      return refuse("the pipeline file \(pipeline.file) changed after the run started")
    }
    guard let status = WorkerStatus.map(statusDescriptor) else {
      return refuse("cannot map the status file")
    }
    let worker: DocumentProcessor
    do {
      let (sinkStages, encoders) = try Executor.encoders(
        for: pipeline, streams: options.stream, stream: options.streamOutput, jobs: options.jobs)
      worker = DocumentProcessor(
        pipeline: pipeline, reader: DocumentReader(spec: pipeline.input), sinkStages: sinkStages,
        encoders: encoders, shard: options.shard,
        budget: UInt64(max(0, options.documentTimeout) * 1e9),
        marker: { stage, id in status.note(stage: stage, id: id) })
    } catch {
      return refuse("\(error)")
    }
    guard channel.send(WorkerWire.Writer().frameCopy()) else { return 1 }
    // A run killed with SIGKILL cannot stop a worker stuck in a stage: it notices by itself.
    let parent = getppid()
    try? WorkerThreads.start(stackSize: 1 << 18) {
      while true {
        sleep(1)
        if getppid() != parent { _exit(1) }
      }
    }
    let done = DispatchSemaphore(value: 0)
    let exitStatus = Mutex(Int32(0))
    do {
      try WorkerThreads.start {
        let code = loop(
          channel: channel, worker: worker, status: status,
          batches: options.documentTimeout <= 0)
        exitStatus.withLock { $0 = code }
        done.signal()
      }
    } catch {
      return 1
    }
    done.wait()
    return exitStatus.withLock { $0 }
  }

  /// Answers the items in order. Without a `--doc-timeout`, answers wait while more items
  /// have already arrived, and are written together once there are ``answersPerWrite`` of
  /// them (or ``maxBatchBytes``), or before the worker waits for input: one write (and one
  /// wake-up of the run) for a batch, while the run refills the items in flight (see
  /// ``DocumentQueue/work(pipelined:depth:refill:)``). With one, each answer goes at once, so
  /// that the run's deadline runs from the item before. Before each item it notes the item's
  /// number, so that the run knows which one it was on if it dies holding several answers.
  private static func loop(
    channel: WorkerChannel, worker: DocumentProcessor, status: WorkerStatus, batches: Bool
  ) -> Int32 {
    var index = 0
    var held = 0
    while true {
      if held > 0,
        !batches || held >= answersPerWrite || channel.queuedBytes >= maxBatchBytes
          || !channel.inputWaiting
      {
        guard channel.flush(draining: false) else { return 0 }
        held = 0
      }
      // The item is read in place: the frame's memory stays the worker's until the channel
      // is next asked for input, after the answer is queued.
      var reader: WorkerWire.Reader
      let item: WorkerWire.ReceivedItem
      do {
        reader = try channel.receiveFrame()
        guard let decoded = try? WorkerWire.decodeReceivedItem(&reader) else { return 2 }
        item = decoded
      } catch {
        channel.flush(draining: false)
        return 0
      }
      status.note(item: index)
      index += 1
      let (outcome, nanos) = withExtendedLifetime(reader) { worker.process(item) }
      channel.queue(WorkerWire.OutcomeFrame(outcome: outcome, nanos: nanos))
      held += 1
    }
  }

  /// Answers held back at most (the run refills its items in flight once it has that many
  /// answers, so the worker never waits for input while holding them).
  static let answersPerWrite = Executor.inFlightPerWorker - Executor.refillPerWorker

  /// Answers held back at most before they are written anyway.
  static let maxBatchBytes = 1 << 20
}

extension DocumentProcessor {
  /// Processes an item as a worker process received it (a JSON line read in place).
  fileprivate func process(_ received: WorkerWire.ReceivedItem) -> (Outcome, [UInt64]) {
    switch received {
    case .line(let bytes, let file, let fileId, let number):
      return process(line: bytes, file: file, fileId: fileId, number: number)
    case .other(let item):
      return process(item)
    }
  }
}

extension WorkerWire.Writer {
  /// The frame of an unchanged writer (an empty payload).
  func frameCopy() -> [UInt8] {
    var copy = self
    return copy.frame()
  }
}
