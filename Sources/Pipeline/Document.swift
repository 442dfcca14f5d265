import Dispatch

/// The format a document's source was read as.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
  /// Plain text: `text` is the source itself until a stage rewrites it.
  case text
  /// HTML markup: `text` holds the markup until a cleanup stage replaces it.
  case html
  /// XML markup: `text` holds the markup until a cleanup stage replaces it.
  case xml
}

/// One document flowing through the pipeline.
///
/// A document owns its text; every annotation is stand-off. **All offsets are UTF-8 byte
/// offsets into ``text``, end exclusive**, and `text.utf8[start..<end]` is exactly the
/// annotated text (see ``slice(_:_:)``). Source offsets (`sourceStart`/`sourceEnd` on blocks
/// and sentences) are UTF-8 byte offsets into ``source`` (the input decoded to UTF-8: for a
/// UTF-8 file without BOM these are the file's own byte offsets).
public struct Document: Sendable {
  /// Stable identifier: the file name without extension, or the `id` of a JSON line.
  public var id: String
  /// Where the document came from: a path as given on input, or `file.jsonl:LINE`.
  public var location: String
  /// How the source was interpreted.
  public var format: SourceFormat
  /// The input decoded to UTF-8 (markup included), kept for source offsets.
  public var source: String
  /// The document text. Starts as ``source``; cleanup and boilerplate stages replace it.
  public var text: String
  /// Whether ``text`` still holds markup (HTML/XML) that no stage has cleaned yet.
  public var isMarkup: Bool
  /// Text blocks (paragraphs, headings, list items...) with their source ranges.
  public var blocks: [Block] = []
  /// Sentences, in text order.
  public var sentences: [Sentence] = []
  /// Tokens, in text order.
  public var tokens: [Token] = []
  /// Part of speech, lemma and chunk per token, aligned with ``tokens`` (empty until a
  /// tagger stage runs).
  public var tags: [TokenTag] = []
  /// Named entities and pattern entities, in text order.
  public var entities: [Entity] = []
  /// Relations between entities (by index into ``entities``).
  public var relations: [Relation] = []
  /// Custom annotation layers (for stages outside the built-in model), keyed by layer name.
  public var annotations: [String: [Annotation]] = [:]
  /// Document-level fields (title, language, author, custom stage outputs...).
  public var fields: [String: JSONValue] = [:]
  /// Non-fatal problems met while reading or processing (e.g. replaced bytes).
  public var warnings: [String] = []
  /// When the document's time budget runs out (`DispatchTime` uptime nanoseconds), if it has
  /// one. The executor fails a document that overruns it; stages with long loops call
  /// ``checkDeadline()`` now and then to give up early.
  public var deadline: UInt64?

  /// Creates a document whose text starts out as its decoded source.
  public init(id: String, location: String, format: SourceFormat, source: String) {
    self.id = id
    self.location = location
    self.format = format
    self.source = source
    self.text = source
    self.isMarkup = format != .text
  }

  /// Replaces the text. Every existing offset annotation would be meaningless after it, so
  /// blocks must be supplied anew and the other layers are cleared.
  public mutating func replaceText(_ newText: String, blocks newBlocks: [Block]) {
    text = newText
    isMarkup = false
    blocks = newBlocks
    sentences = []
    tokens = []
    tags = []
    entities = []
    relations = []
    annotations = [:]
  }

  /// Throws when the document's time budget has run out.
  public func checkDeadline() throws(DocumentError) {
    if let deadline, DispatchTime.now().uptimeNanoseconds > deadline {
      throw DocumentError("the document's time budget ran out (--doc-timeout)")
    }
  }

  /// The text between two UTF-8 byte offsets of ``text`` (end exclusive).
  ///
  /// Offsets are clamped to the text; a range that splits a multi-byte character yields the
  /// replacement character for the broken part, never a crash.
  public func slice(_ start: Int, _ end: Int) -> String {
    Self.slice(text, start, end)
  }

  /// The text of a span of ``text``.
  public func slice(_ span: some TextSpan) -> String {
    Self.slice(text, span.start, span.end)
  }

  /// The slice of any string between two UTF-8 byte offsets (end exclusive, clamped).
  public static func slice(_ string: String, _ start: Int, _ end: Int) -> String {
    let utf8 = string.utf8
    let count = utf8.count
    let lower = max(0, min(start, count))
    let upper = max(lower, min(end, count))
    let from = utf8.index(utf8.startIndex, offsetBy: lower)
    let to = utf8.index(from, offsetBy: upper - lower)
    return String(decoding: utf8[from..<to], as: UTF8.self)
  }

  /// The index of the sentence containing a byte offset, if any (binary search).
  public func sentenceIndex(containing offset: Int) -> Int? {
    var low = 0
    var high = sentences.count - 1
    while low <= high {
      let mid = (low + high) / 2
      let sentence = sentences[mid]
      if offset < sentence.start {
        high = mid - 1
      } else if offset >= sentence.end {
        low = mid + 1
      } else {
        return mid
      }
    }
    return nil
  }
}
