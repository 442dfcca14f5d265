/// A strict JSON parser for one line of JSON lines (input documents, plugin replies): one
/// value, whitespace around it allowed, strings checked to be UTF-8.
///
/// Numbers become doubles (``JSONValue/number(_:)``); nesting is limited so that a garbage
/// line like `[[[[...` cannot exhaust the stack. Several times faster than Foundation's
/// `JSONSerialization` on large strings (an HTML page in a JSON line).
package struct JSONParser {
  /// Why a line is not JSON, with the byte offset of the problem.
  package struct SyntaxError: Error, CustomStringConvertible {
    package var message: String
    package var offset: Int
    package var description: String { "\(message) at byte \(offset)" }
  }

  /// The line, read in place (memory the caller keeps valid while it parses).
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  private var depth = 0
  /// The literal text of the numbers that are members of the outermost object.
  private var numberLiterals: [String: String] = [:]
  private static let maxDepth = 256

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// Parses one JSON value filling the whole input.
  package static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
    try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) in try parse(buffer) }
  }

  /// Parses one JSON value filling the whole input, read in place.
  package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> JSONValue {
    var parser = JSONParser(bytes)
    parser.skipSpace()
    let value = try parser.value()
    parser.skipSpace()
    guard parser.index == bytes.count else { throw parser.error("unexpected text after the value") }
    return value
  }

  /// Parses one JSON value filling the whole input, and gives the literal text of every number
  /// that is a member of the outermost object (`{"id": 12345678901234567890}` keeps its digits,
  /// which a double would round).
  package static func parseKeepingNumbers(_ bytes: [UInt8]) throws(SyntaxError) -> (
    value: JSONValue, numberLiterals: [String: String]
  ) {
    try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) in
      try parseKeepingNumbers(buffer)
    }
  }

  /// ``parseKeepingNumbers(_:)-([UInt8])`` over memory read in place (a worker process parses
  /// an input line in the ring it arrived in, without copying it out).
  package static func parseKeepingNumbers(_ bytes: UnsafeBufferPointer<UInt8>)
    throws(SyntaxError) -> (value: JSONValue, numberLiterals: [String: String])
  {
    var parser = JSONParser(bytes)
    parser.skipSpace()
    let value = try parser.value()
    parser.skipSpace()
    guard parser.index == bytes.count else { throw parser.error("unexpected text after the value") }
    return (value, parser.numberLiterals)
  }

  private func error(_ message: String) -> SyntaxError {
    SyntaxError(message: message, offset: index)
  }

  private mutating func skipSpace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func value() throws(SyntaxError) -> JSONValue {
    guard index < bytes.count else { throw error("unexpected end of the line") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw error("unexpected character '\(Self.show(bytes[index]))'")
    }
  }

  private mutating func literal(_ word: String, _ result: JSONValue) throws(SyntaxError)
    -> JSONValue
  {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count,
      Array(bytes[index..<index + expected.count]) == expected
    else { throw error("invalid literal (expected \(word))") }
    index += expected.count
    return result
  }

  private mutating func enter() throws(SyntaxError) {
    depth += 1
    if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
  }

  private mutating func object() throws(SyntaxError) -> JSONValue {
    try enter()
    index += 1
    var members: [String: JSONValue] = [:]
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error("expected a string key")
      }
      let key = try string()
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error("expected ':' after a key")
      }
      index += 1
      skipSpace()
      let valueStart = index
      members[key] = try value()
      if depth == 1, case .number = members[key] {
        numberLiterals[key] = String(decoding: bytes[valueStart..<index], as: UTF8.self)
      }
      skipSpace()
      guard index < bytes.count else { throw error("unterminated object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
      index += 1
      depth -= 1
      return .object(members)
    }
  }

  private mutating func array() throws(SyntaxError) -> JSONValue {
    try enter()
    index += 1
    var items: [JSONValue] = []
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return .array(items)
    }
    while true {
      skipSpace()
      items.append(try value())
      skipSpace()
      guard index < bytes.count else { throw error("unterminated array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
      index += 1
      depth -= 1
      return .array(items)
    }
  }

  private mutating func number() throws(SyntaxError) -> Double {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    let digitsStart = index
    while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    guard index > digitsStart else { throw error("invalid number") }
    if bytes[digitsStart] == UInt8(ascii: "0"), index - digitsStart > 1 {
      throw error("invalid number (leading zero)")
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      let fraction = index
      while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
      guard index > fraction else { throw error("invalid number") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      let exponent = index
      while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
      guard index > exponent else { throw error("invalid number") }
    }
    guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
      throw SyntaxError(message: "invalid number", offset: start)
    }
    // `1e400` reads as infinity, which JSON cannot write back: refuse it here.
    guard value.isFinite else {
      throw SyntaxError(message: "number out of range (not a finite double)", offset: start)
    }
    return value
  }

  private mutating func string() throws(SyntaxError) -> String {
    index += 1
    var out: [UInt8] = []
    var runStart = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        out.append(contentsOf: bytes[runStart..<index])
        index += 1
        guard let text = String(validating: out, as: UTF8.self) else {
          throw error("string is not valid UTF-8")
        }
        return text
      }
      if byte < 0x20 { throw error("control character in a string") }
      if byte == UInt8(ascii: "\\") {
        out.append(contentsOf: bytes[runStart..<index])
        index += 1
        try escape(into: &out)
        runStart = index
        continue
      }
      index += 1
    }
    throw error("unterminated string")
  }

  private mutating func escape(into out: inout [UInt8]) throws(SyntaxError) {
    guard index < bytes.count else { throw error("unterminated escape") }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hex4()
      if (0xD800..<0xDC00).contains(scalar) {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        else { throw error("unpaired surrogate escape") }
        index += 2
        let low = try hex4()
        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate escape") }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(scalar) {
        throw error("unpaired surrogate escape")
      }
      guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
      UTF8.encode(unicode) { out.append($0) }
    default:
      throw error("invalid escape '\\\(Self.show(byte))'")
    }
  }

  private mutating func hex4() throws(SyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("invalid \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func show(_ byte: UInt8) -> String {
    (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
  }
}
