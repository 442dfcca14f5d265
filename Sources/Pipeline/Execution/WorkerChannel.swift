import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Carries ``WorkerWire`` frames between a run and one worker process through their shared
/// ``WorkerRings``; the socket between them carries nothing: its end says that the other
/// process is gone. Used by one thread at a time.
///
/// Frames are queued (``queue(_:)``, straight into the ring's free space when they fit) and
/// published together (``flush(draining:)``): the other side sees a batch at once, and is
/// woken (its ``WakeWord``, a futex in the rings' memory) only when it said it is going to
/// sleep. A side sleeps at most ``livenessInterval`` at a time and then looks at the socket,
/// so a process that died is noticed within it. A frame is read in place, in the ring
/// (``receiveFrame(deadline:)``), unless it is larger than a ring record: it then travels in
/// pieces and is assembled on arrival.
final class WorkerChannel: @unchecked Sendable {
  let descriptor: Int32
  /// Which end of the rings this is.
  enum Side {
    case run, worker
  }
  private let rings: WorkerRings
  private let incoming: WorkerRing
  private let outgoing: WorkerRing
  /// Where the next record goes in ``outgoing`` (past the published ones once it writes).
  private var cursor: WorkerRing.Cursor
  /// Where the next record is read in ``incoming``, and how much of it was given back.
  private var readPosition: UInt64
  private var released: UInt64
  /// A frame arriving in pieces, and whole frames put aside while waiting for room (those
  /// before `stashed` are taken).
  private var assembly: FrameBytes?
  private var stash: [FrameBytes] = []
  private var stashed = 0
  /// Frames queued and not yet in the ring, and how many of their bytes are in it.
  private var queued = WorkerWire.Writer.frames()
  private var written = 0
  /// Payload bytes left of the queued frame being written (nil: at the next frame's start).
  private var frameLeft: Int?
  /// Bytes of the frames written straight into the ring and not yet published (about).
  private var unpublished = 0
  /// The other end closed the socket (its process ended, or the run is done).
  private var closed = false
  /// The longest a side sleeps before it looks whether the other end is gone (nanoseconds):
  /// the delay before a worker's death (or the run's end) is noticed.
  static let livenessInterval: UInt64 = 10_000_000

  init(descriptor: Int32, rings: WorkerRings, side: Side) {
    self.descriptor = descriptor
    self.rings = rings
    incoming = side == .run ? rings.answers : rings.requests
    outgoing = side == .run ? rings.requests : rings.answers
    cursor = outgoing.producerCursor()
    readPosition = incoming.consumerPosition()
    released = readPosition
  }

  /// Why a frame did not arrive.
  enum ReadFailure: Error {
    /// The other end closed the socket (the process ended).
    case closed
    /// The deadline passed.
    case timedOut
  }

  /// Writes a whole frame (its 8-byte length, then the payload) at once, with the frames
  /// queued before it; false when the other end is gone.
  func send(_ frame: [UInt8]) -> Bool {
    queued.bytes.append(contentsOf: frame)
    return flush(draining: false)
  }

  /// Queues one frame, written by `build`, for the next ``flush(draining:)``.
  func queue(_ build: (inout WorkerWire.Writer) -> Void) {
    queued.begin()
    build(&queued)
    queued.end()
  }

  /// Queues one frame for the next ``flush(draining:)``, written straight into the ring's free
  /// space (unpublished) when it fits in one record there and nothing queued is waiting
  /// before it; else like ``queue(_:)-(inout WorkerWire.Writer) -> Void``.
  func queue(_ frame: some WireFrame) {
    if written == queued.bytes.count {
      let size = WireSize.of(frame)
      if size <= outgoing.maxRecord, let space = outgoing.reserve(size, at: &cursor) {
        var buffer = WireBuffer(space, count: size)
        frame.write(to: &buffer)
        unpublished += 8 + size
        return
      }
    }
    queued.begin()
    frame.write(to: &queued)
    queued.end()
  }

  /// Bytes queued and not yet published.
  var queuedBytes: Int { queued.bytes.count - written + unpublished }

  /// Puts the queued frames in the ring and publishes them; false when the other end is gone.
  ///
  /// `draining` (the run's side): while the ring is full, what the other end sends is put
  /// aside, so that two ends writing large frames to each other at once never wait for each
  /// other. The worker's side needs no draining: the run always reads in the end.
  @discardableResult
  func flush(draining: Bool) -> Bool {
    releaseTaken()
    // Frames written straight into the ring go out with the first publication.
    var pending = unpublished > 0
    unpublished = 0
    while true {
      let before = cursor.position
      fillRing()
      if pending || cursor.position != before, outgoing.publish(cursor) { wakeOtherEnd() }
      pending = false
      if written == queued.bytes.count {
        queued.clear()
        written = 0
        return true
      }
      if closed { return false }
      if draining { drainIncoming() }
      do {
        try wait(forData: draining, forRoom: true, deadline: nil)
      } catch {
        return false
      }
    }
  }

