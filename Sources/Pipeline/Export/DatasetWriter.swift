import Foundation

/// Writes the dataset files (the export schema) for finished documents.
///
/// - `jsonl`: `documents.jsonl`, one document object a line.
/// - `json`: `documents.json`, a JSON array of the same objects.
/// - `csv`: `documents.csv`, `sentences.csv`, `entities.csv`, `relations.csv` (plus
///   `tokens.csv`, `blocks.csv` and `annotations.csv` when enabled or declared).
///
/// Offsets everywhere are UTF-8 byte offsets into the document's exported `text`, end
/// exclusive; `source_start`/`source_end` are UTF-8 byte offsets into the decoded source.
public final class DatasetWriter: DocumentSink {
  /// Dataset formats.
  public enum Format: String, Sendable, CaseIterable {
    case csv, json, jsonl
  }

  /// What to write.
  public struct Options: Sendable {
    public var formats: Set<Format>
    /// Include tokens (`tokens.csv`, `"tokens"`).
    public var tokens: Bool
    /// Include blocks with their boilerplate decisions (`blocks.csv`, `"blocks"`).
    public var blocks: Bool
    /// Document fields to export as `documents.csv` columns.
    public var fields: [String]
    /// Custom layers: `annotations.csv` is written when any is declared.
    public var layers: [String]

    public init(
      formats: Set<Format>, tokens: Bool = false, blocks: Bool = false, fields: [String] = [],
      layers: [String] = []
    ) {
      self.formats = formats
      self.tokens = tokens
      self.blocks = blocks
      self.fields = fields
      self.layers = layers
    }
  }

  public let directory: URL
  private let options: Options
  private var jsonl: OutputFile?
  private var json: OutputFile?
  private var jsonCount = 0
  private var documentsCSV: CSVRowWriter?
  private var sentencesCSV: CSVRowWriter?
  private var entitiesCSV: CSVRowWriter?
  private var relationsCSV: CSVRowWriter?
  private var tokensCSV: CSVRowWriter?
  private var blocksCSV: CSVRowWriter?
  private var annotationsCSV: CSVRowWriter?
  private var writer = JSONWriter()

