import Pipeline

/// Packs a finished document into the rows of the `sqlite` export's tables (on the workers,
/// no file opened), one part per table (named ``SQLiteEncoder/part(_:)``), without the
/// leading `doc` column (the writer numbers documents).
struct SQLiteEncoder: DocumentEncoder {
  let options: Dataset.Options

  /// The part holding a table's rows.
  static func part(_ table: String) -> String { "\(SQLiteSchema.fileName):\(table)" }

  func encode(_ document: Document) throws -> EncodedDocument {
    var encoded = EncodedDocument()
    encoded.append(Self.part("documents"), documentRow(document))
    encoded.append(Self.part("sentences"), sentences(document), rows: document.sentences.count)
    encoded.append(Self.part("entities"), entities(document), rows: document.entities.count)
    encoded.append(Self.part("relations"), relations(document), rows: document.relations.count)
    let tokenRows = tokens(document)
    encoded.append(
      Self.part("tokens"), tokenRows, rows: tokenRows.isEmpty ? 0 : document.tokens.count)
    encoded.append(
      Self.part("annotations"), annotations(document),
      rows: document.annotations.values.reduce(0) { $0 + $1.count })
    return encoded
  }

  private func documentRow(_ document: Document) -> [UInt8] {
    var row = PackedRows()
    row.text(document.id)
    row.text(document.location)
    row.text(document.format.rawValue)
    row.text(document.text)
    row.int(DatasetEncoder.scalarCount(document.text))
    row.int(document.text.utf8.count)
    row.int(document.sentences.count)
    row.int(document.entities.count)
    row.int(document.relations.count)
    row.text(document.warnings.isEmpty ? nil : document.warnings.joined(separator: "; "))
    if document.fields.isEmpty {
      row.null()
    } else {
      var json = JSONWriter()
      json.value(.object(document.fields))
      row.text(json.string)
    }
    for field in SQLiteSchema.fieldColumns(options.fields) {
      switch document.fields[field] {
      case nil, .null?: row.null()
      case .string(let value)?: row.text(value)
      case .number(let value)?: row.real(value)
      case .bool(let value)?: row.int(value ? 1 : 0)
      case let value?: row.text(value.cellText)
      }
    }
    return row.bytes
  }

  private func sentences(_ document: Document) -> [UInt8] {
    var rows = PackedRows()
    for (index, sentence) in document.sentences.enumerated() {
      rows.int(index)
      rows.int(sentence.start)
      rows.int(sentence.end)
      rows.text(document.slice(sentence))
      rows.int(sentence.sourceStart)
      rows.int(sentence.sourceEnd)
    }
    return rows.bytes
  }

  private func entities(_ document: Document) -> [UInt8] {
    var rows = PackedRows()
    for (index, entity) in document.entities.enumerated() {
      let text = document.slice(entity)
      rows.int(index)
      rows.int(document.sentenceIndex(containing: entity.start))
      rows.int(entity.start)
      rows.int(entity.end)
      rows.text(text)
      rows.text(entity.label)
      rows.text(entity.canonical ?? text)
      rows.text(entity.origin)
      rows.real(entity.confidence)
      rows.text(Self.attributes(entity.attributes))
    }
    return rows.bytes
  }

  private func relations(_ document: Document) -> [UInt8] {
    var rows = PackedRows()
    for (index, relation) in document.relations.enumerated() {
      rows.int(index)
      rows.int(relation.sentence)
      rows.text(relation.relation)
      rows.int(relation.head)
      rows.int(relation.tail)
      rows.text(relation.role)
      rows.text(relation.predicate)
      rows.text(relation.rule)
      rows.real(relation.confidence)
      if let start = relation.evidenceStart, let end = relation.evidenceEnd {
        rows.text(document.slice(start, end))
      } else if document.sentences.indices.contains(relation.sentence) {
        rows.text(document.slice(document.sentences[relation.sentence]))
      } else {
        rows.text("")
      }
      rows.text(Self.attributes(relation.attributes))
    }
    return rows.bytes
  }

  private func tokens(_ document: Document) -> [UInt8] {
    guard options.tokens else { return [] }
    var rows = PackedRows()
    for (index, token) in document.tokens.enumerated() {
      rows.int(index)
      rows.int(token.start)
      rows.int(token.end)
      rows.text(document.slice(token))
    }
    return rows.bytes
  }

  private func annotations(_ document: Document) -> [UInt8] {
    var rows = PackedRows()
    for layer in document.annotations.keys.sorted() {
      for (index, annotation) in (document.annotations[layer] ?? []).enumerated() {
        rows.text(layer)
        rows.int(index)
        rows.int(annotation.start)
        rows.int(annotation.end)
        rows.text(document.slice(annotation))
        rows.text(annotation.label)
        rows.text(Self.attributes(annotation.attributes))
      }
    }
    return rows.bytes
  }

  /// Attributes as a JSON object (nil when there are none).
  static func attributes(_ values: [String: String]) -> String? {
    guard !values.isEmpty else { return nil }
    var json = JSONWriter()
    json.object(values)
    return json.string
  }
}
