import Foundation
import Pipeline

/// Finds typed relations (`role_in`, `met_with`, `visited`, `embassy_in`, `located_in`,
/// `member_of`, or any type a rule file declares) and open verb-phrase triples between the
/// entities of each sentence.
public struct RelationsStage: Stage {
  public struct Config: StageConfig {
    public var rules: String?
    public var demonyms: String?
    public var open: Bool
    public var openMaxWords: Int
    public var minConfidence: Double
    public var maxSentenceTokens: Int
    public var classifier: Bool
    public var pairModel: String?

    /// A config set in code (tests, embedding).
    public init(
      rules: String? = nil, demonyms: String? = nil, open: Bool = true, openMaxWords: Int = 6,
      minConfidence: Double = 0, maxSentenceTokens: Int = 300, classifier: Bool = true,
      pairModel: String? = nil
    ) {
      self.classifier = classifier
      self.pairModel = pairModel
      self.rules = rules
      self.demonyms = demonyms
      self.open = open
      self.openMaxWords = openMaxWords
      self.minConfidence = minConfidence
      self.maxSentenceTokens = maxSentenceTokens
    }

    public init(reading reader: inout ConfigReader) throws {
      rules = try reader.optionalString(
        "rules",
        help:
          "YAML rule file, relative to the pipeline file (default: the shipped English news rules)")
      demonyms = try reader.optionalString(
        "demonyms",
        help:
          "TSV of nationality words and their states (default: the entity stage's list, else this stage's)"
      )
      open = try reader.bool(
        "open", default: true, help: "also extract open verb-phrase triples (relation `open`)")
      openMaxWords = try reader.int(
        "open_max_words", default: 6, in: 1...12,
        help: "longest relation phrase between two entities for open triples, in words")
      minConfidence = try reader.double(
        "min_confidence", default: 0, in: 0...1, help: "drop relations below this confidence")
      maxSentenceTokens = try reader.int(
        "max_sentence_tokens", default: 300, in: 10...100_000,
        help: "skip longer sentences (unsplit text), with a document warning")
      classifier = try reader.bool(
        "classifier", default: true,
        help: "add the learned pair classifier's relations where its model's mode is `union`")
      pairModel = try reader.optionalString(
        "pair_model",
        help: "pair classifier model (`nlpipe train relations`; default: the bundled pairs-en.tsv)")
    }
  }

  public static let name = "relations"
  public static let summary =
    "typed relations from YAML rules (roles, meetings, visits, embassies...) and open triples"

  let book: RuleBook
  let demonymTable: DemonymTable
  /// The descriptions ("the company") a rule's `REF` slot binds, from the rule file's classes.
  let antecedents: Antecedents
  let open: OpenTripleExtractor?
  let minConfidence: Double
  package let maxSentenceTokens: Int
  /// The learned pair classifier, when enabled and its model adds to the rules.
  let pairs: PairClassifier?

  public init(config: Config, context: StageContext) throws {
    let resources = try Self.resources()
    let rulesURL =
      config.rules.map(context.resolve) ?? resources.appendingPathComponent("news-en.yaml")
    book = try RuleBook.load(url: rulesURL, displayName: config.rules ?? rulesURL.path)
    let demonymURL = try config.demonyms.map(context.resolve) ?? Self.defaultDemonyms()
    demonymTable = try DemonymTable(
      url: demonymURL, displayName: config.demonyms ?? demonymURL.path)
    antecedents = Antecedents(classes: book.classes, countries: demonymTable.stateNames)
    if config.open {
      let verbsURL = resources.appendingPathComponent("verbs.txt")
      open = OpenTripleExtractor(
        verbs: try VerbLexicon(url: verbsURL, displayName: verbsURL.path), negation: book.negation,
        labels: ["PERSON", "ORG", "LOC", "MISC", "GPE", "NORP", "FAC"],
        maxWords: config.openMaxWords,
        confidence: 0.5)
    } else {
      open = nil
    }
    minConfidence = config.minConfidence
    maxSentenceTokens = config.maxSentenceTokens
    if config.classifier {
      let url =
        config.pairModel.map(context.resolve) ?? resources.appendingPathComponent("pairs-en.tsv")
      let model = try PairClassifier(url: url, displayName: config.pairModel ?? url.path)
      pairs = model.mode == "union" ? model : nil
    } else {
      pairs = nil
    }
  }

  /// The bundled demonym list, the entity stage's (one list for both stages).
  static func defaultDemonyms() throws -> URL {
    try EntityResources.folder().appendingPathComponent("demonyms.tsv")
  }

  static func resources() throws -> URL {
    try BundledResources.folder("relations")
  }

