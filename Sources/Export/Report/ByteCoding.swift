import Pipeline

/// Appends integers (LEB128 varints) and strings (length-prefixed UTF-8) to a byte buffer:
/// how a document's report digest travels from a worker to the report writer.
struct ByteEncoder {
  var bytes: [UInt8] = []

  mutating func int(_ value: Int) {
    var rest = UInt64(max(0, value))
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  mutating func string(_ value: String) {
    int(value.utf8.count)
    bytes.append(contentsOf: value.utf8)
  }

  mutating func blob(_ value: [UInt8]) {
    int(value.count)
    bytes.append(contentsOf: value)
  }
}

/// Reads what ``ByteEncoder`` wrote; throws on truncated or malformed input.
struct ByteDecoder {
  private let bytes: [UInt8]
  private var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }
  init(_ bytes: ArraySlice<UInt8>) { self.bytes = Array(bytes) }

  var isAtEnd: Bool { position >= bytes.count }

  mutating func int() throws -> Int {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < bytes.count, shift < 63 else { throw DigestError() }
      let byte = bytes[position]
      position += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { break }
      shift += 7
    }
    guard value <= UInt64(Int.max) else { throw DigestError() }
    return Int(value)
  }

  mutating func string() throws -> String {
    String(decoding: try blob(), as: UTF8.self)
  }

  mutating func blob() throws -> ArraySlice<UInt8> {
    let count = try int()
    guard count <= bytes.count - position else { throw DigestError() }
    defer { position += count }
    return bytes[position..<position + count]
  }
}

/// A report digest or journal could not be decoded (a bug or a damaged partial file).
struct DigestError: Error, CustomStringConvertible {
  var description: String { "malformed report digest" }
}
