/// Little-endian encoding helpers for the tagger's model file.
struct ModelByteWriter {
  var bytes: [UInt8] = []

  mutating func integer<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func string(_ text: String) {
    integer(UInt32(text.utf8.count))
    bytes += text.utf8
  }

  mutating func strings(_ texts: [String]) {
    integer(UInt32(texts.count))
    for text in texts { string(text) }
  }

  mutating func array<T: FixedWidthInteger>(_ values: [T]) {
    integer(UInt32(values.count))
    for value in values { integer(value) }
  }
}

/// Bounds-checked little-endian reads; every failure is a ``TaggerModelError``.
struct ModelByteReader {
  let bytes: [UInt8]
  var offset: Int
  let limit: Int

  mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
    guard count >= 0, count <= limit - offset else {
      throw TaggerModelError(
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
      throw TaggerModelError("file is truncated: \(count) \(what) declared at offset \(offset)")
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

/// Why a tagger model file could not be read.
public struct TaggerModelError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
