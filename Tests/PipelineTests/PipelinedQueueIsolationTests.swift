import Dispatch
import Foundation
import Testing

@testable import Pipeline

/// How a run thread feeds a worker process (``DocumentQueue/work(pipelined:depth:refill:)``),
/// with a processor that stands in for the process: the memory window leaves room for the next
/// batch while the writer still holds the last one, and items are sent before the thread
/// digests them, with the digests the writer needs.
@Suite struct PipelinedQueueIsolationTests {
  /// Answers every item at once with `.skipped`, and notes what the thread asked of it.
  private final class Recorder: PipelinedProcessor, @unchecked Sendable {
    typealias Failure = Never
    enum Event: Equatable { case submit, publish, next }
    private let lock = NSLock()
    private var submitted: [InputItem] = []
    private var answered = 0
    private var log: [Event] = []
    /// Signalled once `target` items have been submitted.
    let reachedTarget = DispatchSemaphore(value: 0)
    let target: Int

    init(target: Int) { self.target = target }

    func submit(_ item: InputItem) {
      let reached = lock.withLock {
        submitted.append(item)
        log.append(.submit)
        return submitted.count == target
      }
      if reached { reachedTarget.signal() }
    }

    func publish() { lock.withLock { log.append(.publish) } }

    func next() -> (Outcome, [UInt64]) {
      lock.withLock {
        log.append(.next)
        answered += 1
      }
      return (.skipped, [0])
    }

    var hasAnswer: Bool { lock.withLock { answered < submitted.count } }

    func finish() {}

    var items: [InputItem] { lock.withLock { submitted } }
    var events: [Event] { lock.withLock { log } }
  }

  /// A queue over `count` JSON lines (each different) in a temporary file.
  private func queue(lines count: Int) throws -> (DocumentQueue, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nlpipe-pipelined-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("in.jsonl")
    let text = (0..<count).map {
      "{\"id\": \"d\($0)\", \"text\": \"line \($0) \(String(repeating: "x", count: $0 % 17))\"}\n"
    }
    .joined()
    try Data(text.utf8).write(to: file)
    let items = try InputItems(InputSpec(path: file, displayPath: "in.jsonl"))
    return (DocumentQueue(items: items, start: 0, stages: 1, jobs: 1), folder)
  }

  /// Starts the run thread of one worker.
  private func start(_ queue: DocumentQueue, _ recorder: Recorder) throws {
    try WorkerThreads.start {
      queue.work(
        pipelined: recorder, depth: Executor.inFlightPerWorker, refill: Executor.refillPerWorker)
    }
  }

  /// Takes every position in order (freeing its memory slot, as the writer does), then the
  /// end; the outcomes' digests.
  private func drain(_ queue: DocumentQueue, count: Int) -> [UInt64?] {
    var digests: [UInt64?] = []
    for position in 0..<count {
      if case .item(_, let digest) = queue.take(position, timeout: .seconds(60)) {
        digests.append(digest)
        queue.written()
      } else {
        digests.append(nil)
      }
    }
    var ended = false
    for _ in 0..<300 where !ended {
      if case .end = queue.take(count, timeout: .milliseconds(200)) { ended = true }
    }
    #expect(ended)
    return digests
  }

  @Test func aRunThreadSendsTheNextBatchWhileTheWriterHoldsTheLast() throws {
    // The worker answered its items in flight; the writer has written none of them yet. The
    // thread must still be able to send a whole refill batch (before: 4 items).
    let count = Executor.inFlightPerWorker + WorkerServer.answersPerWrite
    #expect(DocumentQueue.documentsInFlight(jobs: 1) >= count)
    let (queue, folder) = try queue(lines: count)
    defer { try? FileManager.default.removeItem(at: folder) }
    let recorder = Recorder(target: count)
    try start(queue, recorder)
    // Nothing is written until every item has been sent (or the thread is stuck waiting for
    // memory slots, which only the writer frees: then it gives up after a while and drains).
    let sentAll = recorder.reachedTarget.wait(timeout: .now() + 30) == .success
    let digests = drain(queue, count: count)
    #expect(sentAll)
    #expect(digests.allSatisfy { $0 != nil })
  }

  @Test func itemsAreSentBeforeTheThreadDigestsThemAndTheDigestsReachTheWriter() throws {
    let count = 200
    let (queue, folder) = try queue(lines: count)
    defer { try? FileManager.default.removeItem(at: folder) }
    let recorder = Recorder(target: count)
    try start(queue, recorder)
    let digests = drain(queue, count: count)
    // Every batch of submitted items was published before the thread waited for an answer.
    var unpublished = 0
    var waitedUnpublished = 0
    for event in recorder.events {
      switch event {
      case .submit: unpublished += 1
      case .publish: unpublished = 0
      case .next: if unpublished > 0 { waitedUnpublished += 1 }
      }
    }
    #expect(waitedUnpublished == 0)
    #expect(recorder.events.contains(.publish))
    let items = recorder.items
    #expect(items.count == count)
    #expect(digests == items.map { Optional(InputDigest.of($0)) })
    // Distinct lines, distinct digests: none was left at its placeholder.
    #expect(Set(digests.compactMap { $0 }).count == count)
  }
}