  /// It replaces what it provides: one per pipeline.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(
      requires: [.sentences, .tokens, .entities], provides: [.relations], repeatable: false)
  }

  /// The rule file is read and checked (its mistakes are reported at their lines), the
  /// demonym list must be readable.
  public static func check(_ config: Config, context: StageContext) throws {
    let resources = try Self.resources()
    let rulesURL =
      config.rules.map(context.resolve) ?? resources.appendingPathComponent("news-en.yaml")
    _ = try RuleBook.load(url: rulesURL, displayName: config.rules ?? rulesURL.path)
    let demonymURL = try config.demonyms.map(context.resolve) ?? Self.defaultDemonyms()
    try context.requireReadableFile(demonymURL, "demonym list")
    if config.classifier {
      let pairURL =
        config.pairModel.map(context.resolve) ?? resources.appendingPathComponent("pairs-en.tsv")
      try context.requireReadableFile(pairURL, "pair classifier model")
    }
  }

  public func process(_ document: inout Document) throws {
    let extractor = RuleExtractor(book: book, antecedents: antecedents)
    var demonym = Array(repeating: false, count: document.entities.count)
    for (index, entity) in document.entities.enumerated() {
      guard let state = demonymTable.state(of: document.slice(entity)) else { continue }
      demonym[index] = true
      if entity.canonical == nil || entity.canonical == document.slice(entity) {
        document.entities[index].canonical = state
      }
    }
    let labels = document.entities.map(\.label)
    let blocksGap = labels.map { !SentenceContext.gapLabels.contains($0) }
    var relations: [Relation] = []
    let bytes = Array(document.text.utf8)
    var skipped = 0
    for (index, sentence) in document.sentences.enumerated() {
      let tokenRange = SentenceContext.range(
        of: document.tokens, from: sentence.start, to: sentence.end)
      let entityRange = SentenceContext.range(
        of: document.entities, from: sentence.start, to: sentence.end)
      // One name is enough when a description ("the company") may give the other.
      guard
        entityRange.count >= 2
          || (entityRange.count == 1
            && antecedents.mayRefer(tokens: document.tokens[tokenRange], bytes: bytes))
      else {
        continue
      }
      if tokenRange.count > maxSentenceTokens {
        skipped += 1
        continue
      }
      let units = SentenceUnits(
        document: document, bytes: bytes, tokenRange: tokenRange, entityRange: entityRange)
      let context = SentenceContext(
        document: document, sentence: index, units: units,
        labels: labels, demonym: demonym, blocksGap: blocksGap)
      var typed = deduplicated(extractor.relations(in: context), context)
      if let pairs {
        typed = deduplicated(
          typed + learned(pairs, document, tokenRange, entityRange, typed, sentence: index),
          context)
      }
      relations += typed
      if let open {
        let pairs = Set(typed.map { [$0.head, $0.tail] })
        relations += deduplicated(open.relations(in: context, excluding: pairs), context)
      }
    }
    if skipped > 0 {
      document.warnings.append(
        "relations: skipped \(skipped) sentence(s) longer than \(maxSentenceTokens) tokens")
    }
    document.relations = relations.filter { $0.confidence >= minConfidence }
  }

  /// The pair classifier's relations in a sentence the rules left unrelated.
  private func learned(
    _ pairs: PairClassifier, _ document: Document, _ tokenRange: Range<Int>,
    _ entityRange: Range<Int>, _ rules: [Relation], sentence: Int
  ) -> [Relation] {
    let candidates = PairFeatures.candidates(
      in: document, tokenRange: tokenRange, entityRange: entityRange, rules: rules)
    return pairs.additions(candidates, rules: rules).map {
      Relation(
        relation: $0.label, head: $0.head, tail: $0.tail, sentence: sentence, rule: "learned",
        confidence: pairs.confidence($0.margin))
    }
  }

  /// One relation per type and (canonical) entity pair in a sentence, the most confident;
  /// symmetric types count both directions as one.
  private func deduplicated(_ relations: [Relation], _ context: SentenceContext) -> [Relation] {
    var best: [String: Relation] = [:]
    var order: [String] = []
    for relation in relations {
      var names = [
        context.name(of: relation.head).lowercased(), context.name(of: relation.tail).lowercased(),
      ]
      if book.relations[relation.relation]?.symmetric == true { names.sort() }
      let key = ([relation.relation] + names).joined(separator: "\u{1}")
      if let existing = best[key] {
        if relation.confidence > existing.confidence { best[key] = relation }
      } else {
        best[key] = relation
        order.append(key)
      }
    }
    return order.compactMap { best[$0] }
  }
}
