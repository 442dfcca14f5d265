/// Serialises documents into the dataset's JSON object and CSV rows (runs on the workers).
struct DatasetEncoder: DocumentEncoder {
  let options: Dataset.Options

  func encode(_ document: Document) throws -> EncodedDocument {
    var chunks: [[UInt8]] = []
    if options.encodesJSON { chunks.append(json(document)) }
    for table in options.tables { chunks.append(rows(table, document)) }
    if options.formats.contains(.conllu) { chunks.append(CoNLLUEncoder.encode(document)) }
    return EncodedDocument(chunks: chunks)
  }

  // MARK: JSON

  private func json(_ document: Document) -> [UInt8] {
    var writer = JSONWriter()
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
      let tags = options.tagged && document.tags.count == document.tokens.count
      for (index, token) in document.tokens.enumerated() {
        writer.beginArray()
        writer.int(token.start)
        writer.int(token.end)
        if tags {
          let tag = document.tags[index]
          for value in [tag.pos, tag.upos, tag.lemma, tag.chunk] { writer.string(value) }
        }
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
    return writer.bytes
  }

  // MARK: CSV

  private func rows(_ table: Dataset.Table, _ document: Document) -> [UInt8] {
    var out: [UInt8] = []
    let id = document.id
    switch table {
    case .documents:
      CSVRow.append(
        [
          id, document.location, document.format.rawValue,
          String(Self.scalarCount(document.text)), String(document.text.utf8.count),
          String(document.sentences.count), String(document.entities.count),
          String(document.relations.count), document.warnings.joined(separator: "; "),
        ] + (options.documentText ? [document.text] : [])
          + options.fields.map { document.fields[$0]?.cellText ?? "" }, to: &out)
    case .sentences:
      for (index, sentence) in document.sentences.enumerated() {
        CSVRow.append(
          [
            id, String(index), String(sentence.start), String(sentence.end),
            document.slice(sentence), optional(sentence.sourceStart),
            optional(sentence.sourceEnd),
          ], to: &out)
      }
    case .entities:
      for (index, entity) in document.entities.enumerated() {
        CSVRow.append(
          [
            id, "e\(index)", optional(document.sentenceIndex(containing: entity.start)),
            String(entity.start), String(entity.end), document.slice(entity), entity.label,
            entity.canonical ?? document.slice(entity), entity.origin, number(entity.confidence),
            attributes(entity.attributes),
          ], to: &out)
      }
    case .relations:
      for (index, relation) in document.relations.enumerated() {
        CSVRow.append(
          [
            id, "r\(index)", String(relation.sentence), relation.relation, "e\(relation.head)",
            entityText(document, relation.head), entityLabel(document, relation.head),
            "e\(relation.tail)", entityText(document, relation.tail),
            entityLabel(document, relation.tail), relation.role ?? "",
            evidence(document, relation), entityCanonical(document, relation.head),
            entityCanonical(document, relation.tail), relation.predicate ?? "", relation.rule,
            number(relation.confidence), attributes(relation.attributes),
          ], to: &out)
      }
    case .tokens:
      let tags = document.tags.count == document.tokens.count ? document.tags : []
      for (index, token) in document.tokens.enumerated() {
        var row = [
          id, String(index), String(token.start), String(token.end), document.slice(token),
        ]
        if options.tagged {
          let tag = tags.isEmpty ? nil : tags[index]
          row += [tag?.pos ?? "", tag?.upos ?? "", tag?.lemma ?? "", tag?.chunk ?? ""]
        }
        CSVRow.append(row, to: &out)
      }
    case .blocks:
      for (index, block) in document.blocks.enumerated() {
        let text =
          block.isContent
          ? document.slice(block)
          : Document.slice(document.source, block.sourceStart ?? 0, block.sourceEnd ?? 0)
        CSVRow.append(
          [
            id, String(index), block.kind, block.isContent ? "true" : "false",
            block.score.map(number) ?? "", block.reason ?? "", String(block.start),
            String(block.end), optional(block.sourceStart), optional(block.sourceEnd), text,
          ], to: &out)
      }
    case .annotations:
      for layer in document.annotations.keys.sorted() {
        for annotation in document.annotations[layer] ?? [] {
          CSVRow.append(
            [
              id, layer, String(annotation.start), String(annotation.end),
              document.slice(annotation), annotation.label, attributes(annotation.attributes),
            ], to: &out)
        }
      }
    }
    return out
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
