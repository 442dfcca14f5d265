/// Anything with a start and end UTF-8 byte offset into a document's text (end exclusive).
public protocol TextSpan {
  /// First byte, inclusive.
  var start: Int { get }
  /// Last byte, exclusive.
  var end: Int { get }
}

/// A block of text (paragraph, heading, list item, table cell, line group...).
public struct Block: TextSpan, Sendable, Hashable {
  public var start: Int
  public var end: Int
  /// Byte range in ``Document/source`` the block came from (nil when unknown).
  public var sourceStart: Int?
  public var sourceEnd: Int?
  /// What kind of block it is: `p`, `h1`...`h6`, `li`, `td`, `title`, `line`...
  public var kind: String
  /// Whether a boilerplate stage kept it as content (blocks that were dropped are not in the
  /// text, and only appear here when a stage records its decisions).
  public var isContent: Bool
  /// The classifier's score, when a stage computed one.
  public var score: Double?
  /// Why the block was kept or dropped (for `explain` output).
  public var reason: String?

  public init(
    start: Int, end: Int, sourceStart: Int? = nil, sourceEnd: Int? = nil, kind: String,
    isContent: Bool = true, score: Double? = nil, reason: String? = nil
  ) {
    self.start = start
    self.end = end
    self.sourceStart = sourceStart
    self.sourceEnd = sourceEnd
    self.kind = kind
    self.isContent = isContent
    self.score = score
    self.reason = reason
  }
}

/// A sentence.
public struct Sentence: TextSpan, Sendable, Hashable {
  public var start: Int
  public var end: Int
  /// Byte range in ``Document/source`` (nil when the text has no source mapping).
  public var sourceStart: Int?
  public var sourceEnd: Int?

  public init(start: Int, end: Int, sourceStart: Int? = nil, sourceEnd: Int? = nil) {
    self.start = start
    self.end = end
    self.sourceStart = sourceStart
    self.sourceEnd = sourceEnd
  }
}

/// A token.
public struct Token: TextSpan, Sendable, Hashable {
  public var start: Int
  public var end: Int

  public init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }
}

/// The part of speech, lemma and phrase chunk of one token (``Document/tags`` is aligned
/// with ``Document/tokens``: `tags[i]` describes `tokens[i]`).
public struct TokenTag: Sendable, Hashable {
  /// Penn Treebank tag (`NN`, `VBD`, `IN`...).
  public var pos: String
  /// Universal Dependencies part of speech (`NOUN`, `VERB`, `ADP`...).
  public var upos: String
  /// Dictionary form (`went` -> `go`, `mice` -> `mouse`).
  public var lemma: String
  /// IOB2 phrase chunk (`B-NP`, `I-NP`, `B-VP`, `O`...).
  public var chunk: String

  public init(pos: String, upos: String, lemma: String, chunk: String) {
    self.pos = pos
    self.upos = upos
    self.lemma = lemma
    self.chunk = chunk
  }
}

/// A named or pattern entity mention.
public struct Entity: TextSpan, Sendable, Hashable {
  public var start: Int
  public var end: Int
  /// PERSON, ORG, LOC, MISC, DATE, TIME, MONEY, PERCENT, QUANTITY...
  public var label: String
  /// The full name this mention refers to within the document ("Aliyev" -> "Ilham Aliyev").
  public var canonical: String?
  /// What found it: `model`, `gazetteer`, `pattern`, or a custom stage's name.
  public var origin: String
  /// Confidence in [0, 1].
  public var confidence: Double
  /// Extra attributes, exported as extra fields.
  public var attributes: [String: String]

  public init(
    start: Int, end: Int, label: String, canonical: String? = nil, origin: String,
    confidence: Double = 1, attributes: [String: String] = [:]
  ) {
    self.start = start
    self.end = end
    self.label = label
    self.canonical = canonical
    self.origin = origin
    self.confidence = confidence
    self.attributes = attributes
  }
}

/// A relation between two entities of the same document.
public struct Relation: Sendable, Hashable {
  /// The relation type: `role_in`, `met_with`, `visited`, ..., or `open`.
  public var relation: String
  /// Index of the head entity in ``Document/entities``.
  public var head: Int
  /// Index of the tail entity in ``Document/entities``.
  public var tail: Int
  /// Index of the sentence that is its evidence.
  public var sentence: Int
  /// A captured role ("President", "Defense Minister"), if the rule captures one.
  public var role: String?
  /// The linking verb phrase, for open triples.
  public var predicate: String?
  /// The id of the rule that produced it.
  public var rule: String
  /// Confidence in [0, 1].
  public var confidence: Double
  /// Byte range of the evidence in the text (defaults to the sentence when nil).
  public var evidenceStart: Int?
  public var evidenceEnd: Int?
  /// Extra attributes, exported as extra fields.
  public var attributes: [String: String]

  public init(
    relation: String, head: Int, tail: Int, sentence: Int, role: String? = nil,
    predicate: String? = nil, rule: String, confidence: Double = 1, evidenceStart: Int? = nil,
    evidenceEnd: Int? = nil, attributes: [String: String] = [:]
  ) {
    self.relation = relation
    self.head = head
    self.tail = tail
    self.sentence = sentence
    self.role = role
    self.predicate = predicate
    self.rule = rule
    self.confidence = confidence
    self.evidenceStart = evidenceStart
    self.evidenceEnd = evidenceEnd
    self.attributes = attributes
  }
}

/// A span in a custom annotation layer (for stages whose output the model has no slot for).
public struct Annotation: TextSpan, Sendable, Hashable {
  public var start: Int
  public var end: Int
  public var label: String
  public var attributes: [String: String]

  public init(start: Int, end: Int, label: String, attributes: [String: String] = [:]) {
    self.start = start
    self.end = end
    self.label = label
    self.attributes = attributes
  }
}
