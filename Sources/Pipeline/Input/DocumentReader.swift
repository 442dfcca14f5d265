import Foundation

/// Turns an ``InputItem`` into a ``Document``: reads, decompresses, decodes, parses JSON lines.
public struct DocumentReader: Sendable {
  public let spec: InputSpec

  public init(spec: InputSpec) { self.spec = spec }

  /// The id and location an item will have, for error records when reading fails.
  public func identity(of item: InputItem) -> (id: String, location: String) {
    switch item {
    case .file(_, let display, _): return (InputSource.stem(display), display)
    case .line(_, let file, let number):
      return ("\(InputSource.stem(file))-\(number)", "\(file):\(number)")
    case .unreadable(let id, let location, _): return (id, location)
    }
  }

  /// Reads one document; throws a ``DocumentError`` that names what is wrong.
  public func read(_ item: InputItem) throws(DocumentError) -> Document {
    switch item {
    case .unreadable(_, _, let message):
      throw DocumentError(message)
    case .file(let url, let display, let format):
      var bytes = try readFile(url)
      if Gzip.isGzip(bytes) { bytes = try Gzip.decompress(bytes, limit: spec.maxBytes) }
      let sourceFormat: SourceFormat
      switch format {
      case .html: sourceFormat = .html
      case .xml: sourceFormat = .xml
      default: sourceFormat = .text
      }
      return try makeDocument(
        id: InputSource.stem(display), location: display, format: sourceFormat, bytes: bytes)
    case .line(let bytes, let file, let number):
      return try parseLine(bytes, file: file, number: number)
    }
  }

  private func readFile(_ url: URL) throws(DocumentError) -> [UInt8] {
    let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    if let size = attributes?[.size] as? Int, size > spec.maxBytes {
      throw DocumentError("file is \(size) bytes, more than input.max_mb allows (\(spec.maxBytes))")
    }
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw DocumentError("cannot open \(url.path)")
    }
    defer { try? handle.close() }
    do {
      let data = try handle.readToEnd() ?? Data()
      return [UInt8](data)
    } catch {
      throw DocumentError("cannot read \(url.path): \(error.localizedDescription)")
    }
  }

  private func makeDocument(id: String, location: String, format: SourceFormat, bytes: [UInt8])
    throws(DocumentError) -> Document
  {
    let decoded = try SourceDecoder.decode(
      bytes, encoding: spec.encoding, format: format, maxInvalidRatio: spec.maxInvalidRatio)
    var document = Document(id: id, location: location, format: format, source: decoded.text)
    if decoded.replacedBytes > 0 {
      document.warnings.append(
        "replaced \(decoded.replacedBytes) undecodable bytes with U+FFFD")
    }
    if decoded.encoding != .utf8 {
      document.fields["encoding"] = .string(decoded.encoding.rawValue)
    }
    return document
  }

  private func parseLine(_ bytes: [UInt8], file: String, number: Int) throws(DocumentError)
    -> Document
  {
    let location = "\(file):\(number)"
    let object: [String: JSONValue]
    do {
      guard case .object(let parsed) = try JSONParser.parse(bytes) else {
        throw DocumentError(
          "line \(number): expected a JSON object with \"id\" and \"text\" or \"html\"")
      }
      object = parsed
    } catch let error as JSONParser.SyntaxError {
      throw DocumentError("line \(number): not valid JSON (\(error))", offset: error.offset)
    } catch let error as DocumentError {
      throw error
    } catch {
      throw DocumentError("line \(number): not valid JSON (\(error))")
    }
    let id: String
    switch object["id"] {
    case .string(let text) where !text.isEmpty: id = text
    case .number(let value):
      id = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    default: id = "\(InputSource.stem(file))-\(number)"
    }
    let pairs: [(String, SourceFormat)] = [("text", .text), ("html", .html), ("xml", .xml)]
    for (key, format) in pairs {
      guard let value = object[key] else { continue }
      guard case .string(let text) = value else {
        throw DocumentError("line \(number): \"\(key)\" must be a string")
      }
      var document = Document(id: id, location: location, format: format, source: text)
      document.fields = Self.extraFields(object)
      return document
    }
    throw DocumentError(
      "line \(number): expected a \"text\", \"html\" or \"xml\" string next to \"id\"")
  }

  /// Keys of a JSON line that are not document fields: the id, the text, and the export
  /// schema's own keys (so `documents.jsonl` can be read back in).
  static let schemaKeys: Set<String> = [
    "id", "text", "html", "xml", "source", "format", "warnings", "blocks", "sentences",
    "tokens", "entities", "relations", "annotations", "fields",
  ]

  /// A JSON line's other keys (`url`, `title`, `date`, ...) as document fields, with the
  /// members of a `"fields"` object (as `documents.jsonl` writes them).
  static func extraFields(_ object: [String: JSONValue]) -> [String: JSONValue] {
    var fields: [String: JSONValue] = [:]
    if case .object(let nested)? = object["fields"] { fields = nested }
    for (key, value) in object where !schemaKeys.contains(key) { fields[key] = value }
    return fields
  }
}
