import Pipeline

/// HTML (and SVG/XML) escaping into a UTF-8 byte buffer.
///
/// Everything a report shows that comes from a document or the run (text, ids, labels,
/// messages) goes through here, so markup in a document is shown as text, never parsed.
enum HTMLText {
  /// Appends `text` with `&`, `<`, `>`, `"` and `'` escaped (NUL becomes U+FFFD).
  static func append(_ text: String, to out: inout [UInt8]) {
    var text = text
    text.withUTF8 { append(bytes: $0, to: &out) }
  }

  /// Appends UTF-8 bytes, escaped. Copies runs that need no escaping in one go.
  static func append(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var runStart = 0
    for index in 0..<bytes.count {
      let replacement: StaticString
      switch bytes[index] {
      case UInt8(ascii: "&"): replacement = "&amp;"
      case UInt8(ascii: "<"): replacement = "&lt;"
      case UInt8(ascii: ">"): replacement = "&gt;"
      case UInt8(ascii: "\""): replacement = "&quot;"
      case UInt8(ascii: "'"): replacement = "&#39;"
      case 0: replacement = "&#xFFFD;"
      default: continue
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
      replacement.withUTF8Buffer { out.append(contentsOf: $0) }
      runStart = index + 1
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
  }

  /// The escaped form of a string.
  static func escaped(_ text: String) -> String {
    var out: [UInt8] = []
    append(text, to: &out)
    return String(decoding: out, as: UTF8.self)
  }
}

/// A UTF-8 byte buffer of HTML under construction: raw markup and escaped text.
struct HTMLBuffer {
  var bytes: [UInt8] = []

  /// Appends trusted markup as is (literals written by the report code only).
  mutating func raw(_ markup: String) { bytes.append(contentsOf: markup.utf8) }

  /// Appends text, escaped.
  mutating func text(_ value: String) { HTMLText.append(value, to: &bytes) }

  /// Appends an integer.
  mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

  /// Appends a number with one decimal (SVG coordinates).
  /// (Not-a-number and infinities, which a layout should never produce, are written as 0.)
  mutating func coordinate(_ value: Double) {
    guard value.isFinite, abs(value) < 1e12 else {
      bytes.append(UInt8(ascii: "0"))
      return
    }
    let tenths = Int((value * 10).rounded())
    if tenths < 0, tenths > -10 { bytes.append(UInt8(ascii: "-")) }
    bytes.append(contentsOf: String(tenths / 10).utf8)
    bytes.append(UInt8(ascii: "."))
    bytes.append(contentsOf: String(abs(tenths % 10)).utf8)
  }

  /// Appends an SVG path point, `x,y`, each with one decimal.
  mutating func point(_ x: Double, _ y: Double) {
    coordinate(x)
    bytes.append(UInt8(ascii: ","))
    coordinate(y)
  }

  var string: String { String(decoding: bytes, as: UTF8.self) }
}
