import Pipeline

/// One tokenised training or evaluation sentence with its gold entities.
public struct NERExample: Sendable {
  /// The sentence text as UTF-8.
  public var bytes: [UInt8]
  /// Tokens (byte offsets into ``bytes``).
  public var tokens: [Token]
  /// Gold entities as token spans `[first, end)` with their type.
  public var entities: [NERSpan]
  /// Token spans `[first, end)` whose tags are unknown (training leaves them out of its
  /// updates; annotations that name only some of a sentence's names). Empty: every token
  /// outside ``entities`` is `O`.
  public var unlabelled: [Range<Int>]

  package init(
    bytes: [UInt8], tokens: [Token], entities: [NERSpan], unlabelled: [Range<Int>] = []
  ) {
    self.bytes = bytes
    self.tokens = tokens
    self.entities = entities
    self.unlabelled = unlabelled
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
