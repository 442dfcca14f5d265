/// Bounds-checked little-endian reads of a bundled model file (the entity and tagger
/// models); every failure is the error `makeError` builds (the model's own error type).
struct ModelByteReader {
  let bytes: [UInt8]
  var offset: Int
  let limit: Int
  let makeError: (String) -> any Error

  init(
    bytes: [UInt8], offset: Int, limit: Int? = nil,
    makeError: @escaping (String) -> any Error = { TaggerModelError($0) }
  ) {
    self.bytes = bytes
    self.offset = offset
    self.limit = limit ?? bytes.count
    self.makeError = makeError
  }

  mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
    guard count >= 0, count <= limit - offset else {
      throw makeError(
        "file is truncated: needed \(count) bytes at offset \(offset), \(max(0, limit - offset)) left"
      )
    }
    defer { offset += count }
    return bytes[offset..<offset + count]
  }

  mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
    let raw = try take(MemoryLayout<T>.size)
    var value: T = 0
    for (shift, byte) in raw.enumerated() { value |= T(truncatingIfNeeded: byte) << T(shift * 8) }
    return value
  }

  /// A count of items of `size` bytes each, checked against the bytes left.
  mutating func count(of size: Int, what: String) throws -> Int {
    let count = Int(try integer(UInt32.self))
    guard count * size <= limit - offset else {
      throw makeError("file is truncated: \(count) \(what) declared at offset \(offset)")
    }
    return count
  }

  mutating func string() throws -> String {
    let length = try count(of: 1, what: "string bytes")
    return String(decoding: try take(length), as: UTF8.self)
  }

  mutating func strings() throws -> [String] {
    let count = try count(of: 4, what: "strings")
    var result: [String] = []
    result.reserveCapacity(count)
    for _ in 0..<count { result.append(try string()) }
    return result
  }

  mutating func array<T: FixedWidthInteger>(_ type: T.Type, what: String) throws -> [T] {
    let count = try count(of: MemoryLayout<T>.size, what: what)
    var result: [T] = []
    result.reserveCapacity(count)
    for _ in 0..<count { result.append(try integer(T.self)) }
    return result
  }
}
