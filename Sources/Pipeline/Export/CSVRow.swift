/// RFC 4180 CSV rows: UTF-8, `\r\n` line ends, fields quoted when they hold a comma, quote,
/// CR or LF, quotes doubled.
///
/// Hand-written rather than taken from CSV.swift, whose writer pushes one byte at a time
/// through an `OutputStream`; the tests read the output back with CSV.swift's reader.
public enum CSVRow {
  /// Appends one row to `buffer`.
  public static func append(_ fields: [String], to buffer: inout [UInt8]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { buffer.append(UInt8(ascii: ",")) }
      let utf8 = field.utf8
      if utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
        buffer.append(0x22)
        for byte in utf8 {
          if byte == 0x22 { buffer.append(0x22) }
          buffer.append(byte)
        }
        buffer.append(0x22)
      } else {
        buffer.append(contentsOf: utf8)
      }
    }
    buffer.append(0x0D)
    buffer.append(0x0A)
  }
}
