import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Copies a plugin's stderr, line by line and prefixed with the plugin's name, to a log
/// (nlpipe's own stderr), on a thread of its own. Owns the read end of the stderr pipe and
/// closes it when the plugin (and whatever inherited the pipe) has gone.
final class StderrForwarder: Sendable {
  /// Where forwarded lines go.
  typealias Log = @Sendable (String) -> Void

  /// Writes one line to nlpipe's stderr in a single `write` (lines of concurrent plugins
  /// never interleave mid-line).
  static let standardError: Log = { line in
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        if written <= 0 { return }
        offset += written
      }
    }
  }

  private let lastLine = Mutex<String>("")
  private let ended = DispatchSemaphore(value: 0)

  /// Starts forwarding from `descriptor` (which the forwarder now owns).
  init(descriptor: Int32, prefix: String, log: @escaping Log) {
    let thread = Thread { [self] in
      self.pump(descriptor, prefix: prefix, log: log)
    }
    thread.stackSize = 256 << 10
    thread.start()
  }

  /// The last non-empty line the plugin wrote to stderr (for error messages).
  var last: String { lastLine.withLock { $0 } }

  /// Waits until the plugin's stderr is closed, at most `seconds`.
  func waitForEnd(seconds: Double) {
    if ended.wait(timeout: .now() + seconds) == .success { ended.signal() }
  }

  private func pump(_ descriptor: Int32, prefix: String, log: Log) {
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16 << 10)
    func emit(_ line: ArraySlice<UInt8>) {
      var line = line
      if line.last == 0x0D { line = line.dropLast() }
      let text = String(decoding: line, as: UTF8.self)
      if !text.allSatisfy(\.isWhitespace) { lastLine.withLock { $0 = text } }
      log(prefix + text)
    }
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count <= 0 { break }
      pending.append(contentsOf: chunk[0..<count])
      var lineStart = 0
      while let newline = pending[lineStart...].firstIndex(of: 0x0A) {
        emit(pending[lineStart..<newline])
        lineStart = newline + 1
      }
      pending.removeFirst(lineStart)
      if pending.count > 64 << 10 {
        emit(pending[...])
        pending.removeAll()
      }
    }
    if !pending.isEmpty { emit(pending[...]) }
    close(descriptor)
    ended.signal()
  }
}
