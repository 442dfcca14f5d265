import Foundation
import Pipeline
import Stages

/// `nlpipe train entity-groups`: runs the shipped sentences and entities stages (group
/// classifier off; with cross-fitting, each family's documents tagged by an entity model
/// trained without that family's gold) over gold documents, labels every name group from the gold (the type whose
/// alias it matches, `NONE` when it matches no name, its own label when it matches only an
/// optional one: a name the gold leaves open is kept), chooses the drop and retype margins by k-fold cross-validation grouped by document
/// on the document-level entity F1 the dev scorer computes, checks each set family trained
/// without it, and trains the final model on every document.
public enum GroupTraining {
  /// One gold document, its text and the family of sets it belongs to (`news-a`, `news-c`...).
  package struct Source: Sendable {
    package var family: String
    package var gold: NewsGoldDocument
    package var text: String
    /// Which entity model tags the document (the key of ``Options/models``): its family, or
    /// for a CoNLL-2003 train document cross-fitted by folds `conll-train:K/N`.
    package var tagging: String

    package init(family: String, gold: NewsGoldDocument, text: String, tagging: String? = nil) {
      self.family = family
      self.gold = gold
      self.text = text
      self.tagging = tagging ?? family
    }
  }

  /// The options of a training run.
  public struct Options: Sendable {
    public var folds = 5
    public var epochs = 10
    public var seed: UInt64 = 1
    /// Features seen in fewer training groups are left out (rare context words overfit).
    public var minCount = 5
    /// The families whose check trained without them must gain for the model to be used.
    public var checked: Set<String> = ["news-d", "news-e"]
    /// The families that must not lose rather than gain (`conll-train`: the stage's name
    /// model was trained on those documents, so its groups there are nearly all right and
    /// the family guards what the classifier must leave alone).
    public var guarded: Set<String> = ["conll-train"]
    /// How many times each group of the other (news) families counts in training, so that
    /// the guarded family does not drown them.
    public var newsWeight = 1
    /// The most gold relation arguments (groups) a chosen setting may lose in
    /// cross-validation (dropped, or retyped away from the gold label); nil: not counted.
    public var argumentsLost: Int?
    /// Cross-fitting: the entity model file that tags each family's documents (a model
    /// trained without that family's gold, so that the groups show the errors of a model
    /// that did not see the text); a family not named here is tagged by the bundled model.
    public var models: [String: URL] = [:]
    public init() {}
  }

