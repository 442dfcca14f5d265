import Foundation
import Pipeline

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
  /// The part holding a document's JSON object (for `documents.jsonl` and `documents.json`).
  static let jsonPart = "document.json"
  /// The CoNLL-U file (and its part).
  static let conlluFile = "documents.conllu"

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
        return RecordTables.documents(fields: fields, documentText: documentText).header
      case .sentences: return RecordTables.sentences.header
      case .entities: return RecordTables.entities.header
      case .relations: return RecordTables.relations.header
      case .tokens: return RecordTables.tokens(tagged: tagged).header
      case .blocks: return RecordTables.blocks.header
      case .annotations: return RecordTables.annotations.header
      }
    }
  }
}
