import Dispatch
import Synchronization

/// What became of one input item.
enum Outcome: Sendable {
  /// Processed; one encoded form per sink.
  case done(encoded: [EncodedDocument], warnings: Int, id: String, location: String)
  case failed(ErrorRecord)
  /// Crashed its worker process, or overran `--doc-timeout` and was killed with it.
  case crashed(ErrorRecord, timedOut: Bool)
  /// Belongs to another shard.
  case skipped
}

/// The queue between the input, the worker threads and the writer: it hands out input items
/// in order, bounds how many are in memory, and gives the outcomes back in input order.
///
/// Workers claim input positions in order (under ``feed``), process them in parallel and
/// ``deliver(_:digest:at:nanos:)`` the results; the writer takes them back in position order. The
/// ``window``'s slots bound the documents in memory: a worker takes a slot before it claims
/// an item and the writer gives it back once the item is written.
final class DocumentQueue: Sendable {
  private struct State: ~Copyable {
    var results: [Int: (Outcome, UInt64)] = [:]
    var activeWorkers: Int
    var writerWaitingFor: Int?
    var stageNanos: [UInt64]
    /// Why the run cannot go on (a worker process that cannot start).
    var fatal: String?
  }

  /// The input and the number of items handed out, under one lock so positions follow input
  /// order. With `--resume`, the items have already been advanced past those written by the
  /// interrupted run, and the count starts there.
  private struct Feed: ~Copyable {
    let items: InputItems
    var handedOut: Int
  }

  private let state: Mutex<State>
  private let feed: Mutex<Feed>
  private let stopped = Atomic<Bool>(false)
  private let arrived = DispatchSemaphore(value: 0)
  private let window: DocumentSlots

  init(items: consuming sending InputItems, start: Int, stages: Int, jobs: Int) {
    state = Mutex(State(activeWorkers: jobs, stageNanos: Array(repeating: 0, count: stages)))
    feed = Mutex(Feed(items: items, handedOut: start))
    window = DocumentSlots(Self.documentsInFlight(jobs: jobs))
  }

  /// Input items claimed but not yet written, at most (the ``window``'s slots): room for a
  /// worker process's items in flight (``Executor/inFlightPerWorker``), for a batch of its
  /// answers that the writer has not written yet (``WorkerServer/answersPerWrite``), and
  /// ``spareDocumentsPerJob`` more. So a run thread can send its worker the next batch while
  /// the writer still holds the last one: with only the items in flight and 4 more (stop 26),
  /// it could claim 4 items there, and the worker, given too little to go on, ran dry and
  /// slept until the run came back.
  static func documentsInFlight(jobs: Int) -> Int {
    jobs * (Executor.inFlightPerWorker + WorkerServer.answersPerWrite + spareDocumentsPerJob)
  }

  /// Slots per job beyond the items in flight and a batch of answers: room for a run thread
  /// that is ahead to send its worker another batch while the writer waits for the other
  /// worker's oldest answer (16 since stop 29; 4 before: export-only, 2 jobs, worker
  /// processes about 2 points closer to threads, for a memory bound 1.3 times as large).
  static let spareDocumentsPerJob = 16

  /// Asks the workers to claim no more items (fail-fast, or an output error).
  func stop() { stopped.store(true, ordering: .relaxed) }

  /// The loop of one worker thread.
  func work<Failure: Error>(_ process: (InputItem) throws(Failure) -> (Outcome, [UInt64])) {
    while true {
      window.take()
      if stopped.load(ordering: .relaxed) { break }
      guard let (position, item) = nextItem() else { break }
      let digest = InputDigest.of(item)
      do {
        let (outcome, nanos) = try process(item)
        deliver(outcome, digest: digest, at: position, nanos: nanos)
      } catch {
        fail("\(error)")
        deliver(.skipped, digest: digest, at: position, nanos: [])
        break
      }
    }
    window.give()
    finished(workers: 1)
  }

  /// The loop of one worker thread that keeps up to `depth` items in flight in a
  /// ``PipelinedProcessor`` (a worker process, which then never waits for the next item).
  ///
  /// It refills in batches: once at most `refill` items are left in flight, it claims up to
  /// `depth` again and sends them together (one write, one wake-up of the worker), and the
  /// worker answers in batches of about as many (see ``WorkerServer``), so that each side
  /// wakes the other once a batch, not once a document, while the worker still has the
  /// items left in flight to work on.
  ///
  /// Only the first claim waits for a memory slot; with items in flight, a thread claims more
  /// only when a slot is free, else it collects a result first: the writer may be waiting for
  /// the oldest one it holds. The processor is finished before the thread counts as done.
  func work(pipelined processor: some PipelinedProcessor, depth: Int, refill: Int) {
    var pending: [(position: Int, digest: UInt64)] = []
    var exhausted = false
    var refilling = false
    while true {
      if pending.count <= refill { refilling = true }
      if refilling, !exhausted, pending.count < depth {
        // The slots free now (waiting for one only with nothing in flight), then as many
        // items under one lock.
        var slots = pending.isEmpty ? 1 : 0
        if slots == 1 { window.take() }
        slots += window.tryTake(upTo: depth - pending.count - slots)
        let claimed = stopped.load(ordering: .relaxed) ? [] : nextItems(slots)
        if claimed.count < slots {
          window.give(slots - claimed.count)
          exhausted = true
        }
        // Every claimed position is in `pending` before any is submitted: when a worker
        // cannot start, each gets its placeholder. The items' digests are taken once the
        // batch is on its way: the worker need not wait for them.
        let first = pending.count
        pending += claimed.map { (position: $0.0, digest: 0) }
        func digestClaimed() {
          for (offset, item) in claimed.enumerated() {
            pending[first + offset].digest = InputDigest.of(item.1)
          }
        }
        for (_, item) in claimed {
          do {
            try processor.submit(item)
          } catch {
            digestClaimed()
            abandon(pending, because: error)
            processor.finish()
            finished(workers: 1)
            return
          }
        }
        if !claimed.isEmpty { processor.publish() }
        digestClaimed()
      }
      if pending.count >= depth { refilling = false }
      guard !pending.isEmpty else { break }
      // The answers already in (a worker answers in batches) go to the writer together: one
      // lock and at most one wake-up of the writer for them.
      var answered: [Answer] = []
      do {
        repeat {
          let (outcome, nanos) = try processor.next()
          let first = pending.removeFirst()
          answered.append(
            Answer(position: first.position, digest: first.digest, outcome: outcome, nanos: nanos))
        } while !pending.isEmpty && processor.hasAnswer
        deliver(answered)
      } catch {
        deliver(answered)
        abandon(pending, because: error)
        processor.finish()
        finished(workers: 1)
        return
      }
    }
    processor.finish()
    finished(workers: 1)
  }

