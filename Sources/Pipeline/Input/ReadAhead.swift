import CZlib
import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a (possibly gzipped) stream in chunks on a thread of its own, a bounded number of
/// chunks ahead of its consumer, so that the consumer waits for the stream only when nothing
/// it could use has arrived.
///
/// Standard input is read by the run's worker threads under one lock (the input's order is
/// theirs to keep): a read that waited there for a pipe to fill blocked every other thread's
/// next claim too, while the lines already read sat unused.
final class ReadAhead: Sendable {
  /// What ``next()`` returns.
  enum Chunk {
    case bytes([UInt8])
    case end
    case failed
  }

  private struct State: ~Copyable {
    var chunks: [Chunk] = []
    var cancelled = false
  }

  /// A gzip stream, used by the reading thread alone once handed to it.
  private struct Stream: @unchecked Sendable {
    let file: gzFile
  }

  private let state = Mutex(State())
  /// Counts the chunks ready for the consumer.
  private let ready = DispatchSemaphore(value: 0)
  /// Counts the chunks the thread may read before the consumer takes one. It starts at 0 and
  /// is raised to the depth: Dispatch traps when a semaphore is freed with a lower value than
  /// it was created with.
  private let room = DispatchSemaphore(value: 0)

  /// Starts the thread reading `file` (which it closes at the end, on a failure, or once
  /// cancelled) in chunks of `chunkSize` bytes, at most `depth` chunks ahead; nil when the
  /// thread cannot start (the file is then still the caller's).
  init?(file: gzFile, chunkSize: Int, depth: Int) {
    for _ in 0..<depth { room.signal() }
    let stream = Stream(file: file)
    do {
      try WorkerThreads.start(stackSize: 1 << 18) { [self] in
        read(stream, chunkSize: chunkSize)
      }
    } catch {
      return nil
    }
  }

  private func read(_ stream: Stream, chunkSize: Int) {
    while true {
      room.wait()
      if state.withLock({ $0.cancelled }) { break }
      var chunk = [UInt8](repeating: 0, count: chunkSize)
      let count = chunk.withUnsafeMutableBufferPointer { pointer in
        gzread(stream.file, pointer.baseAddress, UInt32(chunkSize))
      }
      let result: Chunk
      if count > 0 {
        chunk.removeLast(chunkSize - Int(count))
        result = .bytes(chunk)
      } else {
        result = count == 0 ? .end : .failed
      }
      state.withLock { $0.chunks.append(result) }
      ready.signal()
      if count <= 0 { break }
    }
    gzclose(stream.file)
  }

  /// The next chunk of the stream, waiting for it if it has not been read yet. After `.end`
  /// or `.failed` it must not be called again.
  func next() -> Chunk {
    ready.wait()
    let chunk = state.withLock { $0.chunks.removeFirst() }
    room.signal()
    return chunk
  }

  /// Lets the thread stop: it closes the stream once its current read returns.
  func cancel() {
    state.withLock { $0.cancelled = true }
    room.signal()
  }
}
