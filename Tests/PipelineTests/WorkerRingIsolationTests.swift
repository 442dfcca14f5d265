import Dispatch
import Foundation
import Testing

@testable import Pipeline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The shared-memory transport of worker processes (``WorkerRing``, ``WorkerChannel``), both
/// ends in this process: records wrap around the ring's end, frames larger than the ring go
/// through in pieces, and a frame whose writer died before publishing it is never read.
@Suite struct WorkerRingIsolationTests {
  /// A payload of `count` bytes that differs for each `seed`.
  private func payload(_ count: Int, seed: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7 &+ 1) }
  }

  private func frame(_ payload: [UInt8]) -> [UInt8] {
    withUnsafeBytes(of: UInt64(payload.count).littleEndian) { Array($0) } + payload
  }

  private var soon: UInt64 { DispatchTime.now().uptimeNanoseconds + 20_000_000_000 }

  @Test func recordsWrapAroundTheRingsEndInOrder() throws {
    let (run, worker) = try workerChannelPair(capacity: 256)
    defer {
      close(run.descriptor)
      close(worker.descriptor)
    }
    // Sizes that are not multiples of 8 and do not divide the ring: records land everywhere,
    // and many need a wrap marker. Two frames are in the ring at once (both fit, whatever
    // the wrap wastes: one thread writes and reads).
    var sent: [[UInt8]] = []
    var received: [[UInt8]] = []
    for round in 0..<300 {
      let sizes = [round % 37, (round * 13) % 53 + 1]
      for (index, size) in sizes.enumerated() {
        let bytes = payload(size, seed: round * 3 + index)
        run.queue { $0.bytes.append(contentsOf: bytes) }
        sent.append(bytes)
      }
      #expect(run.flush(draining: true))
      #expect(worker.hasFrame)
      for _ in sizes { received.append(try worker.receive(deadline: soon)) }
      #expect(!worker.hasFrame)
    }
    #expect(received == sent)
  }

  @Test func aFrameLargerThanTheRingGoesThroughInPieces() throws {
    let (run, worker) = try workerChannelPair(capacity: 256)
    defer {
      close(run.descriptor)
      close(worker.descriptor)
    }
    let large = payload(50_000, seed: 5)
    let small = payload(40, seed: 6)
    let done = DispatchSemaphore(value: 0)
    // The run writes while the worker reads: the ring holds a small part of the frame.
    DispatchQueue.global().async {
      _ = run.send(self.frame(large))
      _ = run.send(self.frame(small))
      _ = run.send(self.frame([]))
      done.signal()
    }
    #expect(try worker.receive(deadline: soon) == large)
    #expect(try worker.receive(deadline: soon) == small)
    #expect(try worker.receive(deadline: soon) == [])
    done.wait()
  }

  /// Both ends write frames larger than the ring to each other before reading: the run's end
  /// puts the worker's aside while it waits for room, so neither waits for the other.
  @Test func bothEndsWritingLargeFramesAtOnceNeverWaitForEachOther() throws {
    let (run, worker) = try workerChannelPair(capacity: 512)
    defer {
      close(run.descriptor)
      close(worker.descriptor)
    }
    let requests = (0..<4).map { payload(3_000 + $0, seed: $0) }
    let answers = (0..<4).map { payload(5_000 + $0, seed: 10 + $0) }
    let echoed = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      for answer in answers { worker.queue { $0.bytes.append(contentsOf: answer) } }
      _ = worker.flush(draining: false)
      for _ in requests { _ = try? worker.receive(deadline: self.soon) }
      echoed.signal()
    }
    for request in requests { run.queue { $0.bytes.append(contentsOf: request) } }
    #expect(run.flush(draining: true))
    #expect(echoed.wait(timeout: .now() + 20) == .success)
    for answer in answers { #expect(try run.receive(deadline: soon) == answer) }
  }

  /// A worker that dies after writing a record but before publishing it: the run sees the
  /// frames published before, then the end, never the torn one.
  @Test func aTornFrameOfADeadWorkerIsNeverRead() throws {
    let (socket, workerSocket) = try #require(WorkerChannel.socketPair())
    let (ringsFD, rings) = try #require(WorkerRings.create(capacity: 256))
    close(ringsFD)
    let run = WorkerChannel(descriptor: socket, rings: rings, side: .run)
    defer { close(socket) }
    let whole = payload(30, seed: 1)
    var cursor = rings.answers.producerCursor()
    whole.withUnsafeBytes { #expect(rings.answers.write($0, continued: false, at: &cursor)) }
    _ = rings.answers.publish(cursor)
    // Written, not published: torn.
    payload(60, seed: 2).withUnsafeBytes {
      #expect(rings.answers.write($0, continued: false, at: &cursor))
    }
    // The first piece of a frame in pieces, published, and the worker dies before the last.
    payload(20, seed: 3).withUnsafeBytes {
      #expect(rings.answers.write($0, continued: true, at: &cursor))
    }
    close(workerSocket)
    #expect(try run.receive(deadline: soon) == whole)
    #expect(throws: WorkerChannel.ReadFailure.self) { try run.receive(deadline: soon) }
    // The piece published without its end is not a frame either.
    let (socket2, workerSocket2) = try #require(WorkerChannel.socketPair())
    let (ringsFD2, rings2) = try #require(WorkerRings.create(capacity: 256))
    close(ringsFD2)
    let run2 = WorkerChannel(descriptor: socket2, rings: rings2, side: .run)
    defer { close(socket2) }
    var cursor2 = rings2.answers.producerCursor()
    payload(20, seed: 3).withUnsafeBytes {
      #expect(rings2.answers.write($0, continued: true, at: &cursor2))
    }
    _ = rings2.answers.publish(cursor2)
    close(workerSocket2)
    #expect(!run2.hasFrame)
    #expect(throws: WorkerChannel.ReadFailure.self) { try run2.receive(deadline: soon) }
  }

  /// Nothing is written to the socket: a side asleep without a deadline notices that the other
  /// end closed it (its process died) by looking at the socket between sleeps, and a side
  /// woken for a frame reads it.
  @Test func aSleeperNoticesThatTheOtherEndIsGone() throws {
    let (run, worker) = try workerChannelPair(capacity: 256)
    defer { close(run.descriptor) }
    let sent = DispatchSemaphore(value: 0)
    let channel = worker
    DispatchQueue.global().async {
      usleep(30_000)
      _ = channel.send(frame([1, 2, 3]))
      usleep(30_000)
      close(channel.descriptor)
      sent.signal()
    }
    #expect(try run.receive() == [1, 2, 3])
    #expect(throws: WorkerChannel.ReadFailure.closed) { try run.receive() }
    sent.wait()
  }

  @Test func aReadPastTheDeadlineTimesOut() throws {
    let (run, worker) = try workerChannelPair(capacity: 256)
    defer {
      close(run.descriptor)
      close(worker.descriptor)
    }
    let deadline = DispatchTime.now().uptimeNanoseconds + 50_000_000
    #expect(throws: WorkerChannel.ReadFailure.timedOut) { try run.receive(deadline: deadline) }
    // What arrives later still reads.
    #expect(worker.send(frame([7, 8, 9])))
    #expect(try run.receive(deadline: soon) == [7, 8, 9])
  }
}