  /// Moves queued frames into the ring, record by record, while they fit.
  private func fillRing() {
    let limit = outgoing.maxRecord
    queued.bytes.withUnsafeBytes { bytes in
      while written < bytes.count {
        let left: Int
        if let frameLeft {
          left = frameLeft
        } else {
          left = Int(
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: written, as: UInt64.self)))
          written += 8
        }
        let piece = min(left, limit)
        let payload = UnsafeRawBufferPointer(rebasing: bytes[written..<(written + piece)])
        guard outgoing.write(payload, continued: piece < left, at: &cursor) else {
          frameLeft = left
          return
        }
        written += piece
        frameLeft = piece < left ? left - piece : nil
      }
    }
  }

  /// The payload bytes of the next record to write.
  private var nextRecord: Int {
    if let frameLeft { return frameLeft }
    guard written + 8 <= queued.bytes.count else { return 0 }
    return queued.bytes.withUnsafeBytes {
      Int(UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: written, as: UInt64.self)))
    }
  }

  /// Whether a whole frame has arrived and not yet been taken.
  var hasFrame: Bool {
    releaseTaken()
    if stashed < stash.count { return true }
    var position = readPosition
    while let record = try? incoming.record(at: position) {
      if !record.continued { return true }
      position = record.next
    }
    return false
  }

  /// Whether input is waiting: a whole frame, or part of one.
  var inputWaiting: Bool {
    hasFrame || incoming.hasRecords(after: readPosition)
  }

  /// Reads the next frame's payload, waiting until `deadline` (uptime nanoseconds) at most.
  func receive(deadline: UInt64? = nil) throws(ReadFailure) -> [UInt8] {
    try receiveFrame(deadline: deadline).rest()
  }

  /// Reads the next frame and returns a reader of its payload, often in the ring itself: drop
  /// the reader before using the channel again (which gives its memory back to the writer).
  func receiveFrame(deadline: UInt64? = nil) throws(ReadFailure) -> WorkerWire.Reader {
    releaseTaken()
    while true {
      if stashed < stash.count {
        let frame = stash[stashed]
        stashed += 1
        if stashed == stash.count {
          stash.removeAll(keepingCapacity: true)
          stashed = 0
        }
        return WorkerWire.Reader(frame)
      }
      do {
        while let record = try incoming.record(at: readPosition) {
          readPosition = record.next
          if !record.continued, assembly == nil {
            return WorkerWire.Reader(borrowing: record.payload)
          }
          let frame = assembly ?? FrameBytes(capacity: 2 * record.payload.count)
          frame.append(record.payload)
          releaseTaken()
          if record.continued {
            assembly = frame
          } else {
            assembly = nil
            return WorkerWire.Reader(frame)
          }
        }
      } catch {
        // A corrupt ring: as if the other end had gone.
        throw .closed
      }
      if closed { throw .closed }
      try wait(forData: true, forRoom: false, deadline: deadline)
    }
  }

  /// Puts every frame that has arrived aside (copied out of the ring), so that the other end
  /// has room to go on.
  private func drainIncoming() {
    releaseTaken()
    while let record = try? incoming.record(at: readPosition) {
      readPosition = record.next
      let frame = assembly ?? FrameBytes(capacity: record.payload.count)
      frame.append(record.payload)
      if record.continued {
        assembly = frame
      } else {
        assembly = nil
        stash.append(frame)
      }
    }
    releaseTaken()
  }

  /// Gives the records read so far back to the writer (waking it if it waits for room).
  private func releaseTaken() {
    guard released != readPosition else { return }
    released = readPosition
    if incoming.release(to: readPosition) { wakeOtherEnd() }
  }

  /// Wakes the other end: it said it is going to sleep, or the run is closing the socket (the
  /// worker then notices at once rather than after ``livenessInterval``).
  func wakeOtherEnd() { outgoing.wakeWord.wake() }

  /// Sleeps until the other end publishes (`forData`) or gives room back (`forRoom`), the
  /// socket closes, or `deadline` passes (then throws, unless a record has arrived). It may
  /// return early: the caller checks again.
  private func wait(forData: Bool, forRoom: Bool, deadline: UInt64?) throws(ReadFailure) {
    func ready() -> Bool {
      (forData && incoming.hasRecords(after: readPosition))
        || (forRoom && outgoing.hasRoom(for: nextRecord, at: cursor))
    }
    // The ticket before the flags: a wake-up after them is never lost.
    let word = incoming.wakeWord
    let ticket = word.ticket()
    if forData { incoming.consumerSleeps(true) }
    if forRoom { outgoing.producerSleeps(true) }
    defer {
      if forData { incoming.consumerSleeps(false) }
      if forRoom { outgoing.producerSleeps(false) }
    }
    if ready() { return }
    var limit = Self.livenessInterval
    if let deadline {
      let now = DispatchTime.now().uptimeNanoseconds
      limit = now < deadline ? min(limit, deadline - now) : 0
    }
    let woken = limit > 0 && word.sleep(ticket: ticket, nanoseconds: limit)
    if woken, ready() { return }
    // Timed out, or woken with nothing to take (the run closing): is the other end gone?
    if otherEndClosed() {
      closed = true
      return
    }
    if let deadline, DispatchTime.now().uptimeNanoseconds >= deadline, !ready() {
      throw .timedOut
    }
  }

  /// Whether the other end closed the socket (nothing is ever written to it).
  private func otherEndClosed() -> Bool {
    var byte: UInt8 = 0
    let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK))
    return count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
  }

  /// A connected pair of close-on-exec stream sockets.
  static func socketPair() -> (Int32, Int32)? {
    var fds: [Int32] = [-1, -1]
    #if os(Linux)
      guard
        socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
          == 0
      else { return nil }
    #else
      guard socketpair(AF_UNIX, SOCK_STREAM, 0, &fds) == 0 else { return nil }
      var one: Int32 = 1
      for fd in fds {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
      }
    #endif
    return (fds[0], fds[1])
  }
}
