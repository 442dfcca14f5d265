import Foundation

/// The dataset files (the export schema) and their options.
///
/// - `jsonl`: `documents.jsonl`, one document object a line.
/// - `json`: `documents.json`, a JSON array of the same objects.
/// - `csv`: `documents.csv`, `sentences.csv`, `entities.csv`, `relations.csv` (plus
///   `tokens.csv`, `blocks.csv` and `annotations.csv` when enabled or declared).
/// - `conllu`: `documents.conllu`, one CoNLL-U sentence block per sentence (see
///   ``CoNLLUEncoder``).
///
/// Offsets everywhere are UTF-8 byte offsets into the document's exported `text`, end
/// exclusive; `source_start`/`source_end` are UTF-8 byte offsets into the decoded source.
public enum Dataset {
  /// Dataset formats.
  public enum Format: String, Sendable, CaseIterable {
    case csv, json, jsonl, conllu
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
    /// Add a `text` column (the document's exported text) to `documents.csv`.
    public var documentText = false
    /// Whether a tagger runs before the export: `tokens.csv` gains `pos`, `upos`, `lemma`
    /// and `chunk` columns (and JSON tokens the same four values).
    public var tagged: Bool

    public init(
      formats: Set<Format>, tokens: Bool = false, blocks: Bool = false, fields: [String] = [],
      layers: [String] = [], tagged: Bool = false
    ) {
      self.formats = formats
      self.tokens = tokens
      self.blocks = blocks
      self.fields = fields
      self.layers = layers
      self.tagged = tagged
    }

    /// The CSV tables written with these options, in file order.
    var tables: [Table] {
      guard formats.contains(.csv) else { return [] }
      var tables: [Table] = [.documents, .sentences, .entities, .relations]
      if tokens { tables.append(.tokens) }
      if blocks { tables.append(.blocks) }
      if !layers.isEmpty { tables.append(.annotations) }
      return tables
    }

    /// Whether a JSON object is encoded per document (for `json` or `jsonl`).
    var encodesJSON: Bool { formats.contains(.json) || formats.contains(.jsonl) }
  }

  /// A CSV table of the dataset.
  enum Table: String, Sendable {
    case documents, sentences, entities, relations, tokens, blocks, annotations

    var fileName: String { rawValue + ".csv" }

    func header(fields: [String], documentText: Bool = false, tagged: Bool = false) -> [String] {
      switch self {
      case .documents:
        return [
          "doc_id", "source", "format", "chars", "bytes", "sentences", "entities", "relations",
          "warnings",
        ] + (documentText ? ["text"] : []) + fields
      case .sentences:
        return ["doc_id", "sentence_id", "start", "end", "text", "source_start", "source_end"]
      case .entities:
        return [
          "doc_id", "entity_id", "sentence_id", "start", "end", "text", "label", "canonical",
          "source", "confidence", "attributes",
        ]
      case .relations:
        return [
          "doc_id", "relation_id", "sentence_id", "relation", "head_id", "head_text", "head_label",
          "tail_id", "tail_text", "tail_label", "role", "evidence", "head_canonical",
          "tail_canonical", "predicate", "rule", "confidence", "attributes",
        ]
      case .tokens:
        return ["doc_id", "token_id", "start", "end", "text"]
          + (tagged ? ["pos", "upos", "lemma", "chunk"] : [])
      case .blocks:
        return [
          "doc_id", "block_id", "kind", "content", "score", "reason", "start", "end",
          "source_start", "source_end", "text",
        ]
      case .annotations:
        return ["doc_id", "layer", "start", "end", "text", "label", "attributes"]
      }
    }
  }
}

/// Writes a dataset: appends the chunks ``DatasetEncoder`` produced, in input order.
public final class DatasetWriter: DocumentSink {
  public let directory: URL?
  public let encoder: any DocumentEncoder
  private let jsonl: OutputFile?
  private let json: OutputFile?
  private var jsonHasItems: Bool
  private let tables: [OutputFile]
  private let conllu: OutputFile?
  private static let jsonOpening = Array("[\n".utf8)

  /// Opens the files, creating the folder (reopens them, when the run resumes).
  public init(directory: URL, options: Dataset.Options, files: OutputFiles) throws {
    self.directory = directory
    self.encoder = DatasetEncoder(options: options)
    // `files` creates the folder (after checking it), with the first file.
    func file(_ name: String) throws -> OutputFile {
      try files.open(directory.appendingPathComponent(name))
    }
    jsonl = options.formats.contains(.jsonl) ? try file("documents.jsonl") : nil
    let json = options.formats.contains(.json) ? try file("documents.json") : nil
    if let json, json.resumedSize == 0 { try json.write(Self.jsonOpening) }
    self.json = json
    jsonHasItems = (json?.resumedSize ?? 0) > Self.jsonOpening.count
    var tables: [OutputFile] = []
    for table in options.tables {
      let output = try file(table.fileName)
      if output.resumedSize == 0 {
        var header: [UInt8] = []
        CSVRow.append(
          table.header(
            fields: options.fields, documentText: options.documentText, tagged: options.tagged),
          to: &header)
        try output.write(header)
      }
      tables.append(output)
    }
    self.tables = tables
    conllu = options.formats.contains(.conllu) ? try file("documents.conllu") : nil
  }

  public func write(_ encoded: EncodedDocument) throws {
    var chunks = encoded.chunks[...]
    if jsonl != nil || json != nil, let object = chunks.popFirst() {
      if let jsonl {
        try jsonl.write(object)
        try jsonl.write("\n")
      }
      if let json {
        if jsonHasItems { try json.write(",\n") }
        try json.write(object)
        jsonHasItems = true
      }
    }
    for table in tables {
      guard let chunk = chunks.popFirst() else { break }
      try table.write(chunk)
    }
    if let conllu, let chunk = chunks.popFirst() { try conllu.write(chunk) }
  }

  public func finish() throws {
    try json?.write("\n]\n")
    for file in [jsonl, json].compactMap({ $0 }) + tables + [conllu].compactMap({ $0 }) {
      try file.seal()
    }
  }
}
