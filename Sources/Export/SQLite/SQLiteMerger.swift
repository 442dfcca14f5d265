import Foundation
import Pipeline

/// Combines the `dataset.sqlite` databases of several runs (`nlpipe merge`): the first part
/// is copied, every other part's rows are appended table by table with its `doc` numbers
/// shifted past those already in, and the full-text index is rebuilt.
enum SQLiteMerger {
  /// Merges `parts`, in order, into `file` (opened by the caller, committed by the caller).
  static func merge(_ parts: [URL], into file: OutputFile) throws {
    guard let first = parts.first else { return }
    guard let bytes = FileManager.default.contents(atPath: first.path) else {
      throw OutputError("cannot read \(first.path)")
    }
    try file.write([UInt8](bytes))
    try file.flush()
    let database = try SQLiteDatabase(path: file.temporary.path)
    defer { database.close() }
    try database.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
    let version = try schemaVersion(database, "main", first)
    for part in parts.dropFirst() {
      let attach = try database.prepare("ATTACH DATABASE ? AS part")
      try attach.bind(.text(part.path), at: 1)
      try attach.step()
      guard try schemaVersion(database, "part", part) == version else {
        throw OutputError(
          "\(part.path): its database schema differs from \(first.path)'s; cannot merge")
      }
      let offset =
        try database.query("SELECT coalesce(max(doc), 0) FROM main.documents").first?.first?.int
        ?? 0
      try database.execute("BEGIN")
      for table in try tables(database, "part") {
        let columns = try columnNames(database, "part", table)
        guard columns == (try columnNames(database, "main", table)) else {
          throw OutputError(
            "\(part.path): table \(table) has other columns than in \(first.path); cannot merge")
        }
        let select = columns.map { $0 == "doc" ? "doc + \(offset)" : SQLiteDatabase.quote($0) }
        try database.execute(
          "INSERT INTO main.\(table) SELECT \(select.joined(separator: ", ")) "
            + "FROM part.\(table) ORDER BY rowid")
      }
      try database.execute("COMMIT")
      try database.execute("DETACH DATABASE part")
    }
    try database.execute("INSERT INTO documents_fts(documents_fts) VALUES('rebuild')")
    try database.execute("ANALYZE")
  }

  private static func schemaVersion(_ database: SQLiteDatabase, _ schema: String, _ url: URL)
    throws -> String
  {
    let rows = try? database.query(
      "SELECT value FROM \(schema).meta WHERE key = 'schema_version'")
    guard let version = rows?.first?.first?.string else {
      throw OutputError("\(url.path) is not an nlpipe dataset database (no meta table)")
    }
    return version
  }

  /// The data tables of a schema (not the full-text index's, nor `meta`).
  private static func tables(_ database: SQLiteDatabase, _ schema: String) throws -> [String] {
    try database.query(
      "SELECT name FROM \(schema).sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        + "AND name NOT LIKE 'documents_fts%' AND name != 'meta' ORDER BY rowid"
    ).compactMap { $0.first?.string }
  }

  private static func columnNames(_ database: SQLiteDatabase, _ schema: String, _ table: String)
    throws -> [String]
  {
    try database.query("PRAGMA \(schema).table_info(\(SQLiteDatabase.quote(table)))")
      .compactMap { $0.count > 1 ? $0[1].string : nil }
  }
}
