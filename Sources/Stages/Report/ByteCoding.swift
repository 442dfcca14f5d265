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
}

/// Reads what ``ByteEncoder`` wrote; throws on truncated or malformed input.
struct ByteDecoder {
  private let bytes: [UInt8]
  private var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

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
    let count = try int()
    guard count <= bytes.count - position else { throw DigestError() }
    let text = String(decoding: bytes[position..<position + count], as: UTF8.self)
    position += count
    return text
  }
}

/// A report digest could not be decoded (a bug, never bad input).
struct DigestError: Error, CustomStringConvertible {
  var description: String { "malformed report digest" }
}
