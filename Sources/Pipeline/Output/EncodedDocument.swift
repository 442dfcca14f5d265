/// A document's serialised form: named parts, each the bytes (and the number of rows) one
/// output file of a sink receives for the document, such as `sentences.csv`'s rows.
///
/// Parts are found by name, never by position, so a sink reads exactly its own parts out of a
/// value that several sinks' encoders filled.
public struct EncodedDocument: Sendable, Equatable {
  /// One named piece of a document's output.
  public struct Part: Sendable, Equatable {
    /// Which file (or which piece of a sink's output) the bytes are for.
    public var name: String
    public var bytes: [UInt8]
    /// Records (lines, CSV rows, sentences) in `bytes`, for the manifest's row counts.
    public var rows: Int

    public init(name: String, bytes: [UInt8], rows: Int) {
      self.name = name
      self.bytes = bytes
      self.rows = rows
    }
  }

  /// The parts, in the order they were added.
  public private(set) var parts: [Part] = []

  public init(parts: [Part] = []) { self.parts = parts }

  /// Adds a part.
  public mutating func append(_ name: String, _ bytes: [UInt8], rows: Int = 1) {
    parts.append(Part(name: name, bytes: bytes, rows: rows))
  }

  /// The part with this name, if any.
  public subscript(name: String) -> Part? {
    parts.first { $0.name == name }
  }

  /// The part with this name; a missing one is an internal error.
  public func part(_ name: String) throws -> Part {
    guard let part = self[name] else {
      throw OutputError("internal error: the encoded document has no part '\(name)'")
    }
    return part
  }

  /// Adds another encoder's parts; two parts of one name are an internal error (two sinks
  /// writing one file).
  public mutating func merge(_ other: EncodedDocument) throws {
    for part in other.parts {
      guard self[part.name] == nil else {
        throw OutputError("internal error: two outputs encode the part '\(part.name)'")
      }
      parts.append(part)
    }
  }
}
