import Foundation
import Pipeline
import Stages

/// `nlpipe train relations`: annotates gold documents with the shipped sentences, entities
/// and relations (rules only) stages, labels every candidate pair from the gold, chooses how
/// the classifier joins the rules by k-fold cross-validation grouped by document, and trains
/// the final model on every document.
public enum PairTraining {
  /// One document's candidate pairs and rule relations, as the stage sees them.
  struct Annotated {
    var gold: PairGoldDocument
    var corpus: String
    /// Candidates with their gold label (nil: an ignored pair) and argument names.
    var candidates: [(candidate: PairFeatures.Candidate, label: Int?)]
    /// The typed rule relations of each sentence with at least one candidate.
    var sentences: [(rules: [Relation], candidates: Range<Int>)]
    /// Normalised names of each entity (canonical and text).
    var names: [Set<String>]
  }

  /// Margins tried in cross-validation (score units times ``PairTrainer/scale``).
  static let thresholds = [0, 100, 200, 400, 700, 1000, 1500]

  /// The options of a training run.
  public struct Options: Sendable {
    public var folds = 5
    public var epochs = 10
    public var seed: UInt64 = 1
    /// Lowest cross-validated news precision a `union` model may have.
    public var minPrecision = 0.70
    /// Cross-validated F1 (all documents) a `union` model must add to the rules' to be
    /// used: less is one or two relations either way, noise on a few dozen documents.
    public var minGain = 0.01
    public init() {}
  }

  /// Trains on `documents` (each with its corpus name); returns the model and the report lines.
  public static func train(
    _ documents: [(corpus: String, document: PairGoldDocument)], options: Options,
    command: String
  ) throws -> (model: PairClassifier, report: [String]) {
    let annotated = try annotate(documents)
    let positives = annotated.reduce(0) { $0 + $1.candidates.filter { ($0.label ?? 0) > 0 }.count }
    let total = annotated.reduce(0) { $0 + $1.candidates.count }
    var report = [
      "documents: \(annotated.count), candidate pairs: \(total), positive: \(positives)"
    ]
    for corpus in Set(annotated.map(\.corpus)).sorted() {
      var reachable = 0
      var gold = 0
      for document in annotated where document.corpus == corpus {
        gold += document.gold.relations.count
        var hit = Set<Int>()
        for (candidate, label) in document.candidates where (label ?? 0) > 0 {
          let heads = Set(document.gold.groups(of: document.names[candidate.head]))
          let tails = Set(document.gold.groups(of: document.names[candidate.tail]))
          for (index, relation) in document.gold.relations.enumerated()
          where heads.contains(relation.head) && tails.contains(relation.tail)
            || tails.contains(relation.head) && heads.contains(relation.tail)
          {
            hit.insert(index)
          }
        }
        reachable += hit.count
      }
      report.append("\(corpus): gold relations \(gold), with a candidate pair \(reachable)")
    }
    // Cross-validation: document i of the sorted list is in fold i mod k.
    let corpora = Array(Set(annotated.map(\.corpus))).sorted()
    var tallies: [String: Tally] = [:]
    for fold in 0..<options.folds {
      let training = annotated.indices.filter { $0 % options.folds != fold }
      let model = trainer(options).train(
        examples(training.map { annotated[$0] }), mode: "union", threshold: 0)
      for index in annotated.indices where index % options.folds == fold {
        let document = annotated[index]
        for corpus in [document.corpus, "all"] {
          tallies["rules|\(corpus)", default: Tally()].add(score(document, model, threshold: nil))
          for threshold in thresholds {
            tallies["union \(threshold)|\(corpus)", default: Tally()].add(
              score(document, model, threshold: threshold))
          }
        }
      }
    }
    report.append("\(options.folds)-fold cross-validation, grouped by document (P R F1):")
    for setting in ["rules"] + thresholds.map({ "union \($0)" }) {
      let line = (corpora + ["all"]).map { corpus -> String in
        let tally = tallies["\(setting)|\(corpus)"] ?? Tally()
        return "\(corpus) " + tally.description
      }
      report.append("  \(setting): " + line.joined(separator: "; "))
    }
    // The setting: the best cross-validated F1 over all documents among those at or above
    // the news precision floor (the rules alone when no union beats them by `minGain`).
    let rulesF1 = (tallies["rules|all"] ?? Tally()).f1
    var best = (name: "rules", threshold: 0, f1: rulesF1 + options.minGain)
    for threshold in thresholds {
      let all = tallies["union \(threshold)|all"] ?? Tally()
      let news = tallies["union \(threshold)|news"] ?? all
      if news.precision >= options.minPrecision, all.f1 > best.f1 + 1e-9 {
        best = ("union", threshold, all.f1)
      }
    }
    report.append(
      "chosen: \(best.name)" + (best.name == "union" ? " \(best.threshold)" : "")
        + " (a union needs news P >= \(options.minPrecision) and all F1 >= rules + "
        + "\(options.minGain))")
    var model = trainer(options).train(
      examples(annotated), mode: best.name, threshold: best.threshold)
    model.comments =
      [
        "nlpipe relation pair classifier (averaged perceptron, \(options.epochs) epochs, seed \(options.seed))",
        "command: " + command,
      ] + report.map { "cv: " + $0 }
    return (model, report)
  }

  static func trainer(_ options: Options) -> PairTrainer {
    var trainer = PairTrainer(labels: PairGold.labels)
    trainer.epochs = options.epochs
    trainer.seed = options.seed
    return trainer
  }

