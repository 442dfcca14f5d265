import Foundation
import Pipeline

/// Writes the `sqlite` export: one database, `dataset.sqlite`, with the documents and their
/// annotations in tables with keys and indexes, and an FTS5 full-text index over the text
/// (see ``SQLiteSchema``).
///
/// Rows are inserted with prepared statements inside transactions as documents arrive (in
/// input order); secondary indexes and the full-text index are built once at the end. The
/// database is written under the output folder's temporary name (`.dataset.sqlite.partial`)
/// and renamed into place with the other files, so an interrupted run leaves no database
/// that looks whole. A database cannot be continued with `--resume` (the run is refused
/// with a message saying so); `nlpipe merge` combines the databases of several shards.
public struct SQLiteOutput: DocumentOutput {
  public let directory: URL?
  public let encoder: any DocumentEncoder
  let folder: URL
  let options: Dataset.Options
  let pipelineName: String

  public init(directory: URL, options: Dataset.Options, pipelineName: String) {
    self.directory = directory
    self.folder = directory
    self.options = options
    self.pipelineName = pipelineName
    self.encoder = SQLiteEncoder(options: options)
  }

  public func openSink(_ files: OutputFiles) throws -> any DocumentSink {
    try SQLiteWriter(directory: folder, options: options, pipelineName: pipelineName, files: files)
  }
}

/// Inserts each document's packed rows into `dataset.sqlite` (see ``SQLiteOutput``).
public final class SQLiteWriter: DocumentSink {
  private let file: OutputFile
  private let database: SQLiteDatabase
  private var inserts: [(part: String, statement: SQLiteStatement, columns: Int)]
  private var insertError: SQLiteStatement?
  private var documents = 0
  private let meta: [(String, String)]
  /// Documents per transaction.
  private let batch = 500

  /// Creates the database (tables, prepared statements) in `directory`.
  init(
    directory: URL, options: Dataset.Options, pipelineName: String, files: OutputFiles
  ) throws {
    guard SQLiteDatabase.hasFTS5 else {
      throw OutputError(
        "the sqlite format needs SQLite with FTS5, which this libsqlite3 "
          + "(\(SQLiteDatabase.libraryVersion)) lacks")
    }
    let file = try files.open(directory.appendingPathComponent(SQLiteSchema.fileName))
    if files.isResuming {
      file.discard()
      throw OutputError(
        "--resume cannot continue the sqlite format (\(SQLiteSchema.fileName)): rerun with "
          + "--overwrite, or resume without sqlite in the export's formats and rerun sqlite later"
      )
    }
    self.file = file
    let database = try SQLiteDatabase(path: file.temporary.path)
    self.database = database
    // The file is a temporary one until the run publishes it: no journal, no syncs (the
    // run syncs the file itself before renaming it into place).
    try database.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
    let tables = SQLiteSchema.tables(fields: options.fields)
    for sql in tables.map(\.createSQL) + SQLiteSchema.runTables { try database.execute(sql) }
    inserts = try tables.map {
      (SQLiteEncoder.part($0.name), try database.prepare($0.insertSQL), $0.columns.count)
    }
    insertError = try database.prepare("INSERT INTO errors VALUES (?, ?, ?, ?, ?)")
    meta = [
      ("tool", NLPipe.name), ("version", NLPipe.version), ("pipeline", pipelineName),
      ("schema_version", String(SQLiteSchema.version)),
      ("sqlite_version", SQLiteDatabase.libraryVersion),
    ]
    try database.execute("BEGIN")
  }

  public func write(_ encoded: EncodedDocument) throws {
    documents += 1
    for insert in inserts {
      try PackedRows.insert(
        try encoded.part(insert.part).bytes, doc: documents, columns: insert.columns,
        with: insert.statement)
    }
    if documents % batch == 0 { try database.execute("COMMIT; BEGIN") }
  }

  public func recordFailure(_ record: ErrorRecord) throws {
    guard let insertError else { return }
    let values: [SQLiteValue] = [
      .text(record.id), .text(record.location), .text(record.stage), .text(record.message),
      record.offset.map { .integer(Int64($0)) } ?? .null,
    ]
    for (index, value) in values.enumerated() { try insertError.bind(value, at: index + 1) }
    try insertError.step()
    insertError.reset()
  }

  public func finish() throws {
    let insertMeta = try database.prepare("INSERT INTO meta VALUES (?, ?)")
    for (key, value) in meta {
      try insertMeta.bind(.text(key), at: 1)
      try insertMeta.bind(.text(value), at: 2)
      try insertMeta.step()
      insertMeta.reset()
    }
    try database.execute("COMMIT")
    inserts = []
    insertError = nil
    try Self.buildIndexes(database)
    database.close()
    try file.seal()
  }

  /// Builds the secondary indexes and the full-text index, then updates the planner's
  /// statistics.
  static func buildIndexes(_ database: SQLiteDatabase) throws {
    try database.execute("BEGIN")
    for sql in SQLiteSchema.indexes + SQLiteSchema.fullText { try database.execute(sql) }
    try database.execute("COMMIT")
    try database.execute("ANALYZE")
  }
}
