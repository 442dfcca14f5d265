/// A small, fast JSON serializer for the export schema (keys in the order written).
public struct JSONWriter {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8] = []
  private var needsComma = false

  public init() {}

  /// The output as a string.
  public var string: String { String(decoding: bytes, as: UTF8.self) }

  /// Clears the output, keeping capacity.
  public mutating func reset() {
    bytes.removeAll(keepingCapacity: true)
    needsComma = false
  }

  private mutating func separate() {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
    needsComma = true
  }

  public mutating func beginObject() {
    separate()
    bytes.append(UInt8(ascii: "{"))
    needsComma = false
  }

  public mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    needsComma = true
  }

  public mutating func beginArray() {
    separate()
    bytes.append(UInt8(ascii: "["))
    needsComma = false
  }

  public mutating func endArray() {
    bytes.append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// Writes an object key; the next value call writes its value.
  public mutating func key(_ name: String) {
    separate()
    writeString(name)
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  public mutating func string(_ value: String) {
    separate()
    writeString(value)
  }

  public mutating func int(_ value: Int) {
    separate()
    bytes.append(contentsOf: String(value).utf8)
  }

  public mutating func double(_ value: Double) {
    separate()
    if value.isFinite {
      // Rounded to 4 decimals (scores); a value too large to scale is written as it is.
      let scaled = value * 10000
      let rounded = scaled.isFinite ? scaled.rounded() / 10000 : value
      bytes.append(contentsOf: "\(rounded)".utf8)
    } else {
      bytes.append(contentsOf: "null".utf8)
    }
  }

  public mutating func bool(_ value: Bool) {
    separate()
    bytes.append(contentsOf: (value ? "true" : "false").utf8)
  }

  public mutating func null() {
    separate()
    bytes.append(contentsOf: "null".utf8)
  }

  /// Writes `"key": value` pairs for common value types.
  public mutating func field(_ name: String, _ value: String) {
    key(name)
    string(value)
  }

  public mutating func field(_ name: String, _ value: Int) {
    key(name)
    int(value)
  }

  public mutating func field(_ name: String, _ value: Double) {
    key(name)
    double(value)
  }

  /// Writes the key and value only when the value is present.
  public mutating func field(_ name: String, _ value: String?) {
    if let value { field(name, value) }
  }

  public mutating func field(_ name: String, _ value: Int?) {
    if let value { field(name, value) }
  }

  /// Writes any ``JSONValue`` (object keys sorted, for stable output).
  public mutating func value(_ value: JSONValue) {
    switch value {
    case .null: null()
    case .bool(let flag): bool(flag)
    case .number(let number):
      // Exact (shortest round-trip form), never rounded: these are data, not scores.
      if number == number.rounded(), abs(number) < 1e15 {
        int(Int(number))
      } else if number.isFinite {
        separate()
        bytes.append(contentsOf: "\(number)".utf8)
      } else {
        null()
      }
    case .string(let text): string(text)
    case .array(let items):
      beginArray()
      for item in items { self.value(item) }
      endArray()
    case .object(let members):
      beginObject()
      for name in members.keys.sorted() {
        key(name)
        if let member = members[name] { self.value(member) }
      }
      endObject()
    }
  }

  /// Writes a string map as an object with sorted keys.
  public mutating func object(_ members: [String: String]) {
    beginObject()
    for name in members.keys.sorted() {
      field(name, members[name] ?? "")
    }
    endObject()
  }

  private static let hex = Array("0123456789abcdef".utf8)

  private mutating func writeString(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    var text = value
    text.withUTF8 { utf8 in
      // Copy runs of bytes that need no escaping in one go.
      var runStart = 0
      for index in 0..<utf8.count {
        let byte = utf8[index]
        guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
        runStart = index + 1
        switch byte {
        case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
          bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
          bytes.append(Self.hex[Int(byte >> 4)])
          bytes.append(Self.hex[Int(byte & 0xF)])
        }
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
