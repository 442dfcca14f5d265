import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How to start a worker process: a program (normally the running `nlpipe` itself) and its
/// arguments (`worker FILE ...`, see ``WorkerServer``).
public struct WorkerCommand: Sendable {
  public var executable: String
  public var arguments: [String]

  public init(executable: String, arguments: [String]) {
    self.executable = executable
    self.arguments = arguments
  }
}

/// One running worker process: its pid, its channel (the socket whose end tells each side that
/// the other is gone is descriptor 3 on its side, the shared rings descriptor 5) and its status file (descriptor 4). Its stdin is /dev/null and its stdout goes to our stderr, so that a
/// stage that prints cannot garble the protocol or `--stdout`. It runs in a process group of
/// its own: Ctrl-C reaches the run, which stops feeding it and lets it finish its document.
final class WorkerProcess {
  let pid: pid_t
  let channel: WorkerChannel
  /// Where the worker is (shared memory; read once it has died).
  let lastStatus: WorkerStatus
  private var reaped = false

  /// Starts the process and, unless `waiting` is false, waits for its hello (see
  /// ``awaitHello()``); throws why it cannot start.
  init(_ command: WorkerCommand, waiting: Bool = true) throws(WorkerThreads.StartFailure) {
    guard let (ours, theirs) = WorkerChannel.socketPair() else {
      throw WorkerThreads.StartFailure(
        description:
          "cannot create a socket for a worker process: \(String(cString: strerror(errno)))"
      )
    }
    guard let (statusTheirs, status) = WorkerStatus.create(),
      let (ringsTheirs, rings) = WorkerRings.create()
    else {
      close(ours)
      close(theirs)
      throw WorkerThreads.StartFailure(
        description:
          "cannot create the shared memory of a worker process: "
          + String(cString: strerror(errno)))
    }
    // Above the descriptors the child gets, so that dup2 always copies (and drops CLOEXEC).
    let channelFD = fcntl(theirs, F_DUPFD_CLOEXEC, 10)
    let statusFD = fcntl(statusTheirs, F_DUPFD_CLOEXEC, 10)
    let ringsFD = fcntl(ringsTheirs, F_DUPFD_CLOEXEC, 10)
    close(theirs)
    close(statusTheirs)
    close(ringsTheirs)
    var pid: pid_t = 0
    let code = Self.spawn(
      command, pid: &pid, descriptors: (channel: channelFD, status: statusFD, rings: ringsFD))
    close(channelFD)
    close(statusFD)
    close(ringsFD)
    guard code == 0 else {
      close(ours)
      throw WorkerThreads.StartFailure(
        description: "cannot start a worker process (\(command.executable)): "
          + String(cString: strerror(code)))
    }
    self.pid = pid
    self.channel = WorkerChannel(descriptor: ours, rings: rings, side: .run)
    self.lastStatus = status
    if waiting { try awaitHello() }
  }

  /// Waits for the worker's hello (an empty frame, its first), which says that it has loaded
  /// the pipeline; throws why it cannot start. Items may be queued before it arrives: the
  /// worker reads them once it is ready.
  func awaitHello() throws(WorkerThreads.StartFailure) {
    let hello: [UInt8]
    do {
      hello = try channel.receive(deadline: DispatchTime.now().uptimeNanoseconds + 600_000_000_000)
    } catch {
      let ended = stop(graceSeconds: 2)
      throw WorkerThreads.StartFailure(
        description: "a worker process ended before it was ready (it \(ended))")
    }
    guard hello.isEmpty else {
      var reader = WorkerWire.Reader(hello)
      let message = (try? reader.string()) ?? "unreadable reply"
      _ = stop(graceSeconds: 2)
      throw WorkerThreads.StartFailure(description: "a worker process cannot start: \(message)")
    }
  }

  deinit { _ = stop(graceSeconds: 0) }

  /// Closes the channel (a worker exits at end of input), waits up to `graceSeconds`, then
  /// kills it; returns how it ended ("exited with status 0", "was killed by signal 4 (...)").
  @discardableResult
  func stop(graceSeconds: Double) -> String {
    guard !reaped else { return "ended" }
    reaped = true
    shutdown(channel.descriptor, Int32(SHUT_WR))
    channel.wakeOtherEnd()
    let code = Self.reap(pid, graceSeconds: graceSeconds)
    close(channel.descriptor)
    return Self.describe(code)
  }

