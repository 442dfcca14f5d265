import Pipeline

/// Serialises documents into the dataset's parts (runs on the workers, opens no file): the
/// JSON object (part ``Dataset/jsonPart``, for `documents.jsonl` and `documents.json`), each
/// CSV table's rows (part named by the table's file) and the CoNLL-U sentences (part
/// `documents.conllu`), each with its row count.
public struct DatasetEncoder: DocumentEncoder {
  let options: Dataset.Options
  /// The document record's table for these options (its CSV columns depend on them).
  let documentTable: FieldTable<Document>

  public init(options: Dataset.Options) {
    self.options = options
    documentTable = RecordTables.documents(
      fields: options.fields, documentText: options.documentText)
  }

  public func encode(_ document: Document) throws -> EncodedDocument {
    var encoded = EncodedDocument()
    if options.encodesJSON { encoded.append(Dataset.jsonPart, json(document)) }
    for table in options.tables {
      encoded.append(table.fileName, rows(table, document), rows: rowCount(table, document))
    }
    if options.formats.contains(.conllu) {
      let (bytes, sentences) = CoNLLUEncoder.encode(document)
      encoded.append(Dataset.conlluFile, bytes, rows: sentences)
    }
    return encoded
  }

  /// The rows a table gets for a document.
  private func rowCount(_ table: Dataset.Table, _ document: Document) -> Int {
    switch table {
    case .documents: return 1
    case .sentences: return document.sentences.count
    case .entities: return document.entities.count
    case .relations: return document.relations.count
    case .tokens: return document.tokens.count
    case .blocks: return document.blocks.count
    case .annotations: return document.annotations.values.reduce(0) { $0 + $1.count }
    }
  }

  // MARK: JSON

  /// The document object: its own keys, then its records, each written from its
  /// ``RecordTables`` table.
  private func json(_ document: Document) -> [UInt8] {
    var writer = JSONWriter()
    writer.beginObject()
    documentTable.members(document, to: &writer)
    if options.blocks {
      writer.key("blocks")
      objects(RecordTables.blocks, items(document, document.blocks), to: &writer)
    }
    writer.key("sentences")
    objects(RecordTables.sentences, items(document, document.sentences), to: &writer)
    if options.tokens {
      writer.key("tokens")
      let table = RecordTables.tokens(tagged: options.tagged)
      writer.beginArray()
      for token in tokenItems(document) { table.array(token, to: &writer) }
      writer.endArray()
    }
    writer.key("entities")
    objects(RecordTables.entities, items(document, document.entities), to: &writer)
    writer.key("relations")
    objects(RecordTables.relations, items(document, document.relations), to: &writer)
    if !document.annotations.isEmpty {
      writer.key("annotations")
      writer.beginObject()
      for layer in document.annotations.keys.sorted() {
        writer.key(layer)
        objects(
          RecordTables.annotations,
          items(document, (document.annotations[layer] ?? []).map { (layer, $0) }), to: &writer)
      }
      writer.endObject()
    }
    writer.endObject()
    return writer.bytes
  }

  private func objects<Value>(
    _ table: FieldTable<Item<Value>>, _ items: [Item<Value>], to writer: inout JSONWriter
  ) {
    writer.beginArray()
    for item in items { table.object(item, to: &writer) }
    writer.endArray()
  }

  // MARK: CSV

  private func rows(_ table: Dataset.Table, _ document: Document) -> [UInt8] {
    var out: [UInt8] = []
    let id = document.id
    func append<Value>(_ fields: FieldTable<Item<Value>>, _ items: [Item<Value>]) {
      for item in items { CSVRow.append(fields.row(item, docID: id), to: &out) }
    }
    switch table {
    case .documents: CSVRow.append(documentTable.row(document, docID: id), to: &out)
    case .sentences: append(RecordTables.sentences, items(document, document.sentences))
    case .entities: append(RecordTables.entities, items(document, document.entities))
    case .relations: append(RecordTables.relations, items(document, document.relations))
    case .tokens: append(RecordTables.tokens(tagged: options.tagged), tokenItems(document))
    case .blocks: append(RecordTables.blocks, items(document, document.blocks))
    case .annotations:
      for layer in document.annotations.keys.sorted() {
        append(
          RecordTables.annotations,
          items(document, (document.annotations[layer] ?? []).map { (layer, $0) }))
      }
    }
    return out
  }

  // MARK: records

  private func items<Value>(_ document: Document, _ values: [Value]) -> [Item<Value>] {
    values.enumerated().map { Item(document: document, index: $0.offset, value: $0.element) }
  }

  /// Tokens with their tags (none when the tags do not match the tokens one to one).
  private func tokenItems(_ document: Document) -> [Item<(token: Token, tag: TokenTag?)>] {
    let tags = document.tags.count == document.tokens.count ? document.tags : []
    return document.tokens.enumerated().map { index, token in
      Item(document: document, index: index, value: (token, tags.isEmpty ? nil : tags[index]))
    }
  }

  /// Unicode scalars in a string, counted from its UTF-8 (bytes that start a scalar).
  static func scalarCount(_ text: String) -> Int {
    var text = text
    return text.withUTF8 { utf8 in
      var count = 0
      for byte in utf8 where byte & 0xC0 != 0x80 { count += 1 }
      return count
    }
  }
}
