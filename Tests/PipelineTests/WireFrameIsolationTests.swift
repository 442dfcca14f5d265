import Dispatch
import Foundation
import Testing

@testable import Pipeline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Frames written straight into a worker ring's free space (``WorkerChannel/queue(_:)`` with a
/// ``WireFrame``): measured, then encoded in place, byte for byte as the array encoding; in
/// order with frames that do not fit and go through the queue; never seen before they are
/// published, so a worker dying before it flushes leaves nothing torn.
@Suite struct WireFrameIsolationTests {
  /// Bytes as a frame's payload, as they are.
  private struct Bytes: WireFrame {
    var bytes: [UInt8]
    func write(to writer: inout some WireWriter) { bytes.withUnsafeBytes { writer.raw($0) } }
  }

  private func payload(_ count: Int, seed: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ seed &* 11 &+ 3) }
  }

  private var soon: UInt64 { DispatchTime.now().uptimeNanoseconds + 20_000_000_000 }

  /// The payload as the growable array writes it (the reference encoding).
  private func arrayEncoding(_ frame: some WireFrame) -> [UInt8] {
    var writer = WorkerWire.Writer.frames()
    frame.write(to: &writer)
    return writer.bytes
  }

  /// The payload as written in place into memory of its measured size.
  private func bufferEncoding(_ frame: some WireFrame) -> [UInt8] {
    let size = WireSize.of(frame)
    var bytes = [UInt8](repeating: 0xEE, count: size)
    bytes.withUnsafeMutableBytes { memory in
      guard let base = memory.baseAddress else { return }
      var buffer = WireBuffer(base, count: size)
      frame.write(to: &buffer)
      #expect(buffer.position == size)
    }
    return bytes
  }

  @Test func itemsAndOutcomesMeasureAndEncodeInPlaceAsInAnArray() throws {
    let items: [InputItem] = [
      .file(
        URL(fileURLWithPath: "/tmp/a b/ü.txt"), id: "a b/ü", display: "a b/ü.txt", format: .text),
      .line(Array("{\"text\": \"Zoë\"}".utf8), file: "in.jsonl", fileId: "in", number: 7),
      .line([], file: "", fileId: "", number: -1),
      .unreadable(id: "x", location: "x.html", message: "not UTF-8 at byte 3 ✗"),
    ]
    for item in items {
      let frame = WorkerWire.ItemFrame(item: item)
      #expect(bufferEncoding(frame) == arrayEncoding(frame))
      var reader = WorkerWire.Reader(bufferEncoding(frame))
      let decoded = try WorkerWire.decodeItem(&reader)
      #expect(InputDigest.of(decoded) == InputDigest.of(item))
    }
    var document = EncodedDocument()
    document.append("documents.jsonl", Array("{\"id\":\"d\"}".utf8))
    document.append("tokens.csv", [], rows: 0)
    let outcomes: [(Outcome, [UInt64])] = [
      (
        .done(encoded: [document, EncodedDocument()], warnings: 3, id: "d€", location: "l"), [1, 2]
      ),
      (
        .failed(
          ErrorRecord(
            id: "e", location: "in:2", stage: "sentences", message: "bad ✗", offset: 12,
            stopsRun: true)), []
      ),
      (.skipped, [9]),
    ]
    for (outcome, nanos) in outcomes {
      let frame = WorkerWire.OutcomeFrame(outcome: outcome, nanos: nanos)
      let bytes = bufferEncoding(frame)
      #expect(bytes == arrayEncoding(frame))
      let (decoded, decodedNanos) = try WorkerWire.decodeOutcome(bytes)
      #expect(decodedNanos == nanos)
      #expect(
        Array(WorkerWire.encode(decoded, nanos: decodedNanos).dropFirst(8))
          == Array(WorkerWire.encode(outcome, nanos: nanos).dropFirst(8)))
    }
  }

  /// Small frames go straight into the ring, frames over a record and those queued after one
  /// go through the queue: the reader gets them all, in order, while the ring wraps around.
  @Test func framesInPlaceAndQueuedKeepTheirOrder() throws {
    let (run, worker) = try workerChannelPair(capacity: 512)
    defer {
      close(run.descriptor)
      close(worker.descriptor)
    }
    var sent: [[UInt8]] = []
    for round in 0..<200 {
      // A large frame now and then (over a record: in pieces), between small ones.
      let sizes = [round % 41, round % 7 == 0 ? 700 + round : (round * 17) % 90, round % 5]
      sent += sizes.enumerated().map { payload($0.element, seed: round * 3 + $0.offset) }
    }
    let expected = sent
    let done = DispatchSemaphore(value: 0)
    // The run writes batches of three frames, published together, while the worker reads.
    DispatchQueue.global().async {
      var index = 0
      while index < expected.count {
        for bytes in expected[index..<min(index + 3, expected.count)] {
          run.queue(Bytes(bytes: bytes))
        }
        index += 3
        guard run.flush(draining: true) else { break }
      }
      done.signal()
    }
    var received: [[UInt8]] = []
    for _ in expected { received.append(try worker.receive(deadline: soon)) }
    #expect(done.wait(timeout: .now() + 30) == .success)
    #expect(received == expected)
  }

  /// A frame written in place is invisible until the flush publishes it: a worker that dies
  /// before flushing leaves the run only what it published before.
  @Test func aFrameWrittenInPlaceIsUnseenUntilPublished() throws {
    let (run, worker) = try workerChannelPair(capacity: 256)
    defer { close(run.descriptor) }
    let first = payload(24, seed: 1)
    worker.queue(Bytes(bytes: first))
    #expect(!run.hasFrame)
    #expect(worker.queuedBytes > 0)
    #expect(worker.flush(draining: false))
    #expect(worker.queuedBytes == 0)
    #expect(run.hasFrame)
    worker.queue(Bytes(bytes: payload(40, seed: 2)))
    #expect(try run.receive(deadline: soon) == first)
    #expect(!run.hasFrame)
    // The worker dies with the second frame written, not published.
    close(worker.descriptor)
    #expect(throws: WorkerChannel.ReadFailure.closed) { try run.receive(deadline: soon) }
  }
}