  /// Up to `count` next input items and their positions, under one lock (fewer at the end of
  /// the input).
  private func nextItems(_ count: Int) -> [(Int, InputItem)] {
    guard count > 0 else { return [] }
    return feed.withLock { feed in
      var items: [(Int, InputItem)] = []
      items.reserveCapacity(count)
      while items.count < count, let item = feed.items.next() {
        items.append((feed.handedOut, item))
        feed.handedOut += 1
      }
      return items
    }
  }

  /// The next input item and its position in input order (nil at the end of the input).
  private func nextItem() -> (Int, InputItem)? {
    feed.withLock { feed in
      guard let item = feed.items.next() else { return nil }
      feed.handedOut += 1
      return (feed.handedOut - 1, item)
    }
  }

  /// Stops the run, and hands the writer placeholders for the items a thread holds.
  private func abandon(_ pending: [(position: Int, digest: UInt64)], because error: Error) {
    fail("\(error)")
    for item in pending { deliver(.skipped, digest: item.digest, at: item.position, nanos: []) }
  }

  /// Workers that end (or never started): the writer stops waiting once all have.
  func finished(workers: Int) {
    let last = state.withLock { state in
      state.activeWorkers -= workers
      return state.activeWorkers == 0
    }
    if last { arrived.signal() }
  }

  /// Stops the run for a reason that concerns every document.
  func fail(_ message: String) {
    state.withLock { state in
      if state.fatal == nil { state.fatal = message }
    }
    stop()
  }

  /// Why the run cannot go on, if it cannot.
  var fatal: String? { state.withLock { $0.fatal } }

  private func deliver(_ outcome: Outcome, digest: UInt64, at position: Int, nanos: [UInt64]) {
    deliver([Answer(position: position, digest: digest, outcome: outcome, nanos: nanos)])
  }

  /// The outcome of one item, for the writer.
  private struct Answer {
    var position: Int
    var digest: UInt64
    var outcome: Outcome
    var nanos: [UInt64]
  }

  /// Hands outcomes to the writer; wakes it if it waits for one of them.
  private func deliver(_ answers: [Answer]) {
    guard !answers.isEmpty else { return }
    let wake = state.withLock { state in
      var wake = false
      for answer in answers {
        state.results[answer.position] = (answer.outcome, answer.digest)
        for (stage, time) in answer.nanos.enumerated() where stage < state.stageNanos.count {
          state.stageNanos[stage] += time
        }
        if state.writerWaitingFor == answer.position {
          state.writerWaitingFor = nil
          wake = true
        }
      }
      return wake
    }
    if wake { arrived.signal() }
  }

  /// The writer's next step.
  enum Next {
    /// The outcome, and the item's ``InputDigest``.
    case item(Outcome, UInt64)
    /// Not ready yet (the writer slept up to the timeout).
    case pending
    case end
  }

  /// Takes the result at `position`, waiting up to `timeout` for it.
  func take(_ position: Int, timeout: DispatchTimeInterval) -> Next {
    for attempt in 0..<2 {
      let next: Next? = state.withLock { state in
        if let (outcome, digest) = state.results.removeValue(forKey: position) {
          return .item(outcome, digest)
        }
        // Positions are claimed contiguously and every claimed one is delivered, so once the
        // workers are gone a missing position is the end.
        if state.activeWorkers == 0 { return .end }
        state.writerWaitingFor = position
        return nil
      }
      if let next { return next }
      if attempt == 0 { _ = arrived.wait(timeout: .now() + timeout) }
    }
    return .pending
  }

  /// Frees the memory slot of a written item.
  func written() { window.give() }

  /// Nanoseconds spent per stage so far, summed over workers.
  var stageNanos: [UInt64] { state.withLock { $0.stageNanos } }
}

/// Processes items with several in flight: ``submit(_:)`` hands one over, ``next()`` returns
/// the outcome of the oldest one not yet returned. Owned by one thread.
protocol PipelinedProcessor {
  associatedtype Failure: Error
  func submit(_ item: InputItem) throws(Failure)
  func next() throws(Failure) -> (Outcome, [UInt64])
  /// Whether ``next()`` would return at once (an answer has already arrived).
  var hasAnswer: Bool { get }
  /// Sends the items submitted so far at once (else they go before ``next()`` waits), so
  /// that the processor works on them while the thread does its own bookkeeping.
  func publish()
  /// Ends the processor (a worker process is stopped and reaped) before the thread reports
  /// itself finished, so that no worker process outlives the run.
  func finish()
}
