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

/// Why a tagger model file could not be read.
public struct TaggerModelError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
