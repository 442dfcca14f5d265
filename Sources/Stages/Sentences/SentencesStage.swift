import Foundation
import Pipeline

/// Splits the text into sentences and tokens (rule-based, English; see ``SentenceSplitter``
/// and ``Tokenizer`` for the rules and token conventions).
///
/// When the document has blocks (from a cleanup or boilerplate stage), each content block is
/// split on its own, so no sentence or token crosses a block boundary, and each sentence's
/// `sourceStart`/`sourceEnd` is **the source range of the block that contains it** (when the
/// block has one). Text outside every block is split as well, without a source range. Without
/// blocks, when the text is still byte for byte the source (plain-text input), each sentence's
/// source range is its own range.
public struct SentencesStage: Stage {
  public struct Config: StageConfig {
    public var tokens: Bool
    public var abbreviations: [String]

    public init(reading reader: inout ConfigReader) throws {
      tokens = try reader.bool(
        "tokens", default: true,
        help: "keep the tokens in the document (needed by entity stages; export with tokens: true)")
      abbreviations = try reader.strings(
        "abbreviations", default: [],
        help: "extra abbreviations (like [Dept, Univ.]): a period after them ends a sentence only "
          + "before a typical sentence starter")
    }
  }

  public static let name = "sentences"
  public static let summary = "split the text into sentences and tokens (rule-based, English)"

  private let config: Config
  private let splitter: SentenceSplitter

  public init(config: Config, context: StageContext) throws {
    self.config = config
    let lexicon = try SentenceLexicon.standard(extraAbbreviations: config.abbreviations)
    self.splitter = SentenceSplitter(tokenizer: Tokenizer(lexicon: lexicon))
  }

  /// It replaces what it provides: one per pipeline.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(
      requires: [.cleanText], provides: config.tokens ? [.sentences, .tokens] : [.sentences],
      repeatable: false)
  }

  public func process(_ document: inout Document) throws {
    if document.isMarkup {
      throw DocumentError("the text still holds markup; add a cleanup stage before 'sentences'")
    }
    let segments = Self.segments(of: document)
    let sameAsSource = document.blocks.isEmpty && Self.sameBytes(document.text, document.source)
    var tokens: [Token] = []
    var sentences: [Sentence] = []
    var text = document.text
    text.withUTF8 { bytes in
      for segment in segments {
        let result = splitter.segment(bytes, range: segment.range)
        if config.tokens {
          // Appending grows the array geometrically; reserving the exact size per segment
          // copied every token again for each block (quadratic on pages of many blocks).
          tokens.append(contentsOf: result.tokens.lazy.map { Token(start: $0.start, end: $0.end) })
        }
        for var sentence in result.sentences {
          sentence.sourceStart = sameAsSource ? sentence.start : segment.sourceStart
          sentence.sourceEnd = sameAsSource ? sentence.end : segment.sourceEnd
          sentences.append(sentence)
        }
      }
    }
    document.sentences = sentences
    document.tokens = config.tokens ? tokens : []
  }

  /// Whether two strings hold the same UTF-8 bytes.
  static func sameBytes(_ first: String, _ second: String) -> Bool {
    guard first.utf8.count == second.utf8.count else { return false }
    var left = first
    var right = second
    return left.withUTF8 { one in
      right.withUTF8 { two in
        guard let a = one.baseAddress, let b = two.baseAddress else { return true }
        return a == b || memcmp(a, b, one.count) == 0
      }
    }
  }

  /// A stretch of text split on its own.
  struct Segment: Equatable {
    var range: Range<Int>
    var sourceStart: Int?
    var sourceEnd: Int?
  }

  /// The content blocks in text order (clipped so they do not overlap) and the text between
  /// them; the whole text when there are no blocks.
  static func segments(of document: Document) -> [Segment] {
    let length = document.text.utf8.count
    let blocks = document.blocks.filter { $0.isContent && $0.end > $0.start }
      .sorted { $0.start < $1.start }
    guard !blocks.isEmpty else { return [Segment(range: 0..<length)] }
    var segments: [Segment] = []
    var cursor = 0
    for block in blocks {
      let start = max(cursor, min(block.start, length))
      let end = min(block.end, length)
      guard end > start else { continue }
      if start > cursor { segments.append(Segment(range: cursor..<start)) }
      segments.append(
        Segment(range: start..<end, sourceStart: block.sourceStart, sourceEnd: block.sourceEnd))
      cursor = end
    }
    if cursor < length { segments.append(Segment(range: cursor..<length)) }
    return segments
  }
}
