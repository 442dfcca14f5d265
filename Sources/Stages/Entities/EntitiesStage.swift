import Foundation
import Pipeline

/// Named and pattern entities: PERSON, ORG, LOC, MISC from the statistical tagger (and the
/// gazetteers), DATE, TIME, MONEY, PERCENT, QUANTITY from patterns, each with a canonical
/// name linked within the document.
///
/// Precedence when spans overlap: names from the pipeline file's own `gazetteer` lists first,
/// then the model, then the bundled gazetteers where the model found nothing, then patterns
/// where nothing else was found (a pattern that strictly contains model entities, like
/// "10:30 GMT" around a model's "GMT", replaces them). Entities are sorted by start and never
/// overlap.
///
/// Model spans are cleaned before they are kept (``EntityTagger``): edge punctuation,
/// possessives and a sentence-opening connective are cut off, titles, a player's position
/// and a job word ("CB Denzel Ward", "Project Manager Fumihiko Hazama") split from names, trailing lower-case words dropped
/// (``NameEndings``), a
/// bundled name that joins split model spans replaces them, and a trusted bundled name wins
/// over an unsure model label. The odd name of a long list takes the label of the others
/// (``ListLabelVote``). Then every name gets one label per document (``LabelVote``); right
/// after it a model name holding a modifier ("Amazon-owned", "Trump-era") is cut to the name
/// before the hyphen (``ModifierCompounds``), one holding two names across a preposition or a
/// possessive that the document names apart is split ("New Glenn from Blue Origin",
/// ``PrepositionJoinedNames``), so is one of two names joined by a hyphen ("US-China",
/// ``HyphenJoinedNames``) and a
/// model name "X and Y" whose parts the document names apart (``CoordinatedNames``), a
/// participle or adverb tagged only where it opens a sentence is dropped
/// (``CommonWordOpeners``), so is an acronym the document writes in the plural
/// (``PluralAcronyms``),
/// model names found only inside title-case quotations are dropped (``TitleCaseQuotes``);
/// a place before a US or Canadian postal code and the code ("Cincinnati, OH") are typed LOC
/// (``PostalCodePlaces``; those mentions are in no name group).
/// With `group_classifier: true`, after the canonical names are linked, a learned classifier
/// over each group of mentions of one name (``GroupClassifier``, ``GroupFeatures``) drops the
/// group or retypes all its mentions when it is confident enough.
public struct EntitiesStage: Stage {
  public struct Config: StageConfig {
    public var model: String?
    public var gazetteer: [String: [String]]
    public var gazetteerEntities: Bool
    public var patterns: Bool
    public var link: Bool
    public var minConfidence: Double
    public var beam: Int
    public var publicLists: Bool
    public var placeListBelow: Double
    public var companyListBelow: Double
    public var groupClassifier: Bool
    public var groupModel: String?
    public var groupDrop: Int
    public var groupRetype: Int

    public init(reading reader: inout ConfigReader) throws {
      model = try reader.optionalString(
        "model", help: "model file (relative to the pipeline file); default: the bundled ner-en.bin"
      )
      gazetteer = try reader.stringLists(
        "gazetteer",
        help: "extra names by label, e.g. {ORG: [Acme Corp], PERSON: [Jane Roe], LOC: [Narnia]}")
      gazetteerEntities = try reader.bool(
        "gazetteer_entities", default: true,
        help: "also report gazetteer names the model did not tag (source: gazetteer)")
      patterns = try reader.bool(
        "patterns", default: true, help: "find DATE, TIME, MONEY, PERCENT and QUANTITY mentions")
      link = try reader.bool(
        "link", default: true,
        help: "link short mentions to full names within a document (canonical column)")
      minConfidence = try reader.double(
        "min_confidence", default: 0, in: 0...1, help: "drop model entities below this confidence")
      beam = try reader.int(
        "beam", default: 1, in: 1...81,
        help: "tag sequences the model's decoding keeps per token (1: greedy; 81: exact)")
      publicLists = try reader.bool(
        "public_lists", default: true,
        help:
          "type names by the bundled public lists after the model (GeoNames towns, US counties, index companies, AP state abbreviations)"
      )
      placeListBelow = try reader.double(
        "place_list_below", default: EntityTagger.placeListBelow, in: 0...1.01,
        help: "model confidence below which a listed town or county retypes a model name")
      companyListBelow = try reader.double(
        "company_list_below", default: EntityTagger.companyListBelow, in: 0...1.01,
        help: "model confidence below which a listed company retypes a model name")
      groupClassifier = try reader.bool(
        "group_classifier", default: true,
        help:
          "drop or retype a document's name groups by the learned group classifier where its model's mode is `groups` (the bundled model is trained on the outputs of entity models that did not see each document's gold: eval/entity-groups.sh, docs/news-relations.md, \"Stop 34: cls34\")"
      )
      groupModel = try reader.optionalString(
        "group_model",
        help:
          "group classifier model (`nlpipe train entity-groups`; default: the bundled groups-en.tsv)"
      )
      groupDrop = try reader.int(
        "group_drop", default: -2, in: -2...1_000_000,
        help: "score margin NONE needs over a group's label to drop it (-1: never; -2: the model's)"
      )
      groupRetype = try reader.int(
        "group_retype", default: -2, in: -2...1_000_000,
        help: "score margin another label needs to retype a group (-1: never; -2: the model's)")
      for label in gazetteer.keys where !EntitiesStage.userLabels.contains(label) {
        throw reader.error(
          "gazetteer",
          "gazetteer label '\(label)' is not one of \(EntitiesStage.userLabels.sorted().joined(separator: ", "))"
        )
      }
    }
  }

