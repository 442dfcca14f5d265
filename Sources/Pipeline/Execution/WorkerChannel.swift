import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads and writes ``WorkerWire`` frames on a socket, with an optional deadline for reads.
/// Used by one thread at a time.
final class WorkerChannel: @unchecked Sendable {
  let descriptor: Int32
  private var pending: [UInt8] = []
  private var start = 0
  private var chunk = [UInt8](repeating: 0, count: 1 << 16)

  init(descriptor: Int32) { self.descriptor = descriptor }

  /// Why a frame did not arrive.
  enum ReadFailure: Error {
    /// The other end closed the socket (the process ended).
    case closed
    /// The deadline passed.
    case timedOut
  }

  /// Writes a whole frame; false when the other end is gone.
  func send(_ frame: [UInt8]) -> Bool {
    var offset = 0
    while offset < frame.count {
      let written = frame.withUnsafeBytes { buffer in
        Self.sendBytes(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if written > 0 {
        offset += written
      } else if written < 0, errno == EINTR {
        continue
      } else {
        return false
      }
    }
    return true
  }

  /// Reads the next frame's payload, waiting until `deadline` (uptime nanoseconds) at most.
  func receive(deadline: UInt64? = nil) throws(ReadFailure) -> [UInt8] {
    try fill(8, deadline: deadline)
    var length: UInt64 = 0
    for index in (0..<8).reversed() { length = length << 8 | UInt64(pending[start + index]) }
    guard length < UInt64(Int.max / 2) else { throw .closed }
    try fill(8 + Int(length), deadline: deadline)
    let payload = Array(pending[(start + 8)..<(start + 8 + Int(length))])
    start += 8 + Int(length)
    if start == pending.count {
      pending.removeAll(keepingCapacity: true)
      start = 0
    }
    return payload
  }

  private func fill(_ count: Int, deadline: UInt64?) throws(ReadFailure) {
    while pending.count - start < count {
      if start > 0 {
        pending.removeFirst(start)
        start = 0
      }
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
      let want = max(chunk.count, min(count - (pending.count - start), 64 << 20))
      if chunk.count < want { chunk = [UInt8](repeating: 0, count: want) }
      let received = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, want) }
      if received < 0, errno == EINTR || errno == EAGAIN { continue }
      if received <= 0 { throw .closed }
      pending.append(contentsOf: chunk[0..<received])
    }
  }

  static func sendBytes(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if os(Linux)
      return Glibc.send(fd, pointer, count, Int32(MSG_NOSIGNAL))
    #else
      return Darwin.send(fd, pointer, count, 0)
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
