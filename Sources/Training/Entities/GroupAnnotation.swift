import Foundation
import Pipeline
import Stages

/// Gold documents annotated by the shipped stages (group classifier off), with each name
/// group's features and gold label, scored as the document-level scorer
/// (`score_documents.py`) scores entities.
enum GroupAnnotation {
  /// The scored labels: the scorer reads PERSON, ORG and LOC (a MISC name is not scored).
  static let scoredLabels: Set<String> = ["PERSON", "ORG", "LOC"]
  /// The labels of the groups the classifier reads.
  static let named: Set<String> = ["PERSON", "ORG", "LOC", "MISC"]

  /// One annotated document.
  struct Annotated {
    var id: String
    var family: String
    /// Each entity's label and normalised names (its canonical name first, then its text);
    /// nil for an entity the scorer does not read.
    var entities: [(label: String, names: [String])?]
    /// Each name group, its features and gold label (index in the model's labels).
    var groups: [(group: EntityGroup, features: [String], label: Int?)]
    /// Gold: every alias (label + tab + normalised name) with its group, the optional names,
    /// and how many groups.
    var aliases: [String: Int]
    var optional: Set<String>
    var goldGroups: Int
    /// The groups one of whose names is the head or tail of a gold relation (relations need
    /// them), and of those the ones whose label is already the gold one.
    var arguments: Set<Int>
    var argumentsTyped: Set<Int>

    /// True and false positives and misses with the model's decisions under `margins`
    /// (`scores`: the model's scores of each group).
    func score(scores: [[Int]], model: GroupClassifier, margins: GroupClassifier.Margins)
      -> GroupTally
    {
      var labels = entities.map { $0?.label }
      var dropped = Set<Int>()
      var argumentsLost = 0
      for (index, item) in groups.enumerated() {
        switch model.decision(scores: scores[index], label: item.group.label, margins: margins) {
        case .keep: continue
        case .drop:
          // As the stage: a group with a linked mention is never dropped.
          if item.features.contains(GroupFeatures.linked(item.group.label)) { continue }
          dropped.formUnion(item.group.members)
          if arguments.contains(index) { argumentsLost += 1 }
        case .retype(let label):
          for member in item.group.members { labels[member] = label }
          if argumentsTyped.contains(index) { argumentsLost += 1 }
        }
      }
      // The scorer: the names of each (canonical name, label), then one hit, one wrong-type
      // or spurious entity, or nothing (an optional name) per such group.
      var grouped: [String: (label: String, names: Set<String>)] = [:]
      var order: [String] = []
      for (index, entity) in entities.enumerated() {
        guard let entity, !dropped.contains(index), let label = labels[index],
          GroupAnnotation.scoredLabels.contains(label), let first = entity.names.first
        else { continue }
        let key = label + "\t" + first
        if grouped[key] == nil {
          grouped[key] = (label, [])
          order.append(key)
        }
        grouped[key]?.names.formUnion(entity.names)
      }
      var found = Set<Int>()
      var tally = GroupTally()
      for key in order {
        guard let (label, forms) = grouped[key] else { continue }
        let hits = forms.compactMap { aliases[label + "\t" + $0] }
        if !hits.isEmpty {
          found.formUnion(hits)
        } else if forms.isDisjoint(with: optional) {
          tally.falsePositives += 1
        }
      }
      tally.truePositives = found.count
      tally.misses = goldGroups - found.count
      tally.argumentsLost = argumentsLost
      return tally
    }
  }

  /// Runs the shipped sentences and entities stages (group classifier off) over the sources:
  /// a source whose family (its tagging key: `conll-train:K/N` for a CoNLL fold) `models`
  /// maps to an entity model file is tagged with that model
  /// (cross-fitting: a model trained without that family's gold), any other with the bundled
  /// one. A model file that cannot be read is an error naming it.
  static func annotate(_ sources: [GroupTraining.Source], models: [String: URL] = [:]) throws
    -> [Annotated]
  {
    let context = ShippedStages.context("train-entity-groups")
    let sentences = try ShippedStages.sentences(context)
    let config = try ShippedStages.entitiesConfig(groupClassifier: false)
    var stages: [String: EntitiesStage] = [:]
    for (family, url) in models.sorted(by: { $0.key < $1.key })
    where sources.contains(where: { $0.tagging == family }) {
      let model: NERModel
      do {
        model = try NERModel.load(url)
      } catch {
        throw GroupTraining.CrossFitError(
          "\(url.path) (entity model of family \(family)): \(error)")
      }
      stages[family] = try EntitiesStage(config: config, model: model)
    }
    let bundled =
      sources.allSatisfy { stages[$0.tagging] != nil }
      ? nil : try EntitiesStage(config: config, context: context)
    return try sources.map { source in
      guard let stage = stages[source.tagging] ?? bundled else {
        throw GroupTraining.CrossFitError("no entity model for family \(source.tagging)")
      }
      var document = Document(
        id: source.gold.id, location: source.gold.id, format: .text, source: source.text)
      try sentences.process(&document)
      try stage.process(&document)
      return annotated(document, source, stage)
    }
  }

