import Foundation
import Testing

@testable import Pipeline

/// `LineReader` (newlines found with `memchr`): the same lines as splitting the file, across
/// its 1 MiB reads, with CRs trimmed, a last line without a newline, and long lines skipped.
@Suite struct LineReaderTests {
  private func lines(of bytes: [UInt8], maxLength: Int) throws -> [String] {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("in.jsonl")
    try Data(bytes).write(to: url)
    let reader = try #require(LineReader(path: url.path, maxLength: maxLength))
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
