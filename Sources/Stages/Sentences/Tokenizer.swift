import Pipeline

/// A rule-based English tokenizer over UTF-8 bytes, close to the Penn Treebank / CoNLL-2003
/// conventions that the entity tagger was trained on:
///
/// - whitespace separates tokens and is never part of one;
/// - punctuation is split off words: `"Hello," she said.` → `"` `Hello` `,` `she` `said` `.`;
///   runs of `.` (ellipsis), `!`/`?` (`?!`), `-` (`--`) and `*`, `=`, `_` stay one token;
/// - abbreviations keep their period: `U.S.`, `Mr.`, `e.g.`, `a.m.`, initials `E.`, and any
///   word in the abbreviation lists (`Corp.`, `Calif.`) — even at the end of a sentence, where
///   the treebank would add a second period token;
/// - clitics are split: `it's` → `it` `'s`, `don't` → `do` `n't`, `can't` → `ca` `n't`,
///   `Jr.'s` → `Jr.` `'s`; other inner apostrophes stay (`O'Neill`, `rock'n'roll`);
/// - hyphenated and slashed words stay whole (`well-known`, `and/or`, `08/16/2000`);
/// - numbers keep inner `.` `,` `:` between digits (`1.6`, `1,000`, `10:30`); currency and
///   percent signs are split (`$1.6` → `$` `1.6`; `10%` → `10` `%`);
/// - URLs, e-mail addresses and @handles are one token (trailing punctuation left out);
/// - words ending in a common domain (`Yahoo.com`) are one token.
///
/// Time and memory are linear in the input. Offsets are UTF-8 byte offsets.
public struct Tokenizer: Sendable {
  /// The word lists.
  public let lexicon: SentenceLexicon

  public init(lexicon: SentenceLexicon) {
    self.lexicon = lexicon
  }

  /// A tokenizer with the built-in lists.
  public static func standard() throws -> Tokenizer {
    Tokenizer(lexicon: try .standard())
  }

  /// Tokens of `text[range]` with what the sentence splitter needs to know about each.
  public func scan(_ text: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [ScannedToken] {
    var scanner = TokenScanner(text: text, abbreviations: lexicon.abbreviations)
    scanner.tokens.reserveCapacity(range.count / 5 + 4)
    scanner.scan(max(0, range.lowerBound), min(text.count, range.upperBound))
    return scanner.tokens
  }

  /// Tokens of UTF-8 bytes.
  public func tokenize(_ text: UnsafeBufferPointer<UInt8>) -> [Token] {
    scan(text, range: 0..<text.count).map(\.token)
  }

  /// Tokens of a string (UTF-8 byte offsets).
  public func tokenize(_ text: String) -> [Token] {
    var copy = text
    return copy.withUTF8 { tokenize($0) }
  }
}
