import Pipeline

/// One record of a document (a sentence, an entity...): the document, the record's index in
/// its list, and the record.
struct Item<Value> {
  let document: Document
  let index: Int
  let value: Value
}

/// The field table of each record type of the dataset (see ``FieldTable``): the JSON objects
/// nested in a document and the CSV rows of its tables are both written from these, so a
/// field has one name (`sentence_id`, `head_id`...) everywhere.
enum RecordTables {
  /// The document's own fields. JSON: `id`, `source`, `format`, `text`, `fields`, `warnings`
  /// (its records follow, nested). CSV (`documents.csv`, `doc_id` first): `source`,
  /// `format`, the size in `chars` (Unicode scalars) and `bytes`, the counts of the records
  /// JSON nests (`sentences`, `entities`, `relations`), `warnings`, then `text` when asked
  /// for and one column per exported document field.
  static func documents(fields: [String], documentText: Bool) -> FieldTable<Document> {
    var table: [Field<Document>] = [
      Field("id", .json) { .text($0.id) },
      Field("source") { .text($0.location) },
      Field("format") { .text($0.format.rawValue) },
      Field("text", .json) { .text($0.text) },
      Field("fields", .json) { .object($0.fields) },
      Field("chars", .csv) { .integer(DatasetEncoder.scalarCount($0.text)) },
      Field("bytes", .csv) { .integer($0.text.utf8.count) },
      Field("sentences", .csv) { .integer($0.sentences.count) },
      Field("entities", .csv) { .integer($0.entities.count) },
      Field("relations", .csv) { .integer($0.relations.count) },
      Field("warnings") { .lines($0.warnings) },
    ]
    if documentText { table.append(Field("text", .csv) { .text($0.text) }) }
    for name in fields {
      table.append(Field(name, .csv) { .text($0.fields[name]?.cellText ?? "") })
    }
    return FieldTable(fields: table)
  }

  static let sentences = FieldTable<Item<Sentence>>(fields: [
    Field("sentence_id") { .integer($0.index) },
    Field("start") { .integer($0.value.start) },
    Field("end") { .integer($0.value.end) },
    Field("text", .csv) { .text($0.document.slice($0.value)) },
    Field("source_start") { .optionalInteger($0.value.sourceStart) },
    Field("source_end") { .optionalInteger($0.value.sourceEnd) },
  ])

  static let entities = FieldTable<Item<Entity>>(fields: [
    Field("entity_id") { .text("e\($0.index)") },
    Field("sentence_id") {
      .optionalInteger($0.document.sentenceIndex(containing: $0.value.start))
    },
    Field("start") { .integer($0.value.start) },
    Field("end") { .integer($0.value.end) },
    Field("text") { .text($0.document.slice($0.value)) },
    Field("label") { .text($0.value.label) },
    Field("canonical") { .text($0.value.canonical ?? $0.document.slice($0.value)) },
    Field("source") { .text($0.value.origin) },
    Field("confidence") { .score($0.value.confidence) },
    Field("attributes") { .attributes($0.value.attributes) },
  ])

  static let relations = FieldTable<Item<Relation>>(fields: [
    Field("relation_id") { .text("r\($0.index)") },
    Field("sentence_id") { .integer($0.value.sentence) },
    Field("relation") { .text($0.value.relation) },
    Field("head_id") { .text("e\($0.value.head)") },
    Field("head_text") { .text(entityText($0.document, $0.value.head)) },
    Field("head_label", .csv) { .text(entityLabel($0.document, $0.value.head)) },
    Field("tail_id") { .text("e\($0.value.tail)") },
    Field("tail_text") { .text(entityText($0.document, $0.value.tail)) },
    Field("tail_label", .csv) { .text(entityLabel($0.document, $0.value.tail)) },
    Field("role") { .optionalText($0.value.role) },
    Field("evidence") { .text(evidence($0.document, $0.value)) },
    Field("head_canonical") { .text(entityCanonical($0.document, $0.value.head)) },
    Field("tail_canonical") { .text(entityCanonical($0.document, $0.value.tail)) },
    Field("predicate") { .optionalText($0.value.predicate) },
    Field("rule") { .text($0.value.rule) },
    Field("confidence") { .score($0.value.confidence) },
    Field("attributes") { .attributes($0.value.attributes) },
  ])

