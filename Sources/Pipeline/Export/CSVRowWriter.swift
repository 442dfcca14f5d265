/// RFC 4180 CSV rows (UTF-8, `\r\n` line ends, fields quoted when they hold a comma, quote,
/// CR or LF, quotes doubled) onto an ``OutputFile``.
///
/// Hand-written rather than taken from CSV.swift, whose writer pushes one byte at a time
/// through an `OutputStream`; tests read the output back with CSV.swift's reader.
public struct CSVRowWriter {
  private let file: OutputFile
  private var row: [UInt8] = []

  public init(file: OutputFile, header: [String]) throws {
    self.file = file
    try write(header)
  }

  /// Writes one row.
  public mutating func write(_ fields: [String]) throws {
    row.removeAll(keepingCapacity: true)
    for (index, field) in fields.enumerated() {
      if index > 0 { row.append(UInt8(ascii: ",")) }
      append(field)
    }
    row.append(0x0D)
    row.append(0x0A)
    try file.write(row)
  }

  private mutating func append(_ field: String) {
    let utf8 = field.utf8
    let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    guard needsQuotes else {
      row.append(contentsOf: utf8)
      return
    }
    row.append(0x22)
    for byte in utf8 {
      if byte == 0x22 { row.append(0x22) }
      row.append(byte)
    }
    row.append(0x22)
  }

  /// Renames the file into place.
  public func commit() throws { try file.commit() }

  /// Deletes the temporary file.
  public func discard() { file.discard() }
}
