import Pipeline

/// What a token is, as far as sentence splitting cares.
public enum TokenKind: UInt8, Sendable {
  /// Starts with a letter: "word", "well-known", "O'Neill", "and/or".
  case word
  /// Starts with a digit: "1.6", "1,000", "5th", "08/16/2000", "10:30".
  case number
  /// A word with its final period: "Mr.", "U.S.", "E." (see ``ScannedToken/abbreviation``).
  case abbreviation
  /// ".".
  case period
  /// "..", "...", "....", "…".
  case ellipsis
  /// Runs of "!" and "?" ("?!", "!!!") and CJK full stops.
  case terminal
  /// Opening brackets and quotes.
  case opening
  /// Closing brackets and quotes.
  case closing
  /// List bullets ("•", "⁃"...).
  case bullet
  /// URLs, e-mail addresses and @handles.
  case url
  /// A split-off clitic: "'s", "n't", "'ll"...
  case clitic
  /// Any other punctuation or symbol (",", ";", "$", "%", "-", "--", "***"...).
  case symbol
}

/// The whitespace before a token.
public enum Gap: UInt8, Sendable, Comparable {
  /// Attached to the previous token.
  case none
  /// Spaces or tabs, no line break.
  case space
  /// One line break.
  case newline
  /// Two or more line breaks (a paragraph break), or the start of a text segment.
  case blankLine

  public static func < (lhs: Gap, rhs: Gap) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A token with what the sentence splitter needs to know about it.
public struct ScannedToken: Sendable, Hashable {
  /// First byte (UTF-8 offset), inclusive.
  public var start: Int
  /// Last byte, exclusive.
  public var end: Int
  public var kind: TokenKind
  /// For ``TokenKind/abbreviation`` tokens, how the abbreviation behaves.
  public var abbreviation: AbbreviationClass
  /// Whitespace between the previous token and this one.
  public var gap: Gap

  public init(
    start: Int, end: Int, kind: TokenKind, abbreviation: AbbreviationClass = .none, gap: Gap
  ) {
    self.start = start
    self.end = end
    self.kind = kind
    self.abbreviation = abbreviation
    self.gap = gap
  }

  /// The plain token.
  public var token: Token { Token(start: start, end: end) }
}
