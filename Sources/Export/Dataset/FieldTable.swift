import Pipeline

/// One value of a record's field, as each format renders it.
enum FieldValue {
  /// A string: JSON string, CSV cell.
  case text(String)
  /// A string that may be missing: left out of JSON, an empty CSV cell.
  case optionalText(String?)
  case integer(Int)
  /// An integer that may be missing: left out of JSON, an empty CSV cell.
  case optionalInteger(Int?)
  /// A score, rounded to 4 decimals in both formats.
  case score(Double)
  /// A score that may be missing: left out of JSON, an empty CSV cell.
  case optionalScore(Double?)
  /// JSON `true`/`false`, CSV `true`/`false`.
  case flag(Bool)
  /// Extra attributes: a JSON object (left out when empty); in CSV the object's JSON text
  /// (an empty cell when empty).
  case attributes([String: String])
  /// Lines (a document's warnings): a JSON array of strings (left out when empty); in CSV
  /// the lines joined by "; ".
  case lines([String])
  /// Arbitrary values (a document's extra fields): a JSON object (left out when empty); in
  /// CSV the object's JSON text (an empty cell when empty).
  case object([String: JSONValue])

  /// The CSV cell.
  var cell: String {
    switch self {
    case .text(let value): return value
    case .optionalText(let value): return value ?? ""
    case .integer(let value): return String(value)
    case .optionalInteger(let value): return value.map(String.init) ?? ""
    case .score(let value): return Self.rounded(value)
    case .optionalScore(let value): return value.map(Self.rounded) ?? ""
    case .flag(let value): return value ? "true" : "false"
    case .attributes(let values):
      guard !values.isEmpty else { return "" }
      var json = JSONWriter()
      json.object(values)
      return json.string
    case .lines(let values): return values.joined(separator: "; ")
    case .object(let values):
      guard !values.isEmpty else { return "" }
      var json = JSONWriter()
      json.value(.object(values))
      return json.string
    }
  }

  /// Writes `"name": value` into a JSON object (nothing for a missing value).
  func write(_ name: String, to json: inout JSONWriter) {
    switch self {
    case .text(let value): json.field(name, value)
    case .optionalText(let value): json.field(name, value)
    case .integer(let value): json.field(name, value)
    case .optionalInteger(let value): json.field(name, value)
    case .score(let value): json.field(name, value)
    case .optionalScore(let value): if let value { json.field(name, value) }
    case .flag(let value):
      json.key(name)
      json.bool(value)
    case .attributes(let values):
      guard !values.isEmpty else { return }
      json.key(name)
      json.object(values)
    case .lines(let values):
      guard !values.isEmpty else { return }
      json.key(name)
      json.value(.array(values.map(JSONValue.string)))
    case .object(let values):
      guard !values.isEmpty else { return }
      json.key(name)
      json.value(.object(values))
    }
  }

  /// Writes the bare value into a JSON array (nothing for a missing value).
  func write(to json: inout JSONWriter) {
    switch self {
    case .text(let value): json.string(value)
    case .optionalText(let value): if let value { json.string(value) }
    case .integer(let value): json.int(value)
    case .optionalInteger(let value): if let value { json.int(value) }
    case .score(let value): json.double(value)
    case .optionalScore(let value): if let value { json.double(value) }
    case .flag(let value): json.bool(value)
    case .attributes(let values): json.object(values)
    case .lines(let values): json.value(.array(values.map(JSONValue.string)))
    case .object(let values): json.value(.object(values))
    }
  }

  private static func rounded(_ value: Double) -> String {
    String((value * 10000).rounded() / 10000)
  }
}

/// Where a field is written.
struct FieldFormats: OptionSet, Sendable {
  let rawValue: Int
  static let json = FieldFormats(rawValue: 1)
  static let csv = FieldFormats(rawValue: 2)
  static let both: FieldFormats = [.json, .csv]
}

/// One field of a record type: its name (the JSON key and the CSV column alike), the formats
/// that write it, and how to read it off a record.
struct Field<Record>: Sendable {
  let name: String
  let formats: FieldFormats
  let value: @Sendable (Record) -> FieldValue

  init(
    _ name: String, _ formats: FieldFormats = .both,
    _ value: @escaping @Sendable (Record) -> FieldValue
  ) {
    self.name = name
    self.formats = formats
    self.value = value
  }
}

/// A record type's fields, in order: the one list that makes the record's JSON object (or
/// array) and its CSV row, so both formats use the same names in the same order. Every CSV
/// row starts with the document's `doc_id` (the join column), which is not a field.
struct FieldTable<Record>: Sendable {
  let fields: [Field<Record>]

  /// The CSV header, `doc_id` first.
  var header: [String] { ["doc_id"] + fields.filter { $0.formats.contains(.csv) }.map(\.name) }

  /// The record's CSV row, its document's id first.
  func row(_ record: Record, docID: String) -> [String] {
    var cells = [docID]
    for field in fields where field.formats.contains(.csv) {
      cells.append(field.value(record).cell)
    }
    return cells
  }

  /// The record as a JSON object.
  func object(_ record: Record, to json: inout JSONWriter) {
    json.beginObject()
    members(record, to: &json)
    json.endObject()
  }

  /// The record's `"name": value` members, into an object the caller opened (a document,
  /// whose nested records follow).
  func members(_ record: Record, to json: inout JSONWriter) {
    for field in fields where field.formats.contains(.json) {
      field.value(record).write(field.name, to: &json)
    }
  }

  /// The record as a JSON array of its values, missing ones left out (compact records:
  /// tokens).
  func array(_ record: Record, to json: inout JSONWriter) {
    json.beginArray()
    for field in fields where field.formats.contains(.json) { field.value(record).write(to: &json) }
    json.endArray()
  }
}
