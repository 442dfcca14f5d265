import Pipeline

/// A plugin's reply for one document, checked against the document:
///
/// ```json
/// {"id": "a", "fields": {"sentiment": 0.5},
///  "annotations": [{"layer": "mood", "start": 0, "end": 5, "label": "pos", "attributes": {}}],
///  "entities": [{"start": 0, "end": 5, "label": "PRODUCT", "canonical": "...", "confidence": 0.9}]}
/// ```
///
/// or `{"id": "a", "error": "why"}` to fail the document. Every key but `id` is optional.
struct PluginReply {
  static let keys = ["id", "fields", "annotations", "entities", "error"]

  var error: String?
  var fields: [String: JSONValue] = [:]
  var annotations: [(layer: String, annotation: Annotation)] = []
  var entities: [Entity] = []

  /// Reads the reply's envelope: a JSON object whose `id` is the document's. A reply that
  /// fails this check means the plugin is out of step, so its process is restarted.
  static func envelope(_ line: [UInt8], expecting id: String) throws(PluginFailure)
    -> [String: JSONValue]
  {
    let value: JSONValue
    do {
      value = try JSONParser.parse(line)
    } catch {
      throw .malformed("reply is not JSON (\(error)): \(preview(line))")
    }
    guard case .object(let object) = value else {
      throw .malformed("reply is not a JSON object: \(preview(line))")
    }
    guard case .string(let replyID) = object["id"] else {
      throw .malformed("reply has no string \"id\": \(preview(line))")
    }
    guard replyID == id else {
      throw .malformed("reply is for document '\(replyID)', not '\(id)'")
    }
    return object
  }

  /// Checks the reply's content: known keys, declared fields and layers, offsets inside the
  /// text and on UTF-8 character boundaries.
  init(
    _ object: [String: JSONValue], document: Document, origin: String, fields declared: [String],
    layers: [String], scalars: ScalarOffsets? = nil
  ) throws(DocumentError) {
    if let unknown = object.keys.sorted().first(where: { !Self.keys.contains($0) }) {
      throw DocumentError(
        "reply has unknown key '\(unknown)' (valid: \(Self.keys.joined(separator: ", ")))")
    }
    if let message = object["error"], message != .null {
      error = message.cellText
      return
    }
    let text = Array(document.text.utf8)
    if let value = object["fields"], value != .null {
      guard case .object(let members) = value else {
        throw DocumentError("reply \"fields\" is not an object")
      }
      for name in members.keys.sorted() where !declared.contains(name) {
        throw DocumentError(
          "reply sets field '\(name)', which the stage does not declare: add it to `fields`")
      }
      fields = members
    }
    for (index, item) in try Self.list(object["annotations"], "annotations").enumerated() {
      let place = "annotations[\(index)]"
      let layer = try Self.string(item, "layer", place) ?? layers.first
      guard let layer else {
        throw DocumentError(
          "\(place) has no \"layer\" and the stage declares no `layers`: declare its layer")
      }
      guard layers.contains(layer) else {
        throw DocumentError(
          "\(place) is in layer '\(layer)', which the stage does not declare: add it to `layers`")
      }
      let (start, end) = try Self.span(item, place, text, scalars)
      guard let label = try Self.string(item, "label", place) else {
        throw DocumentError("\(place) has no string \"label\"")
      }
      let annotation = Annotation(
        start: start, end: end, label: label,
        attributes: try Self.attributes(item, place))
      annotations.append((layer, annotation))
    }
    for (index, item) in try Self.list(object["entities"], "entities").enumerated() {
      let place = "entities[\(index)]"
      let (start, end) = try Self.span(item, place, text, scalars)
      guard let label = try Self.string(item, "label", place), !label.isEmpty else {
        throw DocumentError("\(place) has no \"label\"")
      }
      var confidence = 1.0
      if case .number(let value) = item["confidence"] {
        guard (0...1).contains(value) else {
          throw DocumentError("\(place) \"confidence\" \(value) is not between 0 and 1")
        }
        confidence = value
      }
      entities.append(
        Entity(
          start: start, end: end, label: label,
          canonical: try Self.string(item, "canonical", place), origin: origin,
          confidence: confidence, attributes: try Self.attributes(item, place)))
    }
  }

