import Foundation
import Testing

@testable import Pipeline

/// The FuzzJSON and FuzzGzip fixtures, replayed with the targets' invariants (see
/// `Fuzz/Sources/FuzzJSON` and `Fuzz/Sources/FuzzGzip`).
@Suite struct FuzzJSONGzipRegressionTests {
  /// The input as FuzzJSON parses it: first byte 0x80 or above repeats the rest into one
  /// array of up to 1 MiB.
  static func jsonInput(_ bytes: [UInt8]) -> [UInt8] {
    guard let first = bytes.first, first >= 0x80, bytes.count > 1 else { return bytes }
    let body = Array(bytes.dropFirst())
    let copies = min(1 << Int(first & 0x0F), max(1, (1 << 20) / body.count))
    return [0x5B] + Array(Array(repeating: body, count: copies).joined(separator: [0x2C])) + [0x5D]
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzJSON"))
  func json(_ fixture: FuzzFixture) throws {
    let bytes = Self.jsonInput(fixture.bytes)
    if let value = try? JSONParser.parse(bytes) {
      var writer = JSONWriter()
      writer.value(value)
      #expect(try JSONParser.parse(Array(writer.string.utf8)) == value, "\(fixture.name)")
    }
    let reader = DocumentReader(
      spec: InputSpec(path: URL(fileURLWithPath: "/nonexistent"), displayPath: "fuzz.jsonl"))
    _ = try? reader.read(.line(bytes, file: "fuzz.jsonl", fileId: "fuzz", number: 1))
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzGzip"))
  func gzip(_ fixture: FuzzFixture) throws {
    _ = try? Gzip.decompress(fixture.bytes, limit: 1 << 20)
    guard let first = fixture.bytes.first else { return }
    let plain = Array(fixture.bytes.dropFirst())
    let memberSize = 1 + Int(first & 0x7F) * 512
    var joined: [UInt8] = []
    var start = 0
    repeat {
      let end = min(plain.count, start + memberSize)
      joined += InputHardeningTests.storedMember(Array(plain[start..<end]))
      start = end
    } while start < plain.count
    #expect(try Gzip.decompress(joined, limit: plain.count) == plain, "\(fixture.name)")
  }
}
