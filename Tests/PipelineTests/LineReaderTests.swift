import Foundation
import Testing

@testable import Pipeline

/// `LineReader` (newlines found with `memchr`): the same lines as splitting the file, across
/// its 1 MiB reads, with CRs trimmed, a last line without a newline, and long lines skipped;
/// from a pipe (standard input, read ahead on a thread of its own: ``ReadAhead``), the same
/// lines, plain or gzipped, however the writer splits its writes, a read error for a
/// corrupt gzipped stream, and a reader let go of early lets go of its stream.
@Suite struct LineReaderTests {
  private func lines(of bytes: [UInt8], maxLength: Int) throws -> [String] {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("in.jsonl")
    try Data(bytes).write(to: url)
    return try drain(try #require(LineReader(path: url.path, maxLength: maxLength)))
  }

  /// The lines `reader` gives, numbered.
  private func drain(_ reader: LineReader) throws -> [String] {
    var result: [String] = []
    while let line = try reader.next() {
      switch line {
      case .text(let bytes, let number):
        result.append("\(number):\(String(decoding: bytes, as: UTF8.self))")
      case .tooLong(let number, let length): result.append("\(number):long \(length)")
      }
    }
    return result
  }

  /// Lines of 0 to about 9,000 bytes, some ending in CRLF, about `size` bytes in all, and the
  /// lines a reader should give.
  private func sample(size: Int) -> (bytes: [UInt8], lines: [String]) {
    var bytes: [UInt8] = []
    var expected: [String] = []
    var number = 0
    while bytes.count < size {
      number += 1
      let length = (number &* 7919) % 9000
      let text = String(repeating: Character(UnicodeScalar(UInt8(97 + number % 26))), count: length)
      bytes += Array(text.utf8) + (number % 5 == 0 ? [0x0D, 0x0A] : [0x0A])
      expected.append("\(number):\(text)")
    }
    return (bytes, expected)
  }

  /// A pipe's read end; a thread writes `bytes` into it in pieces of up to `piece` bytes
  /// (pausing now and then, so that the reader often finds it empty) and closes it.
  private func pipeFeeding(_ bytes: [UInt8], piece: Int) throws -> Int32 {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    let writeEnd = ends[1]
    let thread = Thread {
      var offset = 0
      var pieces = 0
      while offset < bytes.count {
        let count = min(piece, bytes.count - offset)
        let written = bytes[offset..<(offset + count)].withUnsafeBytes {
          write(writeEnd, $0.baseAddress, $0.count)
        }
        if written <= 0 { break }
        offset += written
        pieces += 1
        if pieces % 64 == 0 { usleep(1000) }
      }
      close(writeEnd)
    }
    thread.start()
    return ends[0]
  }

  @Test func aPipeGivesTheSameLinesReadAhead() throws {
    let (bytes, expected) = sample(size: 3 << 20)
    for piece in [1 << 12, 12_345, 1 << 20] {
      let readEnd = try pipeFeeding(bytes, piece: piece)
      defer { close(readEnd) }
      let reader = try #require(LineReader(fileDescriptor: readEnd, maxLength: 1 << 20))
      #expect(try drain(reader) == expected, "pieces of \(piece) bytes")
    }
  }

  @Test func aGzippedPipeGivesTheSameLines() throws {
    let (bytes, expected) = sample(size: 1 << 20)
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let plain = folder.appendingPathComponent("in.jsonl")
    try Data(bytes).write(to: plain)
    let gz = try gzipped(plain)
    let readEnd = try pipeFeeding(gz, piece: 5000)
    defer { close(readEnd) }
    let reader = try #require(LineReader(fileDescriptor: readEnd, maxLength: 1 << 20))
    #expect(try drain(reader) == expected)
    // Corrupt, the stream fails (a read error), as it does read without a thread.
    var corrupt = gz
    for index in (gz.count / 2)..<(gz.count / 2 + 64) { corrupt[index] ^= 0xA5 }
    let corruptEnd = try pipeFeeding(corrupt, piece: 5000)
    defer { close(corruptEnd) }
    let bad = try #require(LineReader(fileDescriptor: corruptEnd, maxLength: 1 << 20))
    #expect(throws: DocumentError.self) { _ = try drain(bad) }
  }

  @Test func aReaderLetGoOfEarlyLetsGoOfTheStream() throws {
    // A socket rather than a pipe, so that the writer sees EPIPE rather than SIGPIPE once
    // nothing reads the stream any longer.
    var ends: [Int32] = [0, 0]
    try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
    let (bytes, expected) = sample(size: 4 << 20)
    let writeEnd = ends[1]
    let writerDone = DispatchSemaphore(value: 0)
    let writer = Thread {
      var offset = 0
      while offset < bytes.count {
        let count = min(1 << 16, bytes.count - offset)
        let sent = bytes[offset..<(offset + count)].withUnsafeBytes {
          send(writeEnd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        }
        if sent <= 0 { break }
        offset += sent
      }
      writerDone.signal()
    }
    writer.start()
    do {
      let reader = try #require(LineReader(fileDescriptor: ends[0], maxLength: 1 << 20))
      close(ends[0])
      var first: [String] = []
      for _ in 0..<3 {
        if case .text(let line, let number) = try reader.next() {
          first.append("\(number):\(String(decoding: line, as: UTF8.self))")
        }
      }
      #expect(first == Array(expected.prefix(3)))
    }
    // The reading thread stops after its current read and closes its descriptor, the last
    // one reading the socket: the writer's next send fails instead of waiting forever.
    #expect(writerDone.wait(timeout: .now() + 60) == .success)
    close(writeEnd)
  }

  @Test func linesAcrossReadsMatchASplit() throws {
    var bytes: [UInt8] = []
    var expected: [String] = []
    var number = 0
    // Line lengths from 0 to about 9,000 bytes: several cross the 1 MiB read boundaries.
    while bytes.count < 3 << 20 {
      number += 1
      let length = (number &* 7919) % 9000
      let text = String(repeating: Character(UnicodeScalar(UInt8(97 + number % 26))), count: length)
      let crlf = number % 5 == 0
      bytes += Array(text.utf8) + (crlf ? [0x0D, 0x0A] : [0x0A])
      expected.append("\(number):\(text)")
    }
    bytes += Array("last\r".utf8)
    expected.append("\(number + 1):last")
    #expect(try lines(of: bytes, maxLength: 1 << 20) == expected)
  }

  @Test func aLineLongerThanTheLimitIsSkippedAndCounted() throws {
    let long = [UInt8](repeating: 0x61, count: (1 << 20) + 500)
    let bytes = Array("first\n".utf8) + long + [0x0A] + Array("after\n\nend".utf8)
    #expect(
      try lines(of: bytes, maxLength: 1000) == [
        "1:first", "2:long \(long.count)", "3:after", "4:", "5:end",
      ])
  }
}