  /// Tokens, with their tags when a tagger ran (`tagged`); a token's JSON form is the array
  /// of its values (`[start, end]`, or `[start, end, pos, upos, lemma, chunk]`).
  static func tokens(tagged: Bool) -> FieldTable<Item<(token: Token, tag: TokenTag?)>> {
    var fields: [Field<Item<(token: Token, tag: TokenTag?)>>] = [
      Field("token_id", .csv) { .integer($0.index) },
      Field("start") { .integer($0.value.token.start) },
      Field("end") { .integer($0.value.token.end) },
      Field("text", .csv) { .text($0.document.slice($0.value.token)) },
    ]
    if tagged {
      fields += [
        Field("pos") { .optionalText($0.value.tag?.pos) },
        Field("upos") { .optionalText($0.value.tag?.upos) },
        Field("lemma") { .optionalText($0.value.tag?.lemma) },
        Field("chunk") { .optionalText($0.value.tag?.chunk) },
      ]
    }
    return FieldTable(fields: fields)
  }

  static let blocks = FieldTable<Item<Block>>(fields: [
    Field("block_id", .csv) { .integer($0.index) },
    Field("kind") { .text($0.value.kind) },
    Field("content") { .flag($0.value.isContent) },
    Field("score") { .optionalScore($0.value.score) },
    Field("reason") { .optionalText($0.value.reason) },
    Field("start") { .integer($0.value.start) },
    Field("end") { .integer($0.value.end) },
    Field("source_start") { .optionalInteger($0.value.sourceStart) },
    Field("source_end") { .optionalInteger($0.value.sourceEnd) },
    Field("text", .csv) { .text(blockText($0.document, $0.value)) },
  ])

  /// Annotations of the custom layers; JSON groups them by layer, CSV has a `layer` column.
  static let annotations = FieldTable<Item<(layer: String, annotation: Annotation)>>(fields: [
    Field("layer", .csv) { .text($0.value.layer) },
    Field("start") { .integer($0.value.annotation.start) },
    Field("end") { .integer($0.value.annotation.end) },
    Field("text") { .text($0.document.slice($0.value.annotation)) },
    Field("label") { .text($0.value.annotation.label) },
    Field("attributes") { .attributes($0.value.annotation.attributes) },
  ])

  // MARK: values read across records

  static func entityText(_ document: Document, _ index: Int) -> String {
    document.entities.indices.contains(index) ? document.slice(document.entities[index]) : ""
  }

  static func entityLabel(_ document: Document, _ index: Int) -> String {
    document.entities.indices.contains(index) ? document.entities[index].label : ""
  }

  static func entityCanonical(_ document: Document, _ index: Int) -> String {
    guard document.entities.indices.contains(index) else { return "" }
    let entity = document.entities[index]
    return entity.canonical ?? document.slice(entity)
  }

  /// The relation's evidence span, else its sentence.
  static func evidence(_ document: Document, _ relation: Relation) -> String {
    if let start = relation.evidenceStart, let end = relation.evidenceEnd {
      return document.slice(start, end)
    }
    guard document.sentences.indices.contains(relation.sentence) else { return "" }
    return document.slice(document.sentences[relation.sentence])
  }

  /// A content block's exported text; a dropped block's source text.
  static func blockText(_ document: Document, _ block: Block) -> String {
    block.isContent
      ? document.slice(block)
      : Document.slice(document.source, block.sourceStart ?? 0, block.sourceEnd ?? 0)
  }
}