  /// Waits for the process to exit (up to `graceSeconds`), then kills it and reaps it.
  private static func reap(_ pid: pid_t, graceSeconds: Double) -> Int32? {
    var status: Int32 = 0
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(graceSeconds * 1e9)
    while graceSeconds > 0 {
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid { return status }
      if result < 0, errno != EINTR { return nil }
      if DispatchTime.now().uptimeNanoseconds >= deadline { break }
      usleep(1_000)
    }
    kill(pid, SIGKILL)
    return ChildStatus.waitForExit(pid)
  }

  /// "exited with status 3", "was killed by signal 4 (Illegal instruction)".
  static func describe(_ status: Int32?) -> String { ChildStatus.describe(status) }

  private static func spawn(
    _ command: WorkerCommand, pid: inout pid_t,
    descriptors: (channel: Int32, status: Int32, rings: Int32)
  ) -> Int32 {
    // Its stdout goes to the run's stderr, so that `--stdout` stays clean.
    ChildSpawn.spawn(
      command.executable, arguments: [command.executable] + command.arguments, environment: nil,
      descriptors: [
        .nullInput(as: 0), .duplicate(2, as: 1),
        .duplicate(descriptors.channel, as: WorkerServer.channelDescriptor),
        .duplicate(descriptors.status, as: WorkerServer.statusDescriptor),
        .duplicate(descriptors.rings, as: WorkerServer.ringsDescriptor),
      ],
      pid: &pid)
  }
}

/// The worker process of one run thread: hands it input items (several ahead, so that it never
/// waits for the next one, written together), restarts it after it dies, and turns a death or
/// an overrun into the document's error record.
///
/// A worker may hold back the answers of items it has finished while more items wait (see
/// ``WorkerServer``), so when it dies the item it was on is the one whose number it noted in
/// its status (not necessarily the oldest unanswered one): that item alone gets the error
/// record; the others it held, finished or not, are handed to a new worker as they were.
final class IsolatedWorker: PipelinedProcessor {
  private let command: WorkerCommand
  private let stageNames: [String]
  private let reader: DocumentReader
  private let shard: Shard?
  /// `--doc-timeout` in nanoseconds (0: none); the process is killed a little after it.
  private let budget: UInt64
  private var process: WorkerProcess?
  /// An item sent and not yet answered: its number in the current worker's input, or the
  /// outcome it already has (it crashed a worker that was holding older answers).
  private struct Entry {
    var item: InputItem
    var index: Int?
    var outcome: (Outcome, [UInt64])?
  }
  /// Items submitted and not yet returned, oldest first.
  private var inFlight: [Entry] = []
  /// Items the current worker process has been sent.
  private var sent = 0
  /// When the worker started on the oldest item in flight (uptime nanoseconds).
  private var startedAt: UInt64 = 0
  /// The oldest item in flight is queued but not yet sent: its clock starts when it is.
  private var startWhenSent = false

  init(command: WorkerCommand, pipeline: PipelineDefinition, shard: Shard?, budget: UInt64) {
    self.command = command
    self.stageNames = pipeline.stages.map(\.name)
    self.reader = DocumentReader(spec: pipeline.input)
    self.shard = shard
    self.budget = budget
  }

  /// A worker process started early (``prepare()``) whose hello has not been read yet.
  private var unannounced = false

  /// Starts the worker process without waiting for it to be ready, so that it loads while the
  /// run thread claims and queues its first items; its hello is read before the first answer.
  func prepare() {
    guard process == nil, let worker = try? WorkerProcess(command, waiting: false) else { return }
    process = worker
    sent = 0
    unannounced = true
  }

  /// Queues an item for the worker (sent before the run waits for an answer); throws only when
  /// no worker process can start.
  func submit(_ item: InputItem) throws(WorkerThreads.StartFailure) {
    let worker = try running()
    if inFlight.isEmpty { startWhenSent = true }
    inFlight.append(Entry(item: item, index: sent))
    sent += 1
    worker.channel.queue(WorkerWire.ItemFrame(item: item))
  }

  /// Publishes the queued items; a worker that died shows in ``next()``.
  func publish() {
    guard let worker = process else { return }
    worker.channel.flush(draining: true)
    if startWhenSent {
      startedAt = DispatchTime.now().uptimeNanoseconds
      startWhenSent = false
    }
  }

