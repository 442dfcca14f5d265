import Pipeline

/// Table rows packed into bytes: the `sqlite` export's encoder packs a document's rows on the
/// worker threads, and the writer unpacks them straight into statement bindings.
///
/// Each value is a tag byte, then: nothing (NULL), 8 bytes little-endian (integer, or a
/// double's bits), or a 4-byte little-endian length and the UTF-8 bytes (text).
struct PackedRows {
  private(set) var bytes: [UInt8] = []

  private enum Tag: UInt8 {
    case null, integer, real, text
  }

  mutating func null() { bytes.append(Tag.null.rawValue) }

  mutating func int(_ value: Int) {
    bytes.append(Tag.integer.rawValue)
    append64(UInt64(bitPattern: Int64(value)))
  }

  mutating func int(_ value: Int?) {
    if let value { int(value) } else { null() }
  }

  mutating func real(_ value: Double) {
    guard value.isFinite else { return null() }
    bytes.append(Tag.real.rawValue)
    append64(value.bitPattern)
  }

  mutating func text(_ value: String) {
    bytes.append(Tag.text.rawValue)
    let count = UInt32(truncatingIfNeeded: value.utf8.count)
    withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: value.utf8)
  }

  mutating func text(_ value: String?) {
    if let value { text(value) } else { null() }
  }

  private mutating func append64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// Binds the packed rows of `chunk` to `statement`, stepping and resetting it after each
  /// row: parameter 1 is `doc`, parameters 2...`columns` come from the chunk. Returns the
  /// number of rows.
  @discardableResult
  static func insert(
    _ chunk: [UInt8], doc: Int, columns: Int, with statement: SQLiteStatement
  ) throws -> Int {
    var position = 0
    var rows = 0
    func read64() throws -> UInt64 {
      guard position + 8 <= chunk.count else { throw malformed }
      var value: UInt64 = 0
      for offset in (0..<8).reversed() { value = value << 8 | UInt64(chunk[position + offset]) }
      position += 8
      return value
    }
    while position < chunk.count {
      try statement.bind(.integer(Int64(doc)), at: 1)
      for column in 2...columns {
        guard position < chunk.count, let tag = Tag(rawValue: chunk[position]) else {
          throw malformed
        }
        position += 1
        switch tag {
        case .null:
          try statement.bind(.null, at: column)
        case .integer:
          try statement.bind(.integer(Int64(bitPattern: try read64())), at: column)
        case .real:
          try statement.bind(.real(Double(bitPattern: try read64())), at: column)
        case .text:
          guard position + 4 <= chunk.count else { throw malformed }
          var count = 0
          for offset in (0..<4).reversed() { count = count << 8 | Int(chunk[position + offset]) }
          position += 4
          guard position + count <= chunk.count else { throw malformed }
          try statement.bindText(chunk[position..<position + count], at: column)
          position += count
        }
      }
      try statement.step()
      statement.reset()
      rows += 1
    }
    return rows
  }

  private static var malformed: OutputError {
    OutputError("internal error: malformed packed SQLite rows")
  }
}
