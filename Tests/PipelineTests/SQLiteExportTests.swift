import CSV
import Foundation
import Testing

@testable import Export
@testable import Pipeline
@testable import Stages

/// The `sqlite` export format: tables, keys, indexes, full-text search, resume and merge.
@Suite struct SQLiteExportTests {
  private static let pipeline = fixtureStagesPipeline(
    name: "db", formats: ["csv", "sqlite"])

  /// Documents with multi-byte text, one failing, one empty.
  private func corpus(in folder: URL, count: Int = 12) throws {
    try writeDocuments(count, in: folder) { index in
      switch index {
      case 3: return "this one is broken"
      case 5: return ""
      default:
        return "Zoë met Ümit in Köln \(index)\\nthe gamma ray \(index % 2 == 0 ? "even" : "odd")"
      }
    }
  }

  private func open(_ folder: URL) throws -> SQLiteDatabase {
    try SQLiteDatabase(
      path: folder.appendingPathComponent("out/dataset.sqlite").path, readOnly: true)
  }

  private func strings(_ db: SQLiteDatabase, _ sql: String, _ parameters: [SQLiteValue] = [])
    throws -> [String]
  {
    try db.query(sql, parameters).map { $0.first?.string ?? "NULL" }
  }

  @Test func exportsQueryableTablesWithKeysIndexesAndFullText() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(in: folder)
    let summary = try Executor(
      pipeline: try loadPipeline(Self.pipeline, in: folder), options: RunOptions(jobs: 2)
    ).run()
    #expect(summary.documentsOK == 11 && summary.documentsFailed == 1)
    let names = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("out").path)
    #expect(names.contains("dataset.sqlite"))
    #expect(!names.contains { $0.hasSuffix(".partial") })
    let db = try open(folder)

    // Documents in input order, numbered 1..., with the declared field as a column.
    #expect(
      try strings(db, "SELECT doc_id FROM documents ORDER BY doc")
        == ["d0", "d1", "d2", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11"])
    #expect(try strings(db, "SELECT min(doc) || '-' || max(doc) FROM documents") == ["1-11"])
    #expect(try strings(db, "SELECT DISTINCT shout FROM documents") == ["1"])
    #expect(
      try strings(db, "SELECT json_extract(fields, '$.shout') FROM documents LIMIT 1") == ["1"])
    #expect(try strings(db, "SELECT text FROM documents WHERE doc_id = 'd5'") == [""])

    // Counts agree with the CSV tables.
    for table in ["sentences", "entities", "relations", "tokens"] {
      let reader = try CSVReader(
        string: try String(
          contentsOf: folder.appendingPathComponent("out/\(table).csv"), encoding: .utf8),
        hasHeaderRow: true)
      var rows = 0
      while reader.next() != nil { rows += 1 }
      #expect(try strings(db, "SELECT count(*) FROM \(table)") == [String(rows)], "\(table)")
    }

    // Every offset slices the document's UTF-8 text back to the row's text.
    let spans = try db.query(
      """
      SELECT d.text, e.start, e."end", e.text FROM entities e JOIN documents d USING (doc)
      UNION ALL SELECT d.text, s.start, s."end", s.text FROM sentences s JOIN documents d USING (doc)
      UNION ALL SELECT d.text, t.start, t."end", t.text FROM tokens t JOIN documents d USING (doc)
      """)
    #expect(spans.count > 50)
    for row in spans {
      let text = Array((row[0].string ?? "").utf8)
      let start = row[1].int ?? -1
      let end = row[2].int ?? -1
      #expect(start >= 0 && start <= end && end <= text.count)
      #expect(String(decoding: text[start..<end], as: UTF8.self) == row[3].string)
    }
    #expect(try strings(db, "SELECT count(*) FROM entities WHERE text = 'KÖLN'") == ["10"])

    // Relations join their entities through the keys.
    #expect(
      try strings(
        db,
        """
        SELECT h.text || ' ' || r.relation || ' ' || t.text FROM relations r
        JOIN entities h ON h.doc = r.doc AND h.entity_id = r.head_id
        JOIN entities t ON t.doc = r.doc AND t.entity_id = r.tail_id
        JOIN documents d ON d.doc = r.doc WHERE d.doc_id = 'd7'
        """) == ["ZOË next_to MET"])
    #expect(try db.query("PRAGMA foreign_key_check").isEmpty)
    #expect(try strings(db, "PRAGMA integrity_check") == ["ok"])

    // Full-text search over the text (FTS5), and the index the planner picks for a name.
    #expect(
      try strings(
        db,
        """
        SELECT d.doc_id FROM documents_fts JOIN documents d ON d.doc = documents_fts.rowid
        WHERE documents_fts MATCH 'gamma AND odd' ORDER BY d.doc
        """) == ["d1", "d7", "d9", "d11"])
    #expect(
      try strings(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'köln'")
        == ["10"])
    let plan = try db.query(
      "EXPLAIN QUERY PLAN SELECT * FROM entities WHERE canonical = 'ZOË'"
    ).compactMap { $0.last?.string }.joined()
    #expect(plan.contains("entities_canonical") || plan.contains("entities_label_canonical"))

    // The failure and the provenance.
    #expect(
      try strings(db, "SELECT id || ' ' || stage || ' ' || \"offset\" FROM errors")
        == ["d3 fail 12"])
    #expect(try strings(db, "SELECT value FROM meta WHERE key = 'pipeline'") == ["db"])
  }

  @Test func resumeIsRefusedAndOverwriteReplacesTheDatabase() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(in: folder)
    let pipeline = try loadPipeline(Self.pipeline, in: folder)
    _ = try Executor(pipeline: pipeline, options: RunOptions(jobs: 1)).run()
    // A finished database is never clobbered without --overwrite.
    #expect(throws: OutputError.self) {
      _ = try Executor(pipeline: pipeline, options: RunOptions(jobs: 1, overwrite: false)).run()
    }
    // An interrupted run cannot be continued into a database: a clear refusal. --fail-fast
    // stops at the broken line (document 3) and leaves a resumable, unpublished run.
    let out = folder.appendingPathComponent("out")
    try FileManager.default.removeItem(at: out)
    let stopped = try Executor(pipeline: pipeline, options: RunOptions(jobs: 1, failFast: true))
      .run()
    #expect(stopped.stoppedEarly)
    #expect(
      FileManager.default.fileExists(atPath: out.appendingPathComponent(Checkpoint.fileName).path))
    do {
      _ = try Executor(
        pipeline: pipeline, options: RunOptions(jobs: 1, resume: true, overwrite: false)
      ).run()
      Issue.record("resume into a sqlite export was not refused")
    } catch let error as OutputError {
      #expect(error.description.contains("--resume cannot continue the sqlite format"))
    }
    _ = try Executor(pipeline: pipeline, options: RunOptions(jobs: 2, overwrite: true)).run()
    #expect(try strings(try open(folder), "SELECT count(*) FROM documents") == ["11"])
  }

  @Test func mergeAppendsShardDatabasesWithRenumberedDocuments() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(in: folder, count: 30)
    let pipeline = try loadPipeline(Self.pipeline, in: folder)
    var parts: [URL] = []
    for index in 0..<3 {
      let part = folder.appendingPathComponent("part\(index)")
      _ = try Executor(
        pipeline: pipeline,
        options: RunOptions(
          jobs: 2, outputOverride: part, shard: Shard(index: index, count: 3))
      ).run()
      parts.append(part)
    }
    let merged = folder.appendingPathComponent("merged")
    try DatasetMerger(inputs: parts, output: merged).merge(overwrite: false)
    let db = try SQLiteDatabase(
      path: merged.appendingPathComponent("dataset.sqlite").path, readOnly: true)
    #expect(try strings(db, "SELECT count(*) || ' ' || max(doc) FROM documents") == ["29 29"])
    #expect(try strings(db, "SELECT count(DISTINCT doc_id) FROM documents") == ["29"])
    #expect(try strings(db, "SELECT count(*) FROM errors") == ["1"])
    var entities = 0
    for part in parts {
      let partDB = try SQLiteDatabase(
        path: part.appendingPathComponent("dataset.sqlite").path, readOnly: true)
      entities +=
        try strings(partDB, "SELECT count(*) FROM entities").first.flatMap { Int($0) }
        ?? 0
    }
    #expect(try strings(db, "SELECT count(*) FROM entities") == [String(entities)])
    // Entities still join their own documents after renumbering.
    #expect(
      try strings(
        db,
        """
        SELECT count(*) FROM entities e JOIN documents d USING (doc)
        WHERE substr(d.text, 1, 3) = 'ZOË' AND e.entity_id = 0 AND e.text != 'ZOË'
        """) == ["0"])
    #expect(try db.query("PRAGMA foreign_key_check").isEmpty)
    #expect(
      try strings(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'even'")
        == ["15"])
    // A part without a database cannot be merged with parts that have one.
    try FileManager.default.removeItem(at: parts[1].appendingPathComponent("dataset.sqlite"))
    #expect(throws: OutputError.self) {
      try DatasetMerger(inputs: parts, output: folder.appendingPathComponent("m2")).merge(
        overwrite: false)
    }
  }
}
