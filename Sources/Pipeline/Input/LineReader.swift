import CZlib
import Foundation

/// Reads a (possibly gzipped) file line by line in bounded memory.
///
/// Lines longer than `maxLength` are skipped, not buffered, and reported as such.
final class LineReader {
  enum Line {
    case text([UInt8], number: Int)
    case tooLong(number: Int, length: Int)
  }

  private let file: gzFile
  /// Reads `file` ahead on a thread of its own (standard input), else nil.
  private let readAhead: ReadAhead?
  private var buffer: [UInt8] = []
  private var position = 0
  /// Where the newline search resumes: bytes before it (from `position`) hold no newline.
  private var scanned = 0
  private var lineNumber = 0
  private var atEnd = false
  private let maxLength: Int
  private let chunkSize = 1 << 20

  init?(path: String, maxLength: Int) {
    guard let file = gzopen(path, "rb") else { return nil }
    self.file = file
    self.readAhead = nil
    self.maxLength = maxLength
  }

  /// Reads from an open file descriptor (a duplicate is taken; the original stays open), a
  /// pipe as a rule (standard input): a thread of its own reads it ahead (``ReadAhead``), so
  /// that ``next()`` waits only when no line has arrived, not until a whole read is filled
  /// (zlib's reads wait for all the bytes they ask for).
  init?(fileDescriptor: Int32, maxLength: Int) {
    let copy = dup(fileDescriptor)
    guard copy >= 0, let file = gzdopen(copy, "rb") else { return nil }
    self.file = file
    // Read ahead on a thread of its own (else, where it cannot start, here).
    self.readAhead = ReadAhead(
      file: file, chunkSize: Self.readAheadChunkSize, depth: Self.readAheadDepth)
    self.maxLength = maxLength
  }

  /// Bytes a read-ahead thread reads at a time, and how many such chunks it holds ahead of
  /// the lines given out (1 MiB at most, as much as a read of a file).
  static let readAheadChunkSize = 1 << 18
  static let readAheadDepth = 4

  deinit {
    if let readAhead { readAhead.cancel() } else { gzclose(file) }
  }

  /// The next line without its newline (and without a trailing CR), or nil at the end.
  func next() throws(DocumentError) -> Line? {
    var skipped = 0
    var skipping = false
    while true {
      if let newline = newline(from: max(position, scanned)) {
        lineNumber += 1
        let line = Array(buffer[position..<newline])
        position = newline + 1
        scanned = position
        if skipping { return .tooLong(number: lineNumber, length: skipped + line.count) }
        return .text(trimCR(line), number: lineNumber)
      }
      if atEnd {
        guard position < buffer.count || skipping else { return nil }
        lineNumber += 1
        let line = Array(buffer[position...])
        position = buffer.count
        if skipping { return .tooLong(number: lineNumber, length: skipped + line.count) }
        return .text(trimCR(line), number: lineNumber)
      }
      if buffer.count - position > maxLength {
        skipping = true
        skipped += buffer.count - position
        position = buffer.count
      }
      scanned = buffer.count
      try fill()
    }
  }

  /// The index of the first newline in `buffer` at or after `start` (`memchr`: many bytes at a
  /// time; a byte-at-a-time search was a sixth of a run thread's time on export-only runs).
  private func newline(from start: Int) -> Int? {
    buffer.withUnsafeBytes { bytes in
      guard start < bytes.count, let base = bytes.baseAddress,
        let found = memchr(base + start, 0x0A, bytes.count - start)
      else { return nil }
      return base.distance(to: UnsafeRawPointer(found))
    }
  }

  private func fill() throws(DocumentError) {
    buffer.removeFirst(position)
    scanned -= position
    position = 0
    if let readAhead {
      switch readAhead.next() {
      case .bytes(let chunk): buffer.append(contentsOf: chunk)
      case .end: atEnd = true
      case .failed:
        atEnd = true
        throw DocumentError("read error (corrupt gzip data?) after line \(lineNumber)")
      }
      return
    }
    let old = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: chunkSize))
    let read = buffer.withUnsafeMutableBufferPointer { pointer in
      gzread(file, pointer.baseAddress.map { $0 + old }, UInt32(chunkSize))
    }
    if read < 0 { throw DocumentError("read error (corrupt gzip data?) after line \(lineNumber)") }
    buffer.removeLast(chunkSize - Int(read))
    if read == 0 { atEnd = true }
  }

  private func trimCR(_ line: [UInt8]) -> [UInt8] {
    line.last == 0x0D ? Array(line.dropLast()) : line
  }
}