  /// The document's groups, features and gold labels.
  static func annotated(
    _ document: Document, _ source: GroupTraining.Source, _ stage: EntitiesStage
  ) -> Annotated {
    var aliases: [String: Int] = [:]
    var names: [String: Set<String>] = [:]
    for (index, group) in source.gold.groups.enumerated() {
      let label = GroupAnnotation.scorerLabel(group.type)
      for form in group.forms {
        let name = PairGold.normalised(form)
        aliases[label + "\t" + name] = index
        names[name, default: []].insert(label)
      }
    }
    let optional = Set(source.gold.optionalEntities.map(PairGold.normalised))
    let argumentNames = Set(
      source.gold.relations.flatMap { relation in
        [relation.first, relation.count > 2 ? relation[2] : nil].compactMap { $0 }
      }.map(PairGold.normalised))
    let entities = document.entities.map { entity -> (label: String, names: [String])? in
      guard named.contains(entity.label) else { return nil }
      let canonical = PairGold.normalised(entity.canonical ?? document.slice(entity))
      let text = PairGold.normalised(document.slice(entity))
      let forms = [canonical, text].filter { !$0.isEmpty }
      return forms.isEmpty ? nil : (entity.label, forms)
    }
    let groups = stage.groupFeatures(of: document).map { group, features in
      var forms = Set<String>()
      for member in group.members { forms.formUnion(entities[member]?.names ?? []) }
      let types = forms.reduce(into: Set<String>()) { $0.formUnion(names[$1] ?? []) }
      let label: Int?
      if types.contains(group.label) {
        label = GroupClassifier.defaultLabels.firstIndex(of: group.label)
      } else if let type = ["PERSON", "ORG", "LOC"].first(where: types.contains) {
        label = GroupClassifier.defaultLabels.firstIndex(of: type)
      } else if !forms.isDisjoint(with: optional) {
        // A name the gold leaves open: kept as the stage found it (relations may need it).
        label = GroupClassifier.defaultLabels.firstIndex(of: group.label) ?? 0
      } else {
        label = 0
      }
      return (group, features, label)
    }
    var arguments = Set<Int>()
    var argumentsTyped = Set<Int>()
    for (index, item) in groups.enumerated() {
      let (group, _, label) = item
      var forms = Set<String>()
      for member in group.members { forms.formUnion(entities[member]?.names ?? []) }
      guard !forms.isDisjoint(with: argumentNames) else { continue }
      arguments.insert(index)
      if label == GroupClassifier.defaultLabels.firstIndex(of: group.label) {
        argumentsTyped.insert(index)
      }
    }
    return Annotated(
      id: source.gold.id, family: source.family, entities: entities, groups: groups,
      aliases: aliases, optional: optional,
      goldGroups: source.gold.groups.count, arguments: arguments, argumentsTyped: argumentsTyped)
  }

  /// The scorer's label of a gold type (`PER` is PERSON, `GPE` LOC...).
  static func scorerLabel(_ type: String) -> String {
    switch type.uppercased() {
    case "PER", "PERSON": return "PERSON"
    case "ORG", "ORGANIZATION": return "ORG"
    case "LOC", "GPE", "LOCATION", "COUNTRY", "CITY", "PLACE": return "LOC"
    default: return type.uppercased()
    }
  }
}

/// Counts of a document-level entity score.
struct GroupTally: ScoreCounts {
  var truePositives = 0
  var falsePositives = 0
  var misses = 0
  /// Groups that are gold relation arguments the decisions drop, or retype away from their
  /// gold label.
  var argumentsLost = 0

  mutating func add(_ other: GroupTally) {
    truePositives += other.truePositives
    falsePositives += other.falsePositives
    misses += other.misses
    argumentsLost += other.argumentsLost
  }
}