  /// A cross-fitting mapping that cannot be used (its message names the option or the file).
  package struct CrossFitError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
  }

  /// The family of sources that may be tagged by the bundled model while the others are
  /// cross-fitted: the entity model learned CoNLL-2003 train, as every cross-fitted model did.
  package static let bundledFamily = "conll-train"

  /// How many folds the `conll-train:K/N=PATH` specifications of `--family-model` cross-fit
  /// CoNLL-2003 train by (nil: none given): each fold a ``TrainFold``, all of one N.
  package static func conllFolds(_ specifications: [String]) throws -> Int? {
    var count: Int?
    for specification in specifications {
      let family = specification.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
      guard family.hasPrefix(bundledFamily + ":") else { continue }
      guard let fold = TrainFold(String(family.dropFirst(bundledFamily.count + 1))) else {
        throw CrossFitError(
          "--family-model \(specification): expected \(bundledFamily):K/N=PATH "
            + "(2 <= N <= 20, 1 <= K <= N)")
      }
      guard count == nil || count == fold.count else {
        throw CrossFitError(
          "--family-model \(specification): \(fold.count) folds, but another "
            + "\(bundledFamily) fold model has \(count ?? 0)")
      }
      count = fold.count
    }
    return count
  }

  /// The tagging key of the CoNLL-2003 train document at `position`: `conll-train`, or
  /// `conll-train:K/N` when cross-fitted by `folds` folds.
  package static func conllTagging(position: Int, folds: Int?) -> String {
    guard let folds, let fold = TrainFold.of(position: position, count: folds) else {
      return bundledFamily
    }
    return "\(bundledFamily):\(fold)"
  }

  /// The entity model of each family from `FAMILY=PATH` specifications (`--family-model`):
  /// each family once, a family of the training documents, a readable file, and, when any is
  /// given, every family of `families` but ``bundledFamily`` named (a family tagged by the
  /// bundled model among cross-fitted ones would teach the classifier the wrong errors).
  package static func crossFitModels(_ specifications: [String], families: Set<String>) throws
    -> [String: URL]
  {
    var models: [String: URL] = [:]
    for specification in specifications {
      let parts = specification.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw CrossFitError("--family-model \(specification): expected FAMILY=PATH")
      }
      let (family, path) = (parts[0], parts[1])
      guard models[family] == nil else {
        throw CrossFitError("--family-model \(specification): family \(family) named twice")
      }
      guard families.contains(family) else {
        throw CrossFitError(
          "--family-model \(specification): no training document has family \(family) "
            + "(families: \(families.sorted().joined(separator: ", ")))")
      }
      guard FileManager.default.isReadableFile(atPath: path) else {
        throw CrossFitError("\(path): no readable entity model (family \(family))")
      }
      models[family] = URL(fileURLWithPath: path)
    }
    if !models.isEmpty {
      // Every tagging key but the bundled family's: `conll-train:K/N` folds must all be named.
      let missing = families.subtracting(models.keys).subtracting([bundledFamily]).sorted()
      guard missing.isEmpty else {
        throw CrossFitError(
          "--family-model: no entity model for \(missing.joined(separator: ", ")) "
            + "(with cross-fitting, every family but \(bundledFamily) needs one)")
      }
    }
    return models
  }

  /// Margins tried for a drop and for a retype (score units times 100; nil: never), most
  /// cautious first (a tie keeps the more cautious).
  static let margins: [Int?] = [nil, 1500, 1000, 700, 400, 200, 100, 0]

  /// Every pair of margins tried, the stage as it is (never, never) first.
  static let settings: [GroupClassifier.Margins] = margins.flatMap { drop in
    margins.map { GroupClassifier.Margins(drop: drop, retype: $0) }
  }

  /// Trains on `sources`; returns the model and the report lines.
  package static func train(_ sources: [Source], options: Options, command: String) throws
    -> (model: GroupClassifier, report: [String])
  {
    let documents = try GroupAnnotation.annotate(
      sources.sorted { $0.gold.id < $1.gold.id }, models: options.models)
    let families = Array(Set(documents.map(\.family))).sorted()
    let examples = documents.reduce(0) { $0 + $1.groups.filter { $0.label != nil }.count }
    let none = documents.reduce(0) { $0 + $1.groups.filter { $0.label == 0 }.count }
    var report = [
      "documents: \(documents.count), name groups: \(examples) labelled (\(none) NONE)",
      "\(options.folds)-fold cross-validation grouped by document, entity P R F1 per family "
        + "(out-of-fold predictions; margins drop/retype, - never):",
    ]
    let validated = crossValidate(Array(documents.indices), documents, options)
    let chosen = choose(validated, guarded: options.guarded, argumentsLost: options.argumentsLost)
    for setting in [GroupClassifier.Margins(drop: nil, retype: nil), chosen] {
      report.append("  \(name(setting)): " + line(validated[setting], families))
    }
    for setting in chosen == Self.settings[0]
      ? []
      : [
        GroupClassifier.Margins(drop: chosen.drop, retype: nil),
        GroupClassifier.Margins(drop: nil, retype: chosen.retype),
      ]
    {
      report.append("  \(name(setting)): " + line(validated[setting], families))
    }
    var gains = chosen != Self.settings[0]
    for family in families {
      let cv = validated[chosen]?[family] ?? GroupTally()
      let base = validated[Self.settings[0]]?[family] ?? GroupTally()
      if options.guarded.contains(family) ? cv.f1 < base.f1 - 1e-9 : cv.f1 <= base.f1 + 1e-9 {
        gains = false
      }
    }
    report.append(
      "chosen margins: \(name(chosen)) (the best cross-validated F1 over all documents of "
        + "those that raise every family's"
        + (options.guarded.isDisjoint(with: families)
          ? "" : ", \(options.guarded.sorted().joined(separator: ", ")) not lowered")
        + (options.argumentsLost.map { ", at most \($0) gold relation arguments lost" } ?? "")
        + ")")
    report.append(
      "each family trained without it (margins chosen by cross-validation on the others):")
    for family in families {
      let training = documents.indices.filter { documents[$0].family != family }
      let held = documents.indices.filter { documents[$0].family == family }
      let inner = crossValidate(training, documents, options)
      let margins = choose(inner, guarded: options.guarded, argumentsLost: options.argumentsLost)
      let model = classifier(training, documents, options, margins: margins)
      var base = GroupTally()
      var tally = GroupTally()
      for index in held {
        let document = documents[index]
        let scores = document.groups.map { model.scores($0.features) }
        base.add(document.score(scores: scores, model: model, margins: Self.settings[0]))
        tally.add(document.score(scores: scores, model: model, margins: margins))
      }
      if options.checked.contains(family), tally.f1 <= base.f1 { gains = false }
      report.append(
        "  \(family): without the classifier \(base.description), with it \(tally.description) "
          + "(margins \(name(margins)))")
    }
    let mode = gains ? "groups" : "off"
    report.append(
      "mode: \(mode) (`groups` only when the chosen margins gain in cross-validation on every "
        + "family and on \(options.checked.sorted().joined(separator: ", ")) trained without it)")
    var model = classifier(Array(documents.indices), documents, options, margins: chosen)
    model.mode = mode
    model.comments =
      [
        "nlpipe entity group classifier (averaged perceptron, \(options.epochs) epochs, seed \(options.seed))",
        "command: " + command,
      ] + report.map { "cv: " + $0 }
    return (model, report)
  }

  /// Out-of-fold tallies per setting and family (and `all`) over `indices`: document i of
  /// the list is in fold i mod k.
  static func crossValidate(
    _ indices: [Int], _ documents: [GroupAnnotation.Annotated], _ options: Options
  ) -> [GroupClassifier.Margins: [String: GroupTally]] {
    var tallies: [GroupClassifier.Margins: [String: GroupTally]] = [:]
    for fold in 0..<options.folds {
      let training = indices.enumerated().filter { $0.offset % options.folds != fold }.map(
        \.element)
      let model = classifier(
        training, documents, options, margins: GroupClassifier.Margins(drop: nil, retype: nil))
      for (position, index) in indices.enumerated() where position % options.folds == fold {
        let document = documents[index]
        let scores = document.groups.map { model.scores($0.features) }
        for setting in settings {
          let tally = document.score(scores: scores, model: model, margins: setting)
          tallies[setting, default: [:]][document.family, default: GroupTally()].add(tally)
          tallies[setting, default: [:]]["all", default: GroupTally()].add(tally)
        }
      }
    }
    return tallies
  }

  /// The setting with the best F1 over all documents among those that raise every family's
  /// F1 above the stage's own, keep the `guarded` families' at least as high and lose at most
  /// `argumentsLost` gold relation arguments (the first of equals, the most cautious); the
  /// stage's own when none does.
  static func choose(
    _ tallies: [GroupClassifier.Margins: [String: GroupTally]], guarded: Set<String> = [],
    argumentsLost: Int? = nil
  ) -> GroupClassifier.Margins {
    let base = tallies[settings[0]] ?? [:]
    var best = settings[0]
    var bestF1 = base["all"]?.f1 ?? 0
    for setting in settings.dropFirst() {
      guard let tally = tallies[setting],
        argumentsLost.map({ (tally["all"]?.argumentsLost ?? 0) <= $0 }) ?? true,
        base.allSatisfy({ family, own in
          let f1 = tally[family]?.f1 ?? 0
          return guarded.contains(family) ? f1 >= own.f1 - 1e-9 : f1 > own.f1 + 1e-9
        }),
        let f1 = tally["all"]?.f1, f1 > bestF1 + 1e-9
      else { continue }
      best = setting
      bestF1 = f1
    }
    return best
  }

  /// The out-of-fold decision of every group that the margins change, one tab-separated line
  /// each: family, document, the stage's label, the name, the gold label (`-`: skipped), the
  /// decision.
  package static func explain(
    _ sources: [Source], options: Options, margins: GroupClassifier.Margins
  )
    throws -> [String]
  {
    let documents = try GroupAnnotation.annotate(
      sources.sorted { $0.gold.id < $1.gold.id }, models: options.models)
    var lines: [String] = []
    for fold in 0..<options.folds {
      let training = documents.indices.filter { $0 % options.folds != fold }
      let model = classifier(training, documents, options, margins: margins)
      for document in documents.indices.filter({ $0 % options.folds == fold }).map({ documents[$0] }
      ) {
        for item in document.groups {
          let decision = model.decision(
            scores: model.scores(item.features), label: item.group.label)
          let gold = item.label.map { GroupClassifier.defaultLabels[$0] } ?? "-"
          let shown: String
          switch decision {
          case .keep: continue
          case .drop: shown = "drop"
          case .retype(let label): shown = "retype " + label
          }
          lines.append(
            [document.family, document.id, item.group.label, item.group.name, gold, shown]
              .joined(separator: "\t"))
        }
      }
    }
    return lines.sorted()
  }

  /// A model trained on the labelled groups of `indices`.
  static func classifier(
    _ indices: [Int], _ documents: [GroupAnnotation.Annotated], _ options: Options,
    margins: GroupClassifier.Margins
  ) -> GroupClassifier {
    var trainer = PairTrainer(labels: GroupClassifier.defaultLabels)
    trainer.epochs = options.epochs
    trainer.seed = options.seed
    var examples = indices.flatMap { index in
      documents[index].groups.compactMap { group in
        group.label.map { PairTrainer.Example(features: group.features, label: $0) }
      }
    }
    if options.minCount > 1 {
      var counts: [String: Int] = [:]
      for example in examples {
        for feature in example.features { counts[feature, default: 0] += 1 }
      }
      for index in examples.indices {
        examples[index].features.removeAll { counts[$0, default: 0] < options.minCount }
      }
    }
    if options.newsWeight > 1 {
      // Each news group counts `newsWeight` times: its copies follow it.
      var position = 0
      var weighted: [PairTrainer.Example] = []
      for index in indices {
        let count = documents[index].groups.filter { $0.label != nil }.count
        let copies = options.guarded.contains(documents[index].family) ? 1 : options.newsWeight
        for example in examples[position..<position + count] {
          weighted += Array(repeating: example, count: copies)
        }
        position += count
      }
      examples = weighted
    }
    return GroupClassifier(
      labels: GroupClassifier.defaultLabels, mode: "groups", margins: margins,
      weights: trainer.weights(examples))
  }

  static func name(_ margins: GroupClassifier.Margins) -> String {
    "\(margins.drop.map(String.init) ?? "-")/\(margins.retype.map(String.init) ?? "-")"
  }

  static func line(_ tallies: [String: GroupTally]?, _ families: [String]) -> String {
    (families + ["all"]).map { "\($0) \((tallies?[$0] ?? GroupTally()).description)" }
      .joined(separator: "; ")
      + "; relation arguments lost \(tallies?["all"]?.argumentsLost ?? 0)"
  }
}
