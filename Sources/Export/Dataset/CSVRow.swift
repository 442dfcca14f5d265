import Pipeline

/// RFC 4180 CSV rows: UTF-8, `\r\n` line ends, fields quoted when they hold a comma, quote,
/// CR or LF, quotes doubled.
///
/// Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a single quote in front, so Excel, LibreOffice
/// and Google Sheets show it as text instead of evaluating it. Cells that are plain numbers
/// (`-3`, `-0.25`, `1e-5`) are left as they are.
///
/// Hand-written rather than taken from CSV.swift, whose writer pushes one byte at a time
/// through an `OutputStream`; the tests read the output back with CSV.swift's reader.
public enum CSVRow {
  /// Appends one row to `buffer`.
  public static func append(_ fields: [String], to buffer: inout [UInt8]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { buffer.append(UInt8(ascii: ",")) }
      let utf8 = field.utf8
      let guarded = needsFormulaGuard(utf8)
      if utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
        buffer.append(0x22)
        if guarded { buffer.append(formulaGuard) }
        for byte in utf8 {
          if byte == 0x22 { buffer.append(0x22) }
          buffer.append(byte)
        }
        buffer.append(0x22)
      } else {
        if guarded { buffer.append(formulaGuard) }
        buffer.append(contentsOf: utf8)
      }
    }
    buffer.append(0x0D)
    buffer.append(0x0A)
  }

  /// The byte put in front of a cell a spreadsheet would read as a formula (`'`).
  public static let formulaGuard = UInt8(ascii: "'")

  /// Whether a cell starts like a spreadsheet formula and is not a plain number.
  public static func needsFormulaGuard(_ utf8: String.UTF8View) -> Bool {
    guard let first = utf8.first else { return false }
    switch first {
    case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
      return true
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      return !isPlainNumber(utf8.dropFirst())
    default:
      return false
    }
  }

  /// Digits with at most one `.` and an optional exponent (`e-5`, `E+10`), nothing else.
  private static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
    var digits = 0
    var dot = false
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte >= 0x30, byte <= 0x39 {
        digits += 1
      } else if byte == UInt8(ascii: "."), !dot {
        dot = true
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"), digits > 0 {
        var rest = bytes[bytes.index(after: index)...]
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
          rest = rest.dropFirst()
        }
        return !rest.isEmpty && rest.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
      } else {
        return false
      }
      index = bytes.index(after: index)
    }
    return digits > 0
  }
}