  public static let name = "entities"
  public static let summary =
    "named entities (PERSON, ORG, LOC, MISC) and DATE/TIME/MONEY/PERCENT/QUANTITY with canonical names"

  /// Labels a user gazetteer may give.
  static let userLabels: Set<String> = ["PERSON", "ORG", "LOC", "MISC"]
  /// Exported labels of the model's types (CoNLL `PER` is exported as `PERSON`).
  static func exportLabel(_ type: String) -> String { type == "PER" ? "PERSON" : type }

  let tagger: EntityTagger
  /// The bundled part-of-speech tagger, when the entity model reads syntax features and no
  /// earlier `tagger` stage tagged the document.
  let syntaxTagger: TaggerModel?
  let patterns: PatternMatcher?
  let linker: CanonicalLinker?
  /// The document-level group classifier, when enabled and its model's mode is `groups`.
  let groups: GroupClassifier?
  let groupFeatures: GroupFeatures
  let config: Config

  public init(config: Config, context: StageContext) throws {
    let url = try config.model.map { context.resolve($0) } ?? EntityResources.defaultModelURL()
    var config = config
    config.groupModel = config.groupModel.map { context.resolve($0).path }
    try self.init(config: config, model: try NERModel.load(url))
  }

  /// The stage with a model already in memory (`config.model` is not read): self-training
  /// tags unlabelled text with the model it has just trained.
  package init(config: Config, model: NERModel) throws {
    var gazetteer = try EntityResources.gazetteer()
    for (label, names) in config.gazetteer.sorted(by: { $0.key < $1.key }) {
      for name in names { gazetteer.add(name, label: label, kind: "user") }
    }
    self.syntaxTagger =
      model.usesSyntax ? try TaggerModel.load(TaggerResources.defaultModelURL()) : nil
    let places = try SubdivisionPlaces.load(bundled: gazetteer, commonWords: model.commonWords)
    let listed =
      config.publicLists
      ? try ListedNames.load(
        bundled: gazetteer, subdivisions: places, commonWords: model.commonWords)
      : Gazetteer()
    self.tagger = EntityTagger(
      model: model, gazetteer: gazetteer, openers: try EntityResources.commonWords(),
      places: places, listed: listed,
      listThresholds: (config.placeListBelow, config.companyListBelow), beam: config.beam)
    self.patterns = config.patterns ? PatternMatcher() : nil
    self.linker = config.link ? CanonicalLinker(gazetteer: gazetteer) : nil
    self.groupFeatures = GroupFeatures(tagger: tagger)
    if config.groupClassifier {
      let url =
        try config.groupModel.map { URL(fileURLWithPath: $0) } ?? EntityResources.groupModelURL()
      var model = try GroupClassifier(url: url, displayName: config.groupModel ?? url.path)
      if config.groupDrop != -2 {
        model.margins.drop = config.groupDrop < 0 ? nil : config.groupDrop
      }
      if config.groupRetype != -2 {
        model.margins.retype = config.groupRetype < 0 ? nil : config.groupRetype
      }
      self.groups = model.mode == "groups" ? model : nil
    } else {
      self.groups = nil
    }
    self.config = config
  }

