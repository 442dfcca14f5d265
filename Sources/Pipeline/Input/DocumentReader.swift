import Foundation

/// Turns an ``InputItem`` into a ``Document``: reads, decompresses, decodes, parses JSON lines.
public struct DocumentReader: Sendable {
  public let spec: InputSpec

  public init(spec: InputSpec) { self.spec = spec }

  /// The id and location an item will have, for error records when reading fails.
  public func identity(of item: InputItem) -> (id: String, location: String) {
    switch item {
    case .file(_, let id, let display, _): return (id, display)
    case .line(_, let file, let fileId, let number):
      return Self.lineIdentity(file: file, fileId: fileId, number: number)
    case .unreadable(let id, let location, _): return (id, location)
    }
  }

  /// The id and location of line `number` of a JSON-lines input, for error records when it
  /// cannot be read.
  public static func lineIdentity(file: String, fileId: String, number: Int) -> (
    id: String, location: String
  ) {
    ("\(fileId)-\(number)", "\(file):\(number)")
  }

  /// Reads one document; throws a ``DocumentError`` that names what is wrong.
  public func read(_ item: InputItem) throws(DocumentError) -> Document {
    switch item {
    case .unreadable(_, _, let message):
      throw DocumentError(message)
    case .file(let url, let id, let display, let format):
      var bytes = try readFile(url)
      if Gzip.isGzip(bytes) { bytes = try Gzip.decompress(bytes, limit: spec.maxBytes) }
      let sourceFormat: SourceFormat
      switch format {
      case .html: sourceFormat = .html
      case .xml: sourceFormat = .xml
      default: sourceFormat = .text
      }
      return try makeDocument(
        id: id, location: display, format: sourceFormat, bytes: bytes)
    case .line(let bytes, let file, let fileId, let number):
      return try bytes.withUnsafeBufferPointer { (buffer) throws(DocumentError) in
        try parseLine(buffer, file: file, fileId: fileId, number: number)
      }
    }
  }

  /// Reads the document of a JSON line (line `number` of `file`) from memory the caller keeps
  /// valid while it reads, without copying it: a worker process reads its input lines in the
  /// ring they arrived in. The same document as ``read(_:)`` of the `.line` item.
  public func readLine(
    _ bytes: UnsafeBufferPointer<UInt8>, file: String, fileId: String, number: Int
  ) throws(DocumentError) -> Document {
    try parseLine(bytes, file: file, fileId: fileId, number: number)
  }

  /// Reads a regular file of at most `input.max_mb` (size checked on the open file, after
  /// links are resolved: a link to `/dev/zero` or a FIFO is refused, never read or waited on).
  private func readFile(_ url: URL) throws(DocumentError) -> [UInt8] {
    // Non-blocking open: opening a FIFO without a writer would otherwise wait forever.
    let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw DocumentError("cannot open \(url.path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw DocumentError("cannot read \(url.path): \(String(cString: strerror(errno)))")
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw DocumentError(
        "not a regular file (\(InputListing.kind(info.st_mode))): only regular files are read")
    }
    let size = Int(info.st_size)
    if size > spec.maxBytes {
      throw DocumentError("file is \(size) bytes, more than input.max_mb allows (\(spec.maxBytes))")
    }
    // Never more than the cap, even if the file grows while it is read.
    var bytes = [UInt8](repeating: 0, count: min(size, spec.maxBytes) + 1)
    var filled = 0
    while filled < bytes.count {
      let count = bytes.withUnsafeMutableBytes { buffer in
        Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw DocumentError("cannot read \(url.path): \(String(cString: strerror(errno)))")
      }
      if count == 0 { break }
      filled += count
      if filled == bytes.count, filled <= spec.maxBytes {
        bytes += [UInt8](repeating: 0, count: min(1 << 20, spec.maxBytes + 1 - filled))
      }
    }
    if filled > spec.maxBytes {
      throw DocumentError("file is more than input.max_mb allows (\(spec.maxBytes) bytes)")
    }
    bytes.removeLast(bytes.count - filled)
    return bytes
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
    document.warnings += decoded.warnings
    if decoded.encoding != .utf8 {
      document.fields["encoding"] = .string(decoded.encoding.rawValue)
    }
    return document
  }

  private func parseLine(
    _ bytes: UnsafeBufferPointer<UInt8>, file: String, fileId: String, number: Int
  ) throws(DocumentError)
    -> Document
  {
    let location = "\(file):\(number)"
    let object: [String: JSONValue]
    let numberLiterals: [String: String]
    do {
      let parsed = try JSONParser.parseKeepingNumbers(bytes)
      guard case .object(let members) = parsed.value else {
        throw DocumentError(
          "line \(number): expected a JSON object with \"id\" and \"text\" or \"html\"")
      }
      object = members
      numberLiterals = parsed.numberLiterals
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
    case .number:
      // As written: a double would round 12345678901234567890 to another id.
      id = numberLiterals["id"] ?? "\(fileId)-\(number)"
    default: id = "\(fileId)-\(number)"
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