  /// Merges the reply into the document: fields set, annotations appended to their layers,
  /// entities merged in text order (relations keep pointing at the same entities).
  func apply(to document: inout Document) {
    for (name, value) in fields { document.fields[name] = value }
    for (layer, annotation) in annotations {
      document.annotations[layer, default: []].append(annotation)
    }
    guard !entities.isEmpty else { return }
    let combined = (document.entities + entities).enumerated().sorted { lhs, rhs in
      (lhs.element.start, lhs.element.end, lhs.offset) < (
        rhs.element.start, rhs.element.end, rhs.offset
      )
    }
    var newIndex = [Int](repeating: 0, count: combined.count)
    for (position, item) in combined.enumerated() { newIndex[item.offset] = position }
    document.entities = combined.map(\.element)
    for index in document.relations.indices {
      // Indices from an earlier stage; one out of range (a custom stage's bug) is left as is.
      let head = document.relations[index].head
      let tail = document.relations[index].tail
      if newIndex.indices.contains(head) { document.relations[index].head = newIndex[head] }
      if newIndex.indices.contains(tail) { document.relations[index].tail = newIndex[tail] }
    }
  }

  // MARK: schema helpers

  private static func list(_ value: JSONValue?, _ key: String) throws(DocumentError)
    -> [[String: JSONValue]]
  {
    guard let value, value != .null else { return [] }
    guard case .array(let items) = value else {
      throw DocumentError("reply \"\(key)\" is not a list")
    }
    var objects: [[String: JSONValue]] = []
    for (index, item) in items.enumerated() {
      guard case .object(let object) = item else {
        throw DocumentError("\(key)[\(index)] is not an object")
      }
      objects.append(object)
    }
    return objects
  }

  private static func string(_ object: [String: JSONValue], _ key: String, _ place: String)
    throws(DocumentError) -> String?
  {
    switch object[key] {
    case .none, .some(.null): return nil
    case .some(.string(let text)): return text
    case .some: throw DocumentError("\(place) \"\(key)\" is not a string")
    }
  }

  private static func offset(_ object: [String: JSONValue], _ key: String, _ place: String)
    throws(DocumentError) -> Int
  {
    guard case .number(let value) = object[key], value == value.rounded(),
      abs(value) < 1e15
    else {
      throw DocumentError("\(place) \"\(key)\" is not an integer offset")
    }
    return Int(value)
  }

  /// Start and end, checked: `0 <= start <= end <= text length`, both on character starts.
  /// With `scalars` (`offsets: chars`), the reply counts Unicode scalars; they are converted
  /// to UTF-8 byte offsets.
  private static func span(
    _ object: [String: JSONValue], _ place: String, _ text: [UInt8], _ scalars: ScalarOffsets?
  ) throws(DocumentError) -> (Int, Int) {
    var start = try offset(object, "start", place)
    var end = try offset(object, "end", place)
    if let scalars {
      guard let startByte = scalars.byte(ofScalar: start),
        let endByte = scalars.byte(ofScalar: end),
        start <= end
      else {
        throw DocumentError(
          "\(place) span \(start)..<\(end) is outside the text (0..<\(scalars.count) characters, "
            + "offsets: chars)")
      }
      (start, end) = (startByte, endByte)
    }
    guard start >= 0, start <= end, end <= text.count else {
      throw DocumentError(
        "\(place) span \(start)..<\(end) is outside the text (0..<\(text.count) bytes)",
        offset: start >= 0 && start <= text.count ? start : nil)
    }
    for boundary in [start, end] where boundary < text.count && text[boundary] & 0xC0 == 0x80 {
      throw DocumentError(
        "\(place) offset \(boundary) splits a UTF-8 character (offsets are UTF-8 bytes; "
          + "a plugin that counts characters, as Python does, declares `offsets: chars`)",
        offset: boundary)
    }
    return (start, end)
  }

  private static func attributes(_ object: [String: JSONValue], _ place: String)
    throws(DocumentError) -> [String: String]
  {
    switch object["attributes"] {
    case .none, .some(.null): return [:]
    case .some(.object(let members)): return members.mapValues(\.cellText)
    case .some: throw DocumentError("\(place) \"attributes\" is not an object")
    }
  }

  /// The start of a reply line, for messages.
  static func preview(_ line: [UInt8]) -> String {
    let text = String(decoding: line.prefix(80), as: UTF8.self)
    return "'" + text + (line.count > 80 ? "...'" : "'")
  }
}