  /// It replaces what it provides: one per pipeline.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(requires: [.tokens, .sentences], provides: [.entities], repeatable: false)
  }

  /// The model file must be readable (it is loaded when the stage is built).
  public static func check(_ config: Config, context: StageContext) throws {
    let url = try config.model.map { context.resolve($0) } ?? EntityResources.defaultModelURL()
    try context.requireReadableFile(url, "entity model")
    if config.groupClassifier {
      let groupURL =
        try config.groupModel.map { context.resolve($0) } ?? EntityResources.groupModelURL()
      try context.requireReadableFile(groupURL, "group classifier model")
    }
  }

  public func process(_ document: inout Document) throws {
    guard !document.tokens.isEmpty else {
      document.entities = []
      return
    }
    let bytes = Array(document.text.utf8)
    for token in document.tokens
    where token.start < 0 || token.end > bytes.count || token.start >= token.end {
      throw DocumentError(
        "token [\(token.start), \(token.end)) is outside the text", offset: token.start)
    }
    var entities: [Entity] = []
    var byContext: [Bool] = []
    var listed: [ListedName?] = []
    // An earlier `tagger` stage's tags are used as they are; else the bundled tagger runs here.
    let tagged = document.tags.count == document.tokens.count
    let sentences = document.sentenceTokenRanges()
    bytes.withUnsafeBufferPointer { text in
      for range in sentences {
        let tokens = document.tokens[range]
        var syntax: EntitySyntax?
        if tagged, tagger.model.usesSyntax {
          syntax = EntitySyntax(tags: document.tags[range])
        } else if let syntaxTagger {
          syntax = EntitySyntax(tagging: text, tokens: tokens, with: syntaxTagger)
        }
        var found = tagger.entities(
          in: text, tokens: tokens, syntax: syntax, patterns: patterns,
          gazetteerEntities: config.gazetteerEntities, minConfidence: config.minConfidence)
        ListLabelVote.apply(&found.entities, byContext: &found.byContext, text: text)
        entities += found.entities
        byContext += found.byContext
        listed += found.listed
      }
    }
    ListedNameDoubts.apply(&entities, byContext: &byContext, listed: listed, text: bytes)
    LabelVote.apply(&entities, text: document.text, byContext: byContext)
    bytes.withUnsafeBufferPointer { text in
      ModifierCompounds.apply(&entities, text: text, tokens: document.tokens)
      PrepositionJoinedNames.apply(
        &entities, text: text, tokens: document.tokens, gazetteer: tagger.gazetteer)
      HyphenJoinedNames.apply(&entities, text: text, tokens: document.tokens)
      CoordinatedNames.apply(&entities, text: text, tokens: document.tokens)
      CommonWordOpeners.apply(
        &entities, text: text, tokens: document.tokens, sentences: sentences,
        gazetteer: tagger.gazetteer)
      PluralAcronyms.apply(&entities, text: text, tokens: document.tokens)
      PostalCodePlaces.apply(&entities, text: text, tokens: document.tokens)
      TitleCaseQuotes.apply(
        &entities, text: text, tokens: document.tokens, commonWords: tagger.model.commonWords)
    }
    if let linker { linker.link(&entities, text: document.text) }
    if let groups {
      let found = groupFeatures(
        entities, text: bytes, tokens: document.tokens, sentences: sentences, sorted: false)
      groups.apply(&entities, groups: found)
    }
    document.entities = entities
  }

  /// The document's name groups (``EntityGroup``); names of the pipeline file's own lists are
  /// in none.
  package func nameGroups(_ entities: [Entity], text: [UInt8]) -> [EntityGroup] {
    EntityGroup.groups(of: entities, text: text) { tagger.gazetteer.lookup($0)?.kind == "user" }
  }

  /// The features of each name group of a document the stage has annotated (the group
  /// classifier's input, for its trainer).
  package func groupFeatures(of document: Document) -> [(group: EntityGroup, features: [String])] {
    groupFeatures(
      document.entities, text: Array(document.text.utf8), tokens: document.tokens,
      sentences: document.sentenceTokenRanges(), sorted: true)
  }

  /// The name groups of `entities` with their features, sorted or not (see
  /// ``GroupFeatures/features(of:entities:text:layout:sorted:)``): the stage's classifier input
  /// and, sorted, its trainer's.
  func groupFeatures(
    _ entities: [Entity], text: [UInt8], tokens: [Token], sentences: [Range<Int>], sorted: Bool
  ) -> [(group: EntityGroup, features: [String])] {
    let layout = GroupFeatures.Layout(tokens: tokens, sentences: sentences, text: text)
    return nameGroups(entities, text: text).map {
      (
        $0,
        groupFeatures.features(
          of: $0, entities: entities, text: text, layout: layout, sorted: sorted)
      )
    }
  }
}
