import Pipeline

/// A rule-based English sentence splitter over ``Tokenizer`` tokens.
///
/// A sentence ends at `.` `!` `?` or an ellipsis (with any closing quotes and brackets) before
/// a word that starts a sentence; after an abbreviation only before a typical sentence starter
/// (titles such as "Mr." never end one; "No. 5" and "p. 55" do not break before the number).
/// Lists ("1.", "2)", "a.", bullets) start a sentence per item. A blank line always ends a
/// sentence; a single line break does not, unless the next line is a list item, the line is a
/// short heading before a capitalised line, or the paragraph is a list of short lines without
/// final punctuation. Sentences never contain leading or trailing whitespace and never cut a
/// token. Time is linear in the input.
public struct SentenceSplitter: Sendable {
  public let tokenizer: Tokenizer

  public init(tokenizer: Tokenizer) {
    self.tokenizer = tokenizer
  }

  /// A splitter with the built-in lists.
  public static func standard() throws -> SentenceSplitter {
    SentenceSplitter(tokenizer: try .standard())
  }

  /// The sentences of scanned tokens, as ranges of token indices.
  public func split(_ text: UnsafeBufferPointer<UInt8>, tokens: [ScannedToken]) -> [Range<Int>] {
    let starts = tokens.withUnsafeBufferPointer { buffer in
      SplitRules(text: text, tokens: buffer, starters: tokenizer.lexicon.starters).sentenceStarts()
    }
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(starts.count)
    for (position, start) in starts.enumerated() {
      let end = position + 1 < starts.count ? starts[position + 1] : tokens.count
      ranges.append(start..<end)
    }
    return ranges
  }

  /// Tokens and sentences of `text[range]` (UTF-8 byte offsets into `text`).
  public func segment(_ text: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> (
    tokens: [ScannedToken], sentences: [Sentence]
  ) {
    let tokens = tokenizer.scan(text, range: range)
    let sentences = split(text, tokens: tokens).map {
      Sentence(start: tokens[$0.lowerBound].start, end: tokens[$0.upperBound - 1].end)
    }
    return (tokens, sentences)
  }

  /// The sentences of UTF-8 bytes.
  public func split(_ text: UnsafeBufferPointer<UInt8>) -> [Sentence] {
    segment(text, range: 0..<text.count).sentences
  }

  /// The sentences of a string (UTF-8 byte offsets).
  public func split(_ text: String) -> [Sentence] {
    var copy = text
    return copy.withUTF8 { split($0) }
  }
}
