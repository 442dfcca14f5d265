import Dispatch
import Synchronization

/// What became of one input item.
enum Outcome: Sendable {
  /// Processed; one encoded form per sink.
  case done(encoded: [EncodedDocument], warnings: Int, id: String, location: String)
  case failed(ErrorRecord)
  /// Belongs to another shard.
  case skipped
}

/// State shared by the worker threads and the writer.
///
/// Workers claim input positions in order (under ``feed``), process them in parallel and
/// ``deliver(_:at:nanos:)`` the results; the writer takes them back in position order. The
/// ``window`` semaphore bounds the documents in memory: a worker takes a slot before it claims
/// an item and the writer gives it back once the item is written.
final class Scheduler: Sendable {
  private struct State: ~Copyable {
    var results: [Int: Outcome] = [:]
    var activeWorkers: Int
    var writerWaitingFor: Int?
    var stageNanos: [UInt64]
  }

  /// The input and the number of items handed out, under one lock so positions follow input
  /// order. The first `skip` items (already written by an interrupted run) are passed over.
  private struct Feed: ~Copyable {
    let source: InputSource
    var handedOut = 0
    let skip: Int
  }

  private let state: Mutex<State>
  private let feed: Mutex<Feed>
  private let stopped = Atomic<Bool>(false)
  private let arrived = DispatchSemaphore(value: 0)
  private let window: DispatchSemaphore

  init(source: consuming sending InputSource, skip: Int, stages: Int, jobs: Int) {
    state = Mutex(State(activeWorkers: jobs, stageNanos: Array(repeating: 0, count: stages)))
    feed = Mutex(Feed(source: source, skip: skip))
    window = DispatchSemaphore(value: jobs * 4)
  }

  /// Asks the workers to claim no more items (fail-fast, or an output error).
  func stop() { stopped.store(true, ordering: .relaxed) }

  /// The loop of one worker thread.
  func work(_ process: (InputItem) -> (Outcome, [UInt64])) {
    while true {
      window.wait()
      if stopped.load(ordering: .relaxed) { break }
      let claim: (Int, InputItem)? = feed.withLock { feed in
        while feed.handedOut < feed.skip {
          guard feed.source.next() != nil else { return nil }
          feed.handedOut += 1
        }
        guard let item = feed.source.next() else { return nil }
        feed.handedOut += 1
        return (feed.handedOut - 1, item)
      }
      guard let (position, item) = claim else { break }
      let (outcome, nanos) = process(item)
      deliver(outcome, at: position, nanos: nanos)
    }
    window.signal()
    let last = state.withLock { state in
      state.activeWorkers -= 1
      return state.activeWorkers == 0
    }
    if last { arrived.signal() }
  }

  private func deliver(_ outcome: Outcome, at position: Int, nanos: [UInt64]) {
    let wake = state.withLock { state in
      state.results[position] = outcome
      for (stage, time) in nanos.enumerated() { state.stageNanos[stage] += time }
      guard state.writerWaitingFor == position else { return false }
      state.writerWaitingFor = nil
      return true
    }
    if wake { arrived.signal() }
  }

  /// The writer's next step.
  enum Next {
    case item(Outcome)
    /// Not ready yet (the writer slept up to the timeout).
    case pending
    case end
  }

  /// Takes the result at `position`, waiting up to `timeout` for it.
  func take(_ position: Int, timeout: DispatchTimeInterval) -> Next {
    for attempt in 0..<2 {
      let next: Next? = state.withLock { state in
        if let outcome = state.results.removeValue(forKey: position) { return .item(outcome) }
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
  func written() { window.signal() }

  /// Nanoseconds spent per stage so far, summed over workers.
  var stageNanos: [UInt64] { state.withLock { $0.stageNanos } }
}
