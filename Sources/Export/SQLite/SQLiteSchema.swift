import Pipeline

/// The tables of the `sqlite` export (`dataset.sqlite`).
///
/// Every table of a document's annotations is keyed by `doc`, the document's position among
/// the exported documents (1, 2, ..., in input order; `nlpipe merge` renumbers the parts one
/// after the other), and the item's index within the document. Entity and relation indices
/// are the numbers in the CSV/JSON ids (`e3` is `entity_id` 3). Offsets are UTF-8 byte
/// offsets into `documents.text`, end exclusive, as in every other format.
public enum SQLiteSchema {
  /// The database file's name in the export folder.
  public static let fileName = "dataset.sqlite"
  /// Bumped when the tables change (`meta.schema_version`).
  public static let version = 1

  /// A table: its name, its columns with their SQL type and constraints, and what follows
  /// the columns (keys).
  struct Table: Sendable {
    var name: String
    var columns: [(name: String, type: String)]
    var keys: String

    /// `CREATE TABLE ...`.
    var createSQL: String {
      let body =
        columns.map { "\(SQLiteDatabase.quote($0.name)) \($0.type)" } + (keys.isEmpty ? [] : [keys])
      return "CREATE TABLE \(name) (\n  " + body.joined(separator: ",\n  ") + "\n)"
    }

    /// `INSERT INTO ... VALUES (?, ...)`.
    var insertSQL: String {
      "INSERT INTO \(name) VALUES (" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
    }
  }

  /// Fixed columns of `documents`, before one column per declared document field.
  static let documentColumns: [(name: String, type: String)] = [
    ("doc", "INTEGER PRIMARY KEY"), ("doc_id", "TEXT NOT NULL"), ("source", "TEXT NOT NULL"),
    ("format", "TEXT NOT NULL"), ("text", "TEXT NOT NULL"), ("chars", "INTEGER NOT NULL"),
    ("bytes", "INTEGER NOT NULL"), ("sentences", "INTEGER NOT NULL"),
    ("entities", "INTEGER NOT NULL"), ("relations", "INTEGER NOT NULL"), ("warnings", "TEXT"),
    ("fields", "TEXT"),
  ]

  /// The declared fields that get a `documents` column of their own (a name that clashes
  /// with a fixed column stays in the `fields` JSON only).
  static func fieldColumns(_ fields: [String]) -> [String] {
    let fixed = Set(documentColumns.map { $0.name.lowercased() })
    var seen = fixed
    return fields.filter { seen.insert($0.lowercased()).inserted }
  }

  /// The tables, in the order a document's rows are encoded.
  static func tables(fields: [String]) -> [Table] {
    let reference = "REFERENCES documents(doc)"
    return [
      Table(
        name: "documents",
        columns: documentColumns + fieldColumns(fields).map { ($0, "") }, keys: ""),
      Table(
        name: "sentences",
        columns: [
          ("doc", "INTEGER NOT NULL \(reference)"), ("sentence_id", "INTEGER NOT NULL"),
          ("start", "INTEGER NOT NULL"), ("end", "INTEGER NOT NULL"), ("text", "TEXT NOT NULL"),
          ("source_start", "INTEGER"), ("source_end", "INTEGER"),
        ], keys: "PRIMARY KEY (doc, sentence_id)"),
      Table(
        name: "entities",
        columns: [
          ("doc", "INTEGER NOT NULL \(reference)"), ("entity_id", "INTEGER NOT NULL"),
          ("sentence_id", "INTEGER"), ("start", "INTEGER NOT NULL"), ("end", "INTEGER NOT NULL"),
          ("text", "TEXT NOT NULL"), ("label", "TEXT NOT NULL"), ("canonical", "TEXT NOT NULL"),
          ("source", "TEXT NOT NULL"), ("confidence", "REAL NOT NULL"), ("attributes", "TEXT"),
        ], keys: "PRIMARY KEY (doc, entity_id)"),
      Table(
        name: "relations",
        columns: [
          ("doc", "INTEGER NOT NULL \(reference)"), ("relation_id", "INTEGER NOT NULL"),
          ("sentence_id", "INTEGER NOT NULL"), ("relation", "TEXT NOT NULL"),
          ("head_id", "INTEGER NOT NULL"), ("tail_id", "INTEGER NOT NULL"), ("role", "TEXT"),
          ("predicate", "TEXT"), ("rule", "TEXT NOT NULL"), ("confidence", "REAL NOT NULL"),
          ("evidence", "TEXT NOT NULL"), ("attributes", "TEXT"),
        ],
        keys: """
          PRIMARY KEY (doc, relation_id),
            FOREIGN KEY (doc, head_id) REFERENCES entities(doc, entity_id),
            FOREIGN KEY (doc, tail_id) REFERENCES entities(doc, entity_id)
          """),
      Table(
        name: "tokens",
        columns: [
          ("doc", "INTEGER NOT NULL \(reference)"), ("token_id", "INTEGER NOT NULL"),
          ("start", "INTEGER NOT NULL"), ("end", "INTEGER NOT NULL"), ("text", "TEXT NOT NULL"),
        ], keys: "PRIMARY KEY (doc, token_id)"),
      Table(
        name: "annotations",
        columns: [
          ("doc", "INTEGER NOT NULL \(reference)"), ("layer", "TEXT NOT NULL"),
          ("annotation_id", "INTEGER NOT NULL"), ("start", "INTEGER NOT NULL"),
          ("end", "INTEGER NOT NULL"), ("text", "TEXT NOT NULL"), ("label", "TEXT NOT NULL"),
          ("attributes", "TEXT"),
        ], keys: "PRIMARY KEY (doc, layer, annotation_id)"),
    ]
  }

  /// Tables without a `doc` column, written once per run.
  static let runTables = [
    """
    CREATE TABLE errors (
      id TEXT NOT NULL, source TEXT NOT NULL, stage TEXT NOT NULL, message TEXT NOT NULL,
      "offset" INTEGER
    )
    """,
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
  ]

  /// Secondary indexes, created once the rows are in (faster than indexing row by row).
  static let indexes = [
    "CREATE INDEX documents_doc_id ON documents(doc_id)",
    "CREATE INDEX entities_label_canonical ON entities(label, canonical)",
    "CREATE INDEX entities_canonical ON entities(canonical)",
    "CREATE INDEX relations_relation ON relations(relation)",
    "CREATE INDEX relations_head ON relations(doc, head_id)",
    "CREATE INDEX relations_tail ON relations(doc, tail_id)",
  ]

  /// The full-text index over `documents.text` (an external-content FTS5 table: the text
  /// is stored once, in `documents`), filled in one pass at the end.
  static let fullText = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5(text, content='documents', content_rowid='doc')",
    "INSERT INTO documents_fts(documents_fts) VALUES('rebuild')",
  ]
}