  /// Training examples: the labelled candidates of pairs the rules left unrelated (the
  /// classifier only ever adds to the rules, so it learns what they miss).
  static func examples(_ documents: [Annotated]) -> [PairTrainer.Example] {
    documents.flatMap { document in
      document.sentences.flatMap { sentence in
        let covered = Set(
          sentence.rules.map { [min($0.head, $0.tail), max($0.head, $0.tail)] })
        return document.candidates[sentence.candidates].compactMap {
          item -> PairTrainer.Example? in
          let pair = [
            min(item.candidate.head, item.candidate.tail),
            max(item.candidate.head, item.candidate.tail),
          ]
          guard !covered.contains(pair) else { return nil }
          return item.label.map {
            PairTrainer.Example(features: item.candidate.features, label: $0)
          }
        }
      }
    }
  }

  /// Runs the shipped stages (relations without the classifier) over the documents and
  /// labels each candidate pair from the gold.
  static func annotate(_ documents: [(corpus: String, document: PairGoldDocument)]) throws
    -> [Annotated]
  {
    let context = ShippedStages.context("train-relations")
    let sentences = try ShippedStages.sentences(context)
    let entities = try EntitiesStage(config: ShippedStages.entitiesConfig(), context: context)
    let relations = try RelationsStage(
      config: RelationsStage.Config(open: false, classifier: false), context: context)
    var result: [Annotated] = []
    for (corpus, gold) in documents {
      var document = Document(id: gold.id, location: gold.id, format: .text, source: gold.text)
      try sentences.process(&document)
      try entities.process(&document)
      try relations.process(&document)
      let names = document.entities.map { entity -> Set<String> in
        var names: Set<String> = [PairGold.normalised(document.slice(entity))]
        if let canonical = entity.canonical { names.insert(PairGold.normalised(canonical)) }
        return names
      }
      var annotated = Annotated(
        gold: gold, corpus: corpus, candidates: [], sentences: [], names: names)
      for (index, sentence) in document.sentences.enumerated() {
        let tokenRange = SentenceContext.range(
          of: document.tokens, from: sentence.start, to: sentence.end)
        let entityRange = SentenceContext.range(
          of: document.entities, from: sentence.start, to: sentence.end)
        guard entityRange.count >= 2, tokenRange.count <= relations.maxSentenceTokens else {
          continue
        }
        let rules = document.relations.filter { $0.sentence == index }
        let first = annotated.candidates.count
        for candidate in PairFeatures.candidates(
          in: document, tokenRange: tokenRange, entityRange: entityRange, rules: rules)
        {
          annotated.candidates.append(
            (candidate, label(gold, names[candidate.head], names[candidate.tail])))
        }
        annotated.sentences.append((rules, first..<annotated.candidates.count))
      }
      result.append(annotated)
    }
    return result
  }

  /// The gold label of an ordered pair of entities with these names: a gold relation's label,
  /// nil for an ignored pair, else 0 (`none`).
  static func label(_ gold: PairGoldDocument, _ head: Set<String>, _ tail: Set<String>) -> Int? {
    let heads = Set(gold.groups(of: head))
    let tails = Set(gold.groups(of: tail))
    for relation in gold.relations {
      let forward = heads.contains(relation.head) && tails.contains(relation.tail)
      let backward =
        PairGold.symmetric.contains(relation.label) && heads.contains(relation.tail)
        && tails.contains(relation.head)
      if forward || backward { return PairGold.labels.firstIndex(of: relation.label) }
    }
    for head in heads {
      for tail in tails where gold.ignored.contains([head, tail]) { return nil }
    }
    return 0
  }

  /// Document-level true and false positives and misses of the rules plus (with a threshold)
  /// the classifier's additions, as the dev scorers count them.
  static func score(_ document: Annotated, _ model: PairClassifier, threshold: Int?) -> Tally {
    var predicted: [(head: Set<String>, label: String, tail: Set<String>)] = []
    for sentence in document.sentences {
      for relation in sentence.rules where PairGold.labels.contains(relation.relation) {
        predicted.append(
          (document.names[relation.head], relation.relation, document.names[relation.tail]))
      }
      guard let threshold else { continue }
      let candidates = document.candidates[sentence.candidates].map(\.candidate)
      for addition in model.additions(candidates, rules: sentence.rules, threshold: threshold) {
        predicted.append(
          (document.names[addition.head], addition.label, document.names[addition.tail]))
      }
    }
    var tally = Tally()
    var hit = Set<Int>()
    var seen = Set<String>()
    for item in predicted {
      let key =
        item.label + "|" + item.head.sorted().joined(separator: "/") + "|"
        + item.tail.sorted().joined(separator: "/")
      guard seen.insert(key).inserted else { continue }
      let gold = document.gold
      let heads = Set(gold.groups(of: item.head))
      let tails = Set(gold.groups(of: item.tail))
      let matches = gold.relations.indices.filter { index in
        let relation = gold.relations[index]
        guard relation.label == item.label else { return false }
        return (heads.contains(relation.head) && tails.contains(relation.tail))
          || (PairGold.symmetric.contains(item.label) && heads.contains(relation.tail)
            && tails.contains(relation.head))
      }
      if !matches.isEmpty {
        hit.formUnion(matches)
      } else if heads.contains(where: { head in
        tails.contains { gold.ignored.contains([head, $0]) }
      }) {
        continue
      } else {
        tally.falsePositives += 1
      }
    }
    tally.truePositives += hit.count
    tally.misses += document.gold.relations.count - hit.count
    return tally
  }

  /// Counts of a document-level relation score.
  struct Tally: ScoreCounts {
    var truePositives = 0
    var falsePositives = 0
    var misses = 0

    mutating func add(_ other: Tally) {
      truePositives += other.truePositives
      falsePositives += other.falsePositives
      misses += other.misses
    }
  }
}
