import Pipeline

/// One tokenised training or evaluation sentence with its gold entities.
public struct NERExample: Sendable {
  /// The sentence text as UTF-8.
  public var bytes: [UInt8]
  /// Tokens (byte offsets into ``bytes``).
  public var tokens: [Token]
  /// Gold entities as token spans `[first, end)` with their type.
  public var entities: [NERSpan]

  package init(bytes: [UInt8], tokens: [Token], entities: [NERSpan]) {
    self.bytes = bytes
    self.tokens = tokens
    self.entities = entities
  }
}

/// A typed token span.
public struct NERSpan: Sendable, Hashable {
  public var first: Int
  public var end: Int
  public var type: String

  package init(first: Int, end: Int, type: String) {
    self.first = first
    self.end = end
    self.type = type
  }
}