  /// Creates the folder and the temporary files.
  public init(directory: URL, options: Options) throws {
    self.directory = directory
    self.options = options
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        "cannot create output folder \(directory.path): \(error.localizedDescription)")
    }
    func file(_ name: String) throws -> OutputFile {
      try OutputFile(directory.appendingPathComponent(name))
    }
    if options.formats.contains(.jsonl) { jsonl = try file("documents.jsonl") }
    if options.formats.contains(.json) {
      json = try file("documents.json")
      try json?.write("[\n")
    }
    if options.formats.contains(.csv) {
      documentsCSV = try CSVRowWriter(
        file: file("documents.csv"),
        header: [
          "doc_id", "source", "format", "chars", "bytes", "sentences", "entities", "relations",
          "warnings",
        ]
          + options.fields)
      sentencesCSV = try CSVRowWriter(
        file: file("sentences.csv"),
        header: ["doc_id", "sentence_id", "start", "end", "text", "source_start", "source_end"])
      entitiesCSV = try CSVRowWriter(
        file: file("entities.csv"),
        header: [
          "doc_id", "entity_id", "sentence_id", "start", "end", "text", "label", "canonical",
          "source", "confidence", "attributes",
        ])
      relationsCSV = try CSVRowWriter(
        file: file("relations.csv"),
        header: [
          "doc_id", "relation_id", "sentence_id", "relation", "head_id", "head_text", "head_label",
          "tail_id", "tail_text", "tail_label", "role", "evidence", "head_canonical",
          "tail_canonical", "predicate", "rule", "confidence", "attributes",
        ])
      if options.tokens {
        tokensCSV = try CSVRowWriter(
          file: file("tokens.csv"), header: ["doc_id", "token_id", "start", "end", "text"])
      }
      if options.blocks {
        blocksCSV = try CSVRowWriter(
          file: file("blocks.csv"),
          header: [
            "doc_id", "block_id", "kind", "content", "score", "reason", "start", "end",
            "source_start", "source_end", "text",
          ])
      }
      if !options.layers.isEmpty {
        annotationsCSV = try CSVRowWriter(
          file: file("annotations.csv"),
          header: ["doc_id", "layer", "start", "end", "text", "label", "attributes"])
      }
    }
  }

  public func write(_ document: Document) throws {
    if jsonl != nil || json != nil {
      writer.reset()
      writeJSON(document)
      if let jsonl {
        try jsonl.write(writer.bytes)
        try jsonl.write("\n")
      }
      if let json {
        if jsonCount > 0 { try json.write(",\n") }
        try json.write(writer.bytes)
        jsonCount += 1
      }
    }
    if documentsCSV != nil { try writeCSV(document) }
  }

  public func finish() throws {
    try json?.write("\n]\n")
    for file in [jsonl, json].compactMap({ $0 }) { try file.commit() }
    for csv in [
      documentsCSV, sentencesCSV, entitiesCSV, relationsCSV, tokensCSV, blocksCSV, annotationsCSV,
    ] {
      try csv?.commit()
    }
  }

  public func abandon() {
    jsonl?.discard()
    json?.discard()
    for csv in [
      documentsCSV, sentencesCSV, entitiesCSV, relationsCSV, tokensCSV, blocksCSV, annotationsCSV,
    ] {
      csv?.discard()
    }
  }

  // MARK: JSON

  private func writeJSON(_ document: Document) {
    writer.beginObject()
    writer.field("id", document.id)
    writer.field("source", document.location)
    writer.field("format", document.format.rawValue)
    writer.field("text", document.text)
    if !document.fields.isEmpty {
      writer.key("fields")
      writer.value(.object(document.fields))
    }
    if !document.warnings.isEmpty {
      writer.key("warnings")
      writer.value(.array(document.warnings.map(JSONValue.string)))
    }
    if options.blocks {
      writer.key("blocks")
      writer.beginArray()
      for block in document.blocks {
        writer.beginObject()
        writer.field("kind", block.kind)
        writer.key("content")
        writer.bool(block.isContent)
        if let score = block.score { writer.field("score", score) }
        writer.field("reason", block.reason)
        writer.field("start", block.start)
        writer.field("end", block.end)
        writer.field("source_start", block.sourceStart)
        writer.field("source_end", block.sourceEnd)
        writer.endObject()
      }
      writer.endArray()
    }
    writer.key("sentences")
    writer.beginArray()
    for (index, sentence) in document.sentences.enumerated() {
      writer.beginObject()
      writer.field("id", index)
      writer.field("start", sentence.start)
      writer.field("end", sentence.end)
      writer.field("source_start", sentence.sourceStart)
      writer.field("source_end", sentence.sourceEnd)
      writer.endObject()
    }
    writer.endArray()
    if options.tokens {
      writer.key("tokens")
      writer.beginArray()
      for token in document.tokens {
        writer.beginArray()
        writer.int(token.start)
        writer.int(token.end)
        writer.endArray()
      }
      writer.endArray()
    }
    writer.key("entities")
    writer.beginArray()
    for (index, entity) in document.entities.enumerated() {
      writer.beginObject()
      writer.field("id", "e\(index)")
      writer.field("start", entity.start)
      writer.field("end", entity.end)
      writer.field("text", document.slice(entity))
      writer.field("label", entity.label)
      writer.field("canonical", entity.canonical ?? document.slice(entity))
      writer.field("source", entity.origin)
      writer.field("confidence", entity.confidence)
      writer.field("sentence", document.sentenceIndex(containing: entity.start))
      if !entity.attributes.isEmpty {
        writer.key("attributes")
        writer.object(entity.attributes)
      }
      writer.endObject()
    }
    writer.endArray()
    writer.key("relations")
    writer.beginArray()
    for (index, relation) in document.relations.enumerated() {
      writer.beginObject()
      writer.field("id", "r\(index)")
      writer.field("relation", relation.relation)
      writer.field("head", "e\(relation.head)")
      writer.field("tail", "e\(relation.tail)")
      writer.field("head_text", entityText(document, relation.head))
      writer.field("tail_text", entityText(document, relation.tail))
      writer.field("head_canonical", entityCanonical(document, relation.head))
      writer.field("tail_canonical", entityCanonical(document, relation.tail))
      writer.field("sentence", relation.sentence)
      writer.field("role", relation.role)
      writer.field("predicate", relation.predicate)
      writer.field("rule", relation.rule)
      writer.field("confidence", relation.confidence)
      writer.field("evidence", evidence(document, relation))
      if !relation.attributes.isEmpty {
        writer.key("attributes")
        writer.object(relation.attributes)
      }
      writer.endObject()
    }
    writer.endArray()
    if !document.annotations.isEmpty {
      writer.key("annotations")
      writer.beginObject()
      for layer in document.annotations.keys.sorted() {
        writer.key(layer)
        writer.beginArray()
        for annotation in document.annotations[layer] ?? [] {
          writer.beginObject()
          writer.field("start", annotation.start)
          writer.field("end", annotation.end)
          writer.field("text", document.slice(annotation))
          writer.field("label", annotation.label)
          if !annotation.attributes.isEmpty {
            writer.key("attributes")
            writer.object(annotation.attributes)
          }
          writer.endObject()
        }
        writer.endArray()
      }
      writer.endObject()
    }
    writer.endObject()
  }

  // MARK: CSV

  private func writeCSV(_ document: Document) throws {
    let id = document.id
    try documentsCSV?.write(
      [
        id, document.location, document.format.rawValue,
        String(document.text.unicodeScalars.count), String(document.text.utf8.count),
        String(document.sentences.count), String(document.entities.count),
        String(document.relations.count), document.warnings.joined(separator: "; "),
      ] + options.fields.map { document.fields[$0]?.cellText ?? "" })
    for (index, sentence) in document.sentences.enumerated() {
      try sentencesCSV?.write([
        id, String(index), String(sentence.start), String(sentence.end), document.slice(sentence),
        optional(sentence.sourceStart), optional(sentence.sourceEnd),
      ])
    }
    for (index, entity) in document.entities.enumerated() {
      try entitiesCSV?.write([
        id, "e\(index)", optional(document.sentenceIndex(containing: entity.start)),
        String(entity.start), String(entity.end), document.slice(entity), entity.label,
        entity.canonical ?? document.slice(entity), entity.origin, number(entity.confidence),
        attributes(entity.attributes),
      ])
    }
    for (index, relation) in document.relations.enumerated() {
      try relationsCSV?.write([
        id, "r\(index)", String(relation.sentence), relation.relation, "e\(relation.head)",
        entityText(document, relation.head), entityLabel(document, relation.head),
        "e\(relation.tail)", entityText(document, relation.tail),
        entityLabel(document, relation.tail), relation.role ?? "", evidence(document, relation),
        entityCanonical(document, relation.head), entityCanonical(document, relation.tail),
        relation.predicate ?? "", relation.rule, number(relation.confidence),
        attributes(relation.attributes),
      ])
    }
    if var tokens = tokensCSV {
      for (index, token) in document.tokens.enumerated() {
        try tokens.write([
          id, String(index), String(token.start), String(token.end), document.slice(token),
        ])
      }
      tokensCSV = tokens
    }
    if var blocks = blocksCSV {
      for (index, block) in document.blocks.enumerated() {
        let text =
          block.isContent
          ? document.slice(block)
          : Document.slice(document.source, block.sourceStart ?? 0, block.sourceEnd ?? 0)
        try blocks.write([
          id, String(index), block.kind, block.isContent ? "true" : "false",
          block.score.map(number) ?? "", block.reason ?? "", String(block.start),
          String(block.end), optional(block.sourceStart), optional(block.sourceEnd), text,
        ])
      }
      blocksCSV = blocks
    }
    if var annotations = annotationsCSV {
      for layer in document.annotations.keys.sorted() {
        for annotation in document.annotations[layer] ?? [] {
          try annotations.write([
            id, layer, String(annotation.start), String(annotation.end),
            document.slice(annotation), annotation.label, attributes(annotation.attributes),
          ])
        }
      }
      annotationsCSV = annotations
    }
  }

  // MARK: helpers

  private func entityText(_ document: Document, _ index: Int) -> String {
    document.entities.indices.contains(index) ? document.slice(document.entities[index]) : ""
  }

  private func entityLabel(_ document: Document, _ index: Int) -> String {
    document.entities.indices.contains(index) ? document.entities[index].label : ""
  }

  private func entityCanonical(_ document: Document, _ index: Int) -> String {
    guard document.entities.indices.contains(index) else { return "" }
    let entity = document.entities[index]
    return entity.canonical ?? document.slice(entity)
  }

  private func evidence(_ document: Document, _ relation: Relation) -> String {
    if let start = relation.evidenceStart, let end = relation.evidenceEnd {
      return document.slice(start, end)
    }
    guard document.sentences.indices.contains(relation.sentence) else { return "" }
    return document.slice(document.sentences[relation.sentence])
  }

  private func optional(_ value: Int?) -> String { value.map(String.init) ?? "" }

  private func number(_ value: Double) -> String {
    String((value * 10000).rounded() / 10000)
  }

  private func attributes(_ values: [String: String]) -> String {
    guard !values.isEmpty else { return "" }
    var json = JSONWriter()
    json.object(values)
    return json.string
  }
}
