import Foundation

/// Turns a document's bytes into UTF-8 text: BOMs, declared charsets, UTF-16 without a BOM,
/// binary detection, and repair of stray invalid bytes (replaced by U+FFFD and counted).
public enum SourceDecoder {
  /// The encodings a pipeline file may force with `input.encoding`.
  public enum Encoding: String, Sendable, CaseIterable {
    case auto
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1 = "iso-8859-1"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
  }

  /// The decoded text and how it was obtained.
  public struct Decoded: Sendable {
    public var text: String
    /// The encoding used.
    public var encoding: Encoding
    /// Undecodable bytes that were replaced by U+FFFD.
    public var replacedBytes: Int
    /// Doubts about the decoding (a declared charset the bytes contradict).
    public var warnings: [String] = []
  }

  /// Decodes `bytes`; throws when the bytes are binary or mostly not text in the encoding.
  public static func decode(
    _ bytes: [UInt8], encoding requested: Encoding, format: SourceFormat, maxInvalidRatio: Double
  ) throws(DocumentError) -> Decoded {
    var body = bytes[...]
    var encoding = requested
    var warnings: [String] = []
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      body = bytes.dropFirst(3)
      encoding = .utf8
    } else if bytes.starts(with: [0xFF, 0xFE]) {
      body = bytes.dropFirst(2)
      encoding = .utf16le
    } else if bytes.starts(with: [0xFE, 0xFF]) {
      body = bytes.dropFirst(2)
      encoding = .utf16be
    }
    if encoding == .auto {
      if let guess = utf16WithoutBOM(body) {
        encoding = guess
      } else if let zero = firstNUL(body) {
        throw DocumentError(
          "binary file, not text: NUL byte at byte \(zero) (line \(lineNumber(bytes, zero)))",
          offset: zero)
      } else if format != .text, let declared = declaredCharset(body) {
        encoding = declared
        warnings = contradictions(declared, body)
        // Without NUL bytes the page is 8-bit text whatever it says (HTML reads such a
        // UTF-16 label as UTF-8 too).
        if declared == .utf16le || declared == .utf16be { encoding = .utf8 }
      } else {
        encoding = .utf8
      }
    }
    var decoded = try convert(
      body, bytes: bytes, encoding: encoding, maxInvalidRatio: maxInvalidRatio)
    decoded.warnings = warnings
    return decoded
  }

  /// What the bytes say against a declared charset (empty when they agree).
  static func contradictions(_ declared: Encoding, _ body: ArraySlice<UInt8>) -> [String] {
    switch declared {
    case .utf16le, .utf16be:
      return [
        "the page declares charset \(declared.rawValue), but its bytes are 8-bit text (no NUL "
          + "bytes): read as UTF-8"
      ]
    case .windows1252, .latin1:
      guard body.contains(where: { $0 >= 0x80 }), scanUTF8(body).invalid == 0 else { return [] }
      return [
        "the page declares a Latin-1 (windows-1252) charset, but its bytes are valid UTF-8 "
          + "with non-ASCII characters: decoded as declared, as browsers do; set "
          + "input.encoding: utf-8 if the text shows mojibake such as 'Ã©'"
      ]
    case .utf8, .auto:
      // Invalid UTF-8 is repaired with its own warning, or rejected.
      return []
    }
  }

  /// Decodes the body (BOM removed) in a known encoding.
  private static func convert(
    _ body: ArraySlice<UInt8>, bytes: [UInt8], encoding: Encoding, maxInvalidRatio: Double
  ) throws(DocumentError) -> Decoded {
    switch encoding {
    case .utf16le, .utf16be:
      return Decoded(
        text: decodeUTF16(body, littleEndian: encoding == .utf16le), encoding: encoding,
        replacedBytes: 0)
    case .windows1252, .latin1:
      try rejectBinary(body, bytes: bytes)
      return Decoded(text: decodeWindows1252(body), encoding: encoding, replacedBytes: 0)
    case .utf8, .auto:
      // Valid UTF-8 (nearly every page) is validated once, by the String initializer; only
      // invalid bytes need the counting scan and the repairing decode.
      if let text = String(validating: body, as: UTF8.self) {
        try rejectBinary(body, bytes: bytes)
        return Decoded(text: text, encoding: .utf8, replacedBytes: 0)
      }
      let (invalid, first) = scanUTF8(body)
      if invalid > 0 {
        let ratio = Double(invalid) / Double(max(body.count, 1))
        if ratio > maxInvalidRatio, let first {
          let offset = first + (bytes.count - body.count)
          throw DocumentError(
            "not valid UTF-8: \(invalid) undecodable bytes (\(percent(ratio))), first at byte "
              + "\(offset) (line \(lineNumber(bytes, offset))); set input.encoding "
              + "(e.g. windows-1252) if the file uses a legacy encoding",
            offset: offset)
        }
      }
      try rejectBinary(body, bytes: bytes)
      return Decoded(
        text: String(decoding: body, as: UTF8.self), encoding: .utf8, replacedBytes: invalid)
    }
  }

  /// Counts bytes that are not part of a well-formed UTF-8 sequence, and the first one's index.
  static func scanUTF8(_ bytes: ArraySlice<UInt8>) -> (invalid: Int, first: Int?) {
    var invalid = 0
    var first: Int?
    bytes.withUnsafeBufferPointer { buffer in
      let count = buffer.count
      var index = 0
      while index < count {
        let byte = buffer[index]
        if byte < 0x80 {
          index += 1
          continue
        }
        let length = sequenceLength(buffer, index)
        if length == 0 {
          invalid += 1
          if first == nil { first = index }
          index += 1
        } else {
          index += length
        }
      }
    }
    return (invalid, first)
  }

  /// Length of a well-formed UTF-8 sequence starting at `index`, or 0 if ill-formed.
  private static func sequenceLength(_ buffer: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
    let lead = buffer[index]
    let count = buffer.count
    func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
      index + offset < count && buffer[index + offset] >= low && buffer[index + offset] <= high
    }
    switch lead {
    case 0xC2...0xDF:
      return continuation(1) ? 2 : 0
    case 0xE0:
      return continuation(1, 0xA0) && continuation(2) ? 3 : 0
    case 0xE1...0xEC, 0xEE...0xEF:
      return continuation(1) && continuation(2) ? 3 : 0
    case 0xED:
      return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
    case 0xF0:
      return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
    case 0xF1...0xF3:
      return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
    case 0xF4:
      return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
    default:
      return 0
    }
  }

  /// The index of the first NUL byte of `body` (found with `memchr`), or nil.
  private static func firstNUL(_ body: ArraySlice<UInt8>) -> Int? {
    body.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else {
        return nil
      }
      return body.startIndex + (UnsafeRawPointer(found) - UnsafeRawPointer(base))
    }
  }

  /// Rejects text with many control characters (a binary file without NUL bytes).
  private static func rejectBinary(_ body: ArraySlice<UInt8>, bytes: [UInt8]) throws(DocumentError)
  {
    let sample = body.prefix(65536)
    // One branch-free count over the bytes (this runs on every page); the first control byte
    // is looked up only for the error.
    let controls = sample.withUnsafeBufferPointer { buffer in
      var count = 0
      for byte in buffer {
        count &+= byte < 0x20 && (0x3600 as UInt32) >> UInt32(byte) & 1 == 0 ? 1 : 0
      }
      return count
    }
    if controls > 0, Double(controls) / Double(max(sample.count, 1)) > 0.05,
      let firstControl = sample.indices.first(where: { isControl(sample[$0]) })
    {
      throw DocumentError(
        "binary file, not text: \(controls) control bytes in the first \(sample.count), "
          + "first at byte \(firstControl)", offset: firstControl)
    }
  }

  /// A C0 control byte other than tab, line feed, form feed and carriage return.
  private static func isControl(_ byte: UInt8) -> Bool {
    byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C
  }

  /// Detects UTF-16 without a BOM from the pattern of zero bytes in ASCII-heavy text.
  private static func utf16WithoutBOM(_ body: ArraySlice<UInt8>) -> Encoding? {
    let sample = body.prefix(4096)
    guard sample.count >= 4 else { return nil }
    var evenZeros = 0
    var oddZeros = 0
    for (offset, byte) in sample.enumerated() where byte == 0 {
      if offset % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
    }
    let half = Double(sample.count / 2)
    if Double(oddZeros) > 0.3 * half, Double(evenZeros) < 0.02 * half { return .utf16le }
    if Double(evenZeros) > 0.3 * half, Double(oddZeros) < 0.02 * half { return .utf16be }
    return nil
  }

  /// The charset declared by an HTML `<meta>` or XML declaration in the first 4 KiB.
  static func declaredCharset(_ body: ArraySlice<UInt8>) -> Encoding? {
    // ASCII-lower-cased bytes of the head: labels and markers are ASCII, and a byte scan
    // keeps this off the per-document profile (a String round trip cost 3% of a page).
    let head = body.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    var label: String?
    for marker in [Array("charset=".utf8), Array("encoding=".utf8)] {
      guard let end = Self.end(of: marker, in: head) else { continue }
      var index = end
      while index < head.count, head[index] == 0x22 || head[index] == 0x27 || head[index] == 0x20 {
        index += 1
      }
      let start = index
      while index < head.count, Self.isLabelByte(head[index]) { index += 1 }
      if index > start {
        label = String(decoding: head[start..<index], as: UTF8.self)
        break
      }
    }
    switch label {
    case "utf-8", "utf8": return .utf8
    case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii",
      "iso-8859-15", "l1":
      return .windows1252
    case "utf-16le": return .utf16le
    case "utf-16be", "utf-16": return .utf16be
    default: return nil
    }
  }

  /// The index just past the first occurrence of `marker` in `bytes`.
  private static func end(of marker: [UInt8], in bytes: [UInt8]) -> Int? {
    guard bytes.count >= marker.count else { return nil }
    var index = 0
    while index <= bytes.count - marker.count {
      if bytes[index] == marker[0], bytes[index..<index + marker.count].elementsEqual(marker) {
        return index + marker.count
      }
      index += 1
    }
    return nil
  }

  /// Letters, digits (any non-ASCII byte counts as part of a letter), `-` and `_`.
  private static func isLabelByte(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
      || byte == 0x5F || byte >= 0x80
  }

  private static let windows1252High: [UInt32] = [
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
  ]

  /// Decodes windows-1252 (which WHATWG also uses for labels like ISO-8859-1).
  static func decodeWindows1252(_ body: ArraySlice<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    scalars.reserveCapacity(body.count)
    for byte in body {
      let value = byte >= 0x80 && byte < 0xA0 ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
      scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
    }
    return String(scalars)
  }

  private static func decodeUTF16(_ body: ArraySlice<UInt8>, littleEndian: Bool) -> String {
    var units: [UInt16] = []
    units.reserveCapacity(body.count / 2)
    var index = body.startIndex
    while index + 1 < body.endIndex {
      let a = UInt16(body[index])
      let b = UInt16(body[index + 1])
      units.append(littleEndian ? a | b << 8 : a << 8 | b)
      index += 2
    }
    return String(decoding: units, as: UTF16.self)
  }

  /// 1-based line number of a byte offset.
  static func lineNumber(_ bytes: [UInt8], _ offset: Int) -> Int {
    bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
  }

  private static func percent(_ ratio: Double) -> String {
    "\(Double(Int(ratio * 1000)) / 10)%"
  }
}