  var hasAnswer: Bool {
    inFlight.first?.outcome != nil || (!unannounced && process?.channel.hasFrame == true)
  }

  /// The outcome of the oldest item in flight.
  func next() throws(WorkerThreads.StartFailure) -> (Outcome, [UInt64]) {
    if let outcome = inFlight.first?.outcome {
      inFlight.removeFirst()
      return outcome
    }
    let worker = try running()
    if unannounced {
      // Started early: its start is not the first item's time (for `--doc-timeout`).
      worker.channel.flush(draining: true)
      unannounced = false
      do {
        try worker.awaitHello()
      } catch {
        process = nil
        throw error
      }
      startedAt = DispatchTime.now().uptimeNanoseconds
    }
    // A worker that died shows here; its items are resent from here.
    if !worker.channel.hasFrame { worker.channel.flush(draining: true) }
    if startWhenSent {
      startedAt = DispatchTime.now().uptimeNanoseconds
      startWhenSent = false
    }
    // Cooperative stages stop at the budget themselves; the grace lets them say so.
    let grace = min(1_000_000_000, max(100_000_000, budget / 4))
    let deadline = budget > 0 ? startedAt + budget + grace : nil
    var timedOut = false
    var unreadable = false
    do {
      var reader = try worker.channel.receiveFrame(deadline: deadline)
      if let (outcome, nanos) = try? WorkerWire.decodeOutcome(&reader) {
        inFlight.removeFirst()
        startedAt = DispatchTime.now().uptimeNanoseconds
        return (outcome, nanos)
      }
      unreadable = true
    } catch .timedOut {
      timedOut = true
    } catch {
      // The worker closed the channel: it died.
    }
    let ended = worker.stop(graceSeconds: timedOut ? 0 : 1)
    process = nil
    let status = worker.lastStatus
    // The item it was on; the oldest unanswered one when it died between items.
    let culprit =
      inFlight.firstIndex { $0.index != nil && $0.index == status.item }
      ?? inFlight.firstIndex { $0.index != nil } ?? 0
    let elapsed = (DispatchTime.now().uptimeNanoseconds - startedAt) / 1_000_000
    inFlight[culprit].outcome = crashOutcome(
      of: inFlight[culprit].item, status: status, ended: ended, timedOut: timedOut,
      unreadable: unreadable, elapsed: elapsed)
    inFlight[culprit].index = nil
    let waiting = inFlight.indices.filter { inFlight[$0].outcome == nil }
    if !waiting.isEmpty {
      let fresh = try running()
      startedAt = DispatchTime.now().uptimeNanoseconds
      for position in waiting {
        inFlight[position].index = sent
        sent += 1
        let item = inFlight[position].item
        fresh.channel.queue(WorkerWire.ItemFrame(item: item))
      }
    }
    return try next()
  }

  /// The error record of an item that crashed its worker or overran the budget.
  private func crashOutcome(
    of item: InputItem, status: WorkerStatus, ended: String, timedOut: Bool, unreadable: Bool,
    elapsed: UInt64
  ) -> (Outcome, [UInt64]) {
    let stage =
      status.stage >= 0 && status.stage < stageNames.count ? stageNames[status.stage] : "input"
    let identity = reader.identity(of: item)
    let id = status.id ?? identity.id
    if let shard, !shard.contains(id) { return (.skipped, []) }
    let message: String
    if timedOut {
      message =
        "took more than \(elapsed) ms, over the --doc-timeout budget of \(budget / 1_000_000) ms, "
        + "and did not stop: its worker process was killed (the document is left out)"
    } else if unreadable {
      message =
        "the worker process sent an unreadable reply (it \(ended)); the document is left out"
    } else {
      message =
        "crashed the worker process running this stage (it \(ended)); the document is left out"
    }
    let record = ErrorRecord(
      id: id, location: identity.location, stage: stage, message: message, offset: nil)
    return (.crashed(record, timedOut: timedOut), [])
  }

  private func running() throws(WorkerThreads.StartFailure) -> WorkerProcess {
    if let process { return process }
    let worker = try WorkerProcess(command)
    process = worker
    sent = 0
    return worker
  }

  /// Ends the worker process (end of input, then a grace period).
  func finish() {
    process?.stop(graceSeconds: 5)
    process = nil
    unannounced = false
  }
}
