import CSV
import Foundation
import Testing

@testable import Export
@testable import Pipeline
@testable import Stages

/// The Export module's contracts: encoders that open no file, typed parts on the worker wire,
/// and the manifest's row counts.
@Suite struct ExportModuleTests {
  private static let pipeline = fixtureStagesPipeline(
    name: "rows", formats: ["csv", "json", "jsonl", "conllu"])

  /// Documents with multi-byte text, line breaks inside the text (quoted CSV cells), one
  /// failing and one empty.
  private func corpus(in folder: URL, count: Int = 9) throws {
    try writeDocuments(count, in: folder, brokenEvery: 4) { index in
      switch index {
      case 2: return "this one is broken"
      case 5: return ""
      default: return "Zoë met Ümit, \\\"Köln\\\" \(index)\\nthe gamma ray"
      }
    }
  }

  private func csvRows(_ url: URL) throws -> Int {
    let reader = try CSVReader(
      string: try String(contentsOf: url, encoding: .utf8), hasHeaderRow: true)
    var rows = 0
    while reader.next() != nil { rows += 1 }
    return rows
  }

  @Test func manifestRowCountsEqualTheFilesRows() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(in: folder)
    let summary = try Executor(
      pipeline: try loadPipeline(Self.pipeline, in: folder), options: RunOptions(jobs: 2)
    ).run()
    #expect(summary.documentsFailed > 0 && summary.documentsOK > 0)
    let out = folder.appendingPathComponent("out")
    let manifest = try Manifest.read(in: out)
    let files = try #require(manifest.files)
    let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
      .filter { $0 != "manifest.json" }
    #expect(Set(files.keys) == Set(names))
    for name in names {
      let url = out.appendingPathComponent(name)
      let text = try String(contentsOf: url, encoding: .utf8)
      let rows: Int
      switch name {
      case _ where name.hasSuffix(".csv"): rows = try csvRows(url)
      case _ where name.hasSuffix(".jsonl"): rows = text.split(separator: "\n").count
      case "documents.json":
        rows = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])?.count ?? -1
      case "documents.conllu": rows = text.components(separatedBy: "# sent_id = ").count - 1
      default: rows = -1
      }
      #expect(files[name]?.rows == rows, "\(name)")
      let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
      #expect(files[name]?.bytes == size, "\(name)")
    }
    #expect(files["documents.csv"]?.rows == summary.documentsOK)
    #expect(files["errors.jsonl"]?.rows == summary.documentsFailed)
    // Pretty-printed, and it reads back as the same value.
    let bytes = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
    #expect(String(decoding: bytes, as: UTF8.self).contains("\n  \"documents\" : {\n"))
    let decoded = try JSONDecoder().decode(Manifest.self, from: bytes)
    #expect(decoded == manifest)
  }

  @Test func encoderWithoutFilesEqualsTheWrittenFiles() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let options = Dataset.Options(
      formats: [.csv, .jsonl, .conllu], tokens: true, fields: ["topic"], layers: ["caps"])
    let output = DatasetOutput(directory: out, options: options)
    var documents: [Document] = []
    for index in 0..<3 {
      var document = Document(
        id: "d\(index)", location: "in:\(index)", format: .text,
        source: "Zoë said \"hi, there\".\nBye \(index).")
      document.sentences = [
        Sentence(start: 0, end: 22), Sentence(start: 23, end: document.text.utf8.count),
      ]
      document.tokens = [Token(start: 0, end: 4), Token(start: 5, end: 9)]
      document.entities = [Entity(start: 0, end: 4, label: "PER", origin: "test")]
      document.fields["topic"] = .string("t\(index)")
      document.annotations["caps"] = [Annotation(start: 0, end: 4, label: "CAP")]
      documents.append(document)
    }
    // Encoding opens nothing: no folder, no file.
    let encoded = try documents.map { try output.encoder.encode($0) }
    #expect(!FileManager.default.fileExists(atPath: out.path))
    let files = OutputFiles(
      policy: OutputFiles.Policy(resume: false, overwrite: true, pipelineSHA256: "", shard: nil))
    let sink = try output.openSink(files)
    for document in encoded { try sink.write(document) }
    try sink.finish()
    try files.publish()
    for table in options.tables {
      var expected: [UInt8] = []
      CSVRow.append(table.header(fields: options.fields, tagged: options.tagged), to: &expected)
      for document in encoded { expected += try document.part(table.fileName).bytes }
      let written = try Data(contentsOf: out.appendingPathComponent(table.fileName))
      #expect([UInt8](written) == expected, "\(table.fileName)")
    }
    var jsonl: [UInt8] = []
    for document in encoded { jsonl += try document.part(Dataset.jsonPart).bytes + [0x0A] }
    #expect([UInt8](try Data(contentsOf: out.appendingPathComponent("documents.jsonl"))) == jsonl)
    var conllu: [UInt8] = []
    for document in encoded { conllu += try document.part(Dataset.conlluFile).bytes }
    #expect([UInt8](try Data(contentsOf: out.appendingPathComponent("documents.conllu"))) == conllu)
  }

  @Test func workerProcessEncodersOpenNoFolder() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let yaml = """
      name: scratch
      input: {path: in.jsonl}
      stages:
        - words: {}
        - export: {formats: [csv, sqlite, html], dir: never}
      """
    let pipeline = try loadPipeline(yaml, in: folder)
    let temporary = try FileManager.default.contentsOfDirectory(
      atPath: FileManager.default.temporaryDirectory.path)
    let (stages, encoders) = try Executor.encoders(
      for: pipeline, streams: false, stream: nil, jobs: 2)
    #expect(stages == [1] && encoders.count == 1)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("never").path))
    let after = try FileManager.default.contentsOfDirectory(
      atPath: FileManager.default.temporaryDirectory.path)
    #expect(Set(after).subtracting(temporary).filter { $0.hasPrefix("nlpipe-worker") }.isEmpty)
    let encoded = try encoders[0].encode(
      Document(id: "x", location: "x", format: .text, source: "one two"))
    let names = Set(encoded.parts.map(\.name))
    #expect(names.contains("documents.csv") && names.contains(ReportEncoder.digestPart))
    #expect(names.contains(SQLiteEncoder.part("documents")))
  }

  @Test func wireCarriesNamedParts() throws {
    var document = EncodedDocument()
    document.append("documents.csv", [1, 2, 3])
    document.append("tokens.csv", [], rows: 0)
    document.append("sentences.csv", Array("a\r\nb\r\n".utf8), rows: 2)
    let frame = WorkerWire.encode(
      .done(encoded: [document, EncodedDocument()], warnings: 2, id: "d", location: "l"),
      nanos: [5, 6])
    let (outcome, nanos) = try WorkerWire.decodeOutcome(Array(frame.dropFirst(8)))
    guard case .done(let encoded, let warnings, let id, let location) = outcome else {
      Issue.record("expected a finished document")
      return
    }
    #expect(encoded == [document, EncodedDocument()])
    #expect(warnings == 2 && id == "d" && location == "l" && nanos == [5, 6])
  }

  /// A document with one record of every type, every optional value set.
  private func richDocument() -> Document {
    var document = Document(
      id: "d1", location: "in:1", format: .text, source: "Zoë Ramos met \"Ümit\", then left.")
    document.sentences = [Sentence(start: 0, end: 34, sourceStart: 0, sourceEnd: 34)]
    document.tokens = [Token(start: 0, end: 4), Token(start: 5, end: 10)]
    document.tags = [
      TokenTag(pos: "NNP", upos: "PROPN", lemma: "Zoë", chunk: "B-NP"),
      TokenTag(pos: "NNP", upos: "PROPN", lemma: "Ramos", chunk: "I-NP"),
    ]
    document.blocks = [Block(start: 0, end: 34, kind: "p", score: 0.87654, reason: "text")]
    document.entities = [
      Entity(
        start: 0, end: 10, label: "PER", origin: "model", confidence: 0.912345,
        attributes: ["gender": "f"]),
      Entity(start: 16, end: 22, label: "PER", canonical: "Umit", origin: "gazetteer"),
    ]
    document.relations = [
      Relation(
        relation: "met", head: 0, tail: 1, sentence: 0, role: "host", predicate: "met",
        rule: "met.basic", confidence: 0.5, attributes: ["tense": "past"])
    ]
    document.annotations["caps"] = [Annotation(start: 0, end: 3, label: "CAP")]
    return document
  }

  /// One CSV table's rows as dictionaries.
  private func csvRecords(_ bytes: [UInt8], header: [String]) throws -> [[String: String]] {
    var all: [UInt8] = []
    CSVRow.append(header, to: &all)
    let reader = try CSVReader(
      string: String(decoding: all + bytes, as: UTF8.self), hasHeaderRow: true)
    var rows: [[String: String]] = []
    while let row = reader.next() {
      rows.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
    }
    return rows
  }

  /// Whether a JSON value and a CSV cell hold the same value (numbers compared as numbers).
  private func same(_ value: Any, _ cell: String?) -> Bool {
    guard let cell else { return false }
    switch value {
    case let text as String: return text == cell
    case let number as NSNumber where cell == "true" || cell == "false":
      return (value as? Bool) == (cell == "true") && number.intValue == (cell == "true" ? 1 : 0)
    case let number as NSNumber: return Double(cell) == number.doubleValue
    case let object as [String: String]:
      var json = JSONWriter()
      json.object(object)
      return json.string == cell
    default: return false
    }
  }

  @Test func oneFieldTableDrivesTheDocumentRecord() throws {
    var document = richDocument()
    document.warnings = ["one", "two"]
    document.fields = ["title": .string("A title"), "pages": .number(3)]
    var options = Dataset.Options(formats: [.csv, .jsonl], fields: ["title", "pages", "missing"])
    options.documentText = true
    let encoded = try DatasetEncoder(options: options).encode(document)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(try encoded.part(Dataset.jsonPart).bytes))
        as? [String: Any])
    let header = Dataset.Table.documents.header(
      fields: options.fields, documentText: true)
    #expect(
      header == [
        "doc_id", "source", "format", "chars", "bytes", "sentences", "entities", "relations",
        "warnings", "text", "title", "pages", "missing",
      ])
    let rows = try csvRecords(try encoded.part("documents.csv").bytes, header: header)
    let row = try #require(rows.first)
    #expect(rows.count == 1)
    // The keys both formats hold have one value; CSV counts what JSON nests.
    #expect(object["id"] as? String == row["doc_id"])
    for key in ["source", "format", "text"] {
      #expect(object[key] as? String == row[key], "\(key)")
    }
    #expect(object["warnings"] as? [String] == ["one", "two"] && row["warnings"] == "one; two")
    for key in ["sentences", "entities", "relations"] {
      #expect((object[key] as? [Any])?.count == Int(row[key] ?? ""), "\(key)")
    }
    let fields = object["fields"] as? [String: Any] ?? [:]
    #expect(
      fields["title"] as? String == row["title"] && row["pages"] == JSONValue.number(3).cellText)
    #expect(row["missing"] == "" && row["bytes"] == String(document.text.utf8.count))
    // Nothing to say: no `warnings` or `fields` key in JSON, an empty cell in CSV.
    let plain = try DatasetEncoder(options: Dataset.Options(formats: [.csv, .jsonl])).encode(
      richDocument())
    let plainObject = try #require(
      try JSONSerialization.jsonObject(with: Data(try plain.part(Dataset.jsonPart).bytes))
        as? [String: Any])
    #expect(plainObject["warnings"] == nil && plainObject["fields"] == nil)
    #expect(Array(plainObject.keys).contains("text"))
  }

  @Test func oneFieldTableDrivesJSONAndCSV() throws {
    let options = Dataset.Options(
      formats: [.csv, .jsonl], tokens: true, blocks: true, layers: ["caps"], tagged: true)
    let encoded = try DatasetEncoder(options: options).encode(richDocument())
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(try encoded.part(Dataset.jsonPart).bytes))
        as? [String: Any])
    let nested: [(Dataset.Table, [[String: Any]], [String])] = [
      (.sentences, object["sentences"] as? [[String: Any]] ?? [], RecordTables.sentences.header),
      (.entities, object["entities"] as? [[String: Any]] ?? [], RecordTables.entities.header),
      (.relations, object["relations"] as? [[String: Any]] ?? [], RecordTables.relations.header),
      (.blocks, object["blocks"] as? [[String: Any]] ?? [], RecordTables.blocks.header),
      (
        .annotations, (object["annotations"] as? [String: [[String: Any]]])?["caps"] ?? [],
        RecordTables.annotations.header
      ),
    ]
    for (table, records, header) in nested {
      #expect(table.header(fields: []) == header, "\(table)")
      let rows = try csvRecords(try encoded.part(table.fileName).bytes, header: header)
      #expect(records.count == 1 + (table == .entities ? 1 : 0) && rows.count == records.count)
      for (record, row) in zip(records, rows) {
        // Every JSON key is a column of the table, with the same value.
        for (key, value) in record {
          #expect(same(value, row[key]), "\(table).\(key): \(value) vs \(row[key] ?? "-")")
        }
        #expect(row["doc_id"] == "d1")
      }
    }
    // Tokens: the JSON array holds the values of the JSON fields, in the table's order.
    let tokenTable = RecordTables.tokens(tagged: true)
    let tokenRows = try csvRecords(try encoded.part("tokens.csv").bytes, header: tokenTable.header)
    let tokens = object["tokens"] as? [[Any]] ?? []
    let jsonNames = tokenTable.fields.filter { $0.formats.contains(.json) }.map(\.name)
    #expect(jsonNames == ["start", "end", "pos", "upos", "lemma", "chunk"])
    #expect(tokens.count == 2 && tokenRows.count == 2)
    for (token, row) in zip(tokens, tokenRows) {
      #expect(token.count == jsonNames.count)
      for (value, name) in zip(token, jsonNames) { #expect(same(value, row[name]), "\(name)") }
    }
    // The renamed keys of dataset schema 2.
    let entity = (object["entities"] as? [[String: Any]])?.first ?? [:]
    #expect(entity["entity_id"] as? String == "e0" && entity["sentence_id"] as? Int == 0)
    let relation = (object["relations"] as? [[String: Any]])?.first ?? [:]
    #expect(relation["head_id"] as? String == "e0" && relation["tail_id"] as? String == "e1")
    #expect(entity["id"] == nil && relation["head"] == nil && relation["sentence"] == nil)
  }

  @Test func twoExportsInOneFolderAreRefusedBeforeAnyFolderIsMade() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(in: folder)
    let yaml = """
      name: twice
      input: {path: in.jsonl}
      stages:
        - words: {}
        - export: {formats: [csv], dir: out}
        - export: {formats: [jsonl], dir: out}
      """
    #expect(throws: OutputError.self) {
      _ = try Executor(pipeline: try loadPipeline(yaml, in: folder), options: RunOptions(jobs: 1))
        .run()
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
  }

  @Test func resumedRunCountsTheRowsOfBothRuns() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(in: folder, count: 12)
    let pipeline = try loadPipeline(Self.pipeline, in: folder)
    let whole = folder.appendingPathComponent("whole")
    _ = try Executor(pipeline: pipeline, options: RunOptions(jobs: 1, outputOverride: whole))
      .run()
    let parts = folder.appendingPathComponent("parts")
    let stopped = try Executor(
      pipeline: pipeline, options: RunOptions(jobs: 1, failFast: true, outputOverride: parts)
    ).run()
    #expect(stopped.stoppedEarly)
    _ = try Executor(
      pipeline: pipeline,
      options: RunOptions(jobs: 1, outputOverride: parts, resume: true, overwrite: false)
    ).run()
    let expected = try #require(try Manifest.read(in: whole).files)
    let resumed = try #require(try Manifest.read(in: parts).files)
    #expect(resumed.mapValues(\.rows) == expected.mapValues(\.rows))
    #expect(resumed.mapValues(\.bytes) == expected.mapValues(\.bytes))
    // 12 documents and 3 broken lines: every one is a row of documents.csv or errors.jsonl.
    let documents = resumed["documents.csv"]?.rows ?? 0
    let errors = resumed["errors.jsonl"]?.rows ?? 0
    #expect(documents > 0 && errors > 1 && documents + errors == 15)
  }
}
