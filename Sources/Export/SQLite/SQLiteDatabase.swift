import CSQLite
import Foundation
import Pipeline

/// A connection to an SQLite database through the system library (`libsqlite3`).
///
/// A thin, throwing wrapper: the `sqlite` export writes through it, `nlpipe merge` combines
/// databases with it, and tests query the exported database with it. Not thread-safe: one
/// thread uses a connection.
public final class SQLiteDatabase {
  private var handle: OpaquePointer?
  /// The database file.
  public let path: String

  /// Opens (creating, unless `readOnly`) the database at `path`.
  public init(path: String, readOnly: Bool = false) throws {
    self.path = path
    let flags =
      readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    var db: OpaquePointer?
    let code = sqlite3_open_v2(path, &db, flags, nil)
    handle = db
    guard code == SQLITE_OK else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(db)
      handle = nil
      throw OutputError("cannot open the SQLite database \(path): \(message)")
    }
  }

  deinit { close() }

  /// Closes the connection (finalize statements first); later calls throw.
  public func close() {
    guard let handle else { return }
    sqlite3_close_v2(handle)
    self.handle = nil
  }

  /// The open handle, or an error once closed.
  private func open() throws -> OpaquePointer {
    guard let handle else { throw OutputError("the SQLite database \(path) is closed") }
    return handle
  }

  /// Runs one or more SQL statements that return no rows.
  public func execute(_ sql: String) throws {
    let db = try open()
    var message: UnsafeMutablePointer<CChar>?
    if sqlite3_exec(db, sql, nil, nil, &message) != SQLITE_OK {
      let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
      sqlite3_free(message)
      throw OutputError("SQLite (\(path)): \(text) in: \(sql.prefix(200))")
    }
  }

  /// Compiles one statement.
  public func prepare(_ sql: String) throws -> SQLiteStatement {
    let db = try open()
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
      throw OutputError("SQLite (\(path)): \(String(cString: sqlite3_errmsg(db))) in: \(sql)")
    }
    return SQLiteStatement(statement, database: self)
  }

  /// Runs a query and returns every row, each value as ``SQLiteValue``.
  public func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
    let statement = try prepare(sql)
    for (index, value) in parameters.enumerated() { try statement.bind(value, at: index + 1) }
    var rows: [[SQLiteValue]] = []
    while try statement.step() { rows.append(statement.row()) }
    return rows
  }

  /// The last error message of the connection.
  var lastError: String {
    handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed"
  }

  /// Whether this SQLite library was compiled with FTS5.
  public static var hasFTS5: Bool {
    sqlite3_compileoption_used("ENABLE_FTS5") != 0
  }

  /// The library's version, e.g. `3.40.1`.
  public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

  /// Quotes an identifier (`"name"`, inner quotes doubled).
  public static func quote(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

/// A value read from or bound to SQLite.
public enum SQLiteValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)

  /// The value as a string (nil for NULL).
  public var string: String? {
    switch self {
    case .null: return nil
    case .integer(let value): return String(value)
    case .real(let value): return String(value)
    case .text(let value): return value
    }
  }

  /// The value as an integer (nil unless INTEGER).
  public var int: Int? {
    if case .integer(let value) = self { return Int(value) }
    return nil
  }
}

/// A compiled statement of a ``SQLiteDatabase``.
public final class SQLiteStatement {
  private let statement: OpaquePointer
  private let database: SQLiteDatabase
  /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`).
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(_ statement: OpaquePointer, database: SQLiteDatabase) {
    self.statement = statement
    self.database = database
  }

  deinit { sqlite3_finalize(statement) }

  /// Binds a value to a 1-based parameter.
  public func bind(_ value: SQLiteValue, at index: Int) throws {
    let code: Int32
    switch value {
    case .null: code = sqlite3_bind_null(statement, Int32(index))
    case .integer(let number): code = sqlite3_bind_int64(statement, Int32(index), number)
    case .real(let number): code = sqlite3_bind_double(statement, Int32(index), number)
    case .text(let text):
      try bindText(Array(text.utf8)[...], at: index)
      return
    }
    try check(code)
  }

  /// Binds UTF-8 bytes as text to a 1-based parameter.
  func bindText(_ bytes: ArraySlice<UInt8>, at index: Int) throws {
    let code: Int32 = bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, !buffer.isEmpty else {
        return sqlite3_bind_text(statement, Int32(index), "", 0, Self.transient)
      }
      return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        sqlite3_bind_text(statement, Int32(index), $0, Int32(buffer.count), Self.transient)
      }
    }
    try check(code)
  }

  /// Steps once: true when a row is ready, false when the statement is done.
  @discardableResult
  public func step() throws -> Bool {
    let code = sqlite3_step(statement)
    if code == SQLITE_ROW { return true }
    if code == SQLITE_DONE { return false }
    throw OutputError("SQLite (\(database.path)): \(database.lastError)")
  }

  /// Resets the statement for another run with new bindings.
  public func reset() {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
  }

  /// The current row's values.
  public func row() -> [SQLiteValue] {
    (0..<sqlite3_column_count(statement)).map { column in
      switch sqlite3_column_type(statement, column) {
      case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
      case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
      case SQLITE_NULL: return .null
      default:
        guard let text = sqlite3_column_text(statement, column) else { return .null }
        let count = Int(sqlite3_column_bytes(statement, column))
        return .text(
          String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
      }
    }
  }

  private func check(_ code: Int32) throws {
    guard code == SQLITE_OK else {
      throw OutputError("SQLite (\(database.path)): \(database.lastError)")
    }
  }
}
