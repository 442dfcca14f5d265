import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads and writes ``WorkerWire`` frames on a socket, with an optional deadline for reads.
/// Used by one thread at a time.
///
/// Frames are queued (``queue(_:)``) and written together (``flush(draining:)``), so that a
/// batch of frames costs one system call and wakes the other end once. Reads are buffered:
/// one `read` takes in as many frames as have arrived, straight into the buffer the frames
/// are decoded from.
final class WorkerChannel: @unchecked Sendable {
  let descriptor: Int32
  /// The receive buffer: bytes `start..<end` have arrived and are not taken yet.
  private var buffer = [UInt8](repeating: 0, count: 1 << 16)
  private var start = 0
  private var end = 0
  /// Frames queued and not yet written, and how many of their bytes are written.
  private var outgoing = WorkerWire.Writer.frames()
  private var written = 0
  /// The other end closed the socket (seen while draining it).
  private var closed = false

  init(descriptor: Int32) { self.descriptor = descriptor }

  /// Why a frame did not arrive.
  enum ReadFailure: Error {
    /// The other end closed the socket (the process ended).
    case closed
    /// The deadline passed.
    case timedOut
  }

  /// Writes a whole frame at once (with the frames queued before it); false when the other end
  /// is gone.
  func send(_ frame: [UInt8]) -> Bool {
    outgoing.bytes.append(contentsOf: frame)
    return flush(draining: false)
  }

  /// Queues one frame, written by `build`, for the next ``flush(draining:)``.
  func queue(_ build: (inout WorkerWire.Writer) -> Void) {
    outgoing.begin()
    build(&outgoing)
    outgoing.end()
  }

  /// Bytes queued and not yet written.
  var queuedBytes: Int { outgoing.bytes.count - written }

  /// Writes the queued frames; false when the other end is gone.
  ///
  /// `draining` (the run's side): while the socket is full, what the other end sends is read
  /// into the receive buffer, so that two ends writing large frames to each other at once never
  /// wait for each other. The worker's side needs no draining: the run always reads in the end.
  @discardableResult
  func flush(draining: Bool) -> Bool {
    defer {
      if written == outgoing.bytes.count {
        outgoing.clear()
        written = 0
      }
    }
    while written < outgoing.bytes.count {
      let count = outgoing.bytes.withUnsafeBytes { buffer in
        Self.sendBytes(
          descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written,
          wait: !draining)
      }
      if count > 0 {
        written += count
        continue
      }
      if count < 0, errno == EINTR { continue }
      guard count < 0, draining, errno == EAGAIN || errno == EWOULDBLOCK else { return false }
      // Full: wait until it takes more, reading what arrives meanwhile.
      let events = Int16(POLLOUT) | (closed ? 0 : Int16(POLLIN))
      var poller = pollfd(fd: descriptor, events: events, revents: 0)
      let ready = poll(&poller, 1, -1)
      if ready < 0, errno != EINTR { return false }
      if ready > 0, poller.revents & Int16(POLLIN) != 0 { readAvailable() }
    }
    return true
  }

  /// Whether a whole frame has been read and not yet taken.
  var hasFrame: Bool {
    guard end - start >= 8 else { return false }
    return frameLength() <= UInt64(end - start - 8)
  }

  /// The length of the frame at `start` (its first 8 bytes have arrived).
  private func frameLength() -> UInt64 {
    var length: UInt64 = 0
    for index in (0..<8).reversed() { length = length << 8 | UInt64(buffer[start + index]) }
    return length
  }

  /// Whether input is waiting: a whole frame read, or bytes (or the end) ready to read.
  var inputWaiting: Bool {
    if hasFrame { return true }
    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&poller, 1, 0) > 0
  }

  /// Reads what has arrived, once, into the receive buffer (nothing once the other end closed).
  private func readAvailable() {
    makeRoom(for: 1 << 16)
    let received = readIntoBuffer()
    if received == 0 || (received < 0 && errno != EINTR && errno != EAGAIN) { closed = true }
  }

  /// Moves what is left to the start of the buffer and grows it, so that `count` more bytes
  /// fit after it.
  private func makeRoom(for count: Int) {
    if start == end {
      start = 0
      end = 0
    }
    guard buffer.count - end < count else { return }
    if start > 0 {
      buffer.withUnsafeMutableBytes { bytes in
        guard let base = bytes.baseAddress else { return }
        memmove(base, base + start, end - start)
      }
      end -= start
      start = 0
    }
    if buffer.count - end < count {
      buffer.append(contentsOf: repeatElement(0, count: max(count, buffer.count)))
    }
  }

  /// One `read` into the free end of the buffer.
  private func readIntoBuffer() -> Int {
    let received = buffer.withUnsafeMutableBytes { bytes in
      read(descriptor, bytes.baseAddress.map { $0 + end }, bytes.count - end)
    }
    if received > 0 { end += received }
    return received
  }

  /// Reads the next frame's payload, waiting until `deadline` (uptime nanoseconds) at most.
  func receive(deadline: UInt64? = nil) throws(ReadFailure) -> [UInt8] {
    let reader = try receiveFrame(deadline: deadline)
    return Array(reader.bytes[reader.position..<reader.end])
  }

  /// Reads the next frame and returns a reader of its payload, in the receive buffer itself:
  /// drop the reader before using the channel again (else the next read copies the buffer).
  func receiveFrame(deadline: UInt64? = nil) throws(ReadFailure) -> WorkerWire.Reader {
    try fill(8, deadline: deadline)
    let length = frameLength()
    guard length < UInt64(Int.max / 2) else { throw .closed }
    try fill(8 + Int(length), deadline: deadline)
    let payload = (start + 8)..<(start + 8 + Int(length))
    start = payload.upperBound
    return WorkerWire.Reader(buffer, range: payload)
  }

  private func fill(_ count: Int, deadline: UInt64?) throws(ReadFailure) {
    while end - start < count {
      if closed { throw .closed }
      makeRoom(for: count - (end - start))
      if let deadline {
        // Past the deadline, what has already arrived still counts.
        let now = DispatchTime.now().uptimeNanoseconds
        let wait =
          now < deadline ? Int32(min((deadline - now + 999_999) / 1_000_000, UInt64(Int32.max))) : 0
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, wait)
        if ready < 0, errno == EINTR { continue }
        if ready == 0 {
          if DispatchTime.now().uptimeNanoseconds >= deadline { throw .timedOut }
          continue
        }
      }
      let received = readIntoBuffer()
      if received < 0, errno == EINTR || errno == EAGAIN { continue }
      if received <= 0 { throw .closed }
    }
  }

  /// `send`, without SIGPIPE; without `wait`, it writes what fits now (or fails with EAGAIN).
  static func sendBytes(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int, wait: Bool)
    -> Int
  {
    #if os(Linux)
      return Glibc.send(
        fd, pointer, count, Int32(MSG_NOSIGNAL) | (wait ? 0 : Int32(MSG_DONTWAIT)))
    #else
      return Darwin.send(fd, pointer, count, wait ? 0 : MSG_DONTWAIT)
    #endif
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
