import Foundation
import Pipeline
import Testing

@testable import Stages
@testable import Training

@Suite struct EntityGroupClassifierTests {
  typealias T = RelationTestSupport

  static let markup =
    "[Fares|PERSON] went up in [Leeds|PERSON].\nThe fares rose, said Mr [Grant|PERSON] at [Leeds|PERSON]."

  static func hashes(_ words: [String]) -> Set<UInt64> {
    Set(words.map { FeatureHash.lowercased(Array($0.utf8)) })
  }

  /// Features over a few common words and the title "Mr", no lists.
  static let features = GroupFeatures(
    commonWords: hashes(["the", "went", "up", "in", "rose", "said", "at", "mr", "fares"]),
    titleWords: hashes(["mr"]), gazetteer: Gazetteer(), listed: Gazetteer(), places: Gazetteer())

  static func groups(_ document: Document) -> [(group: EntityGroup, features: [String])] {
    let text = Array(document.text.utf8)
    let layout = GroupFeatures.Layout(
      tokens: document.tokens, sentences: document.sentenceTokenRanges(), text: text)
    return EntityGroup.groups(of: document.entities, text: text).map {
      ($0, features.features(of: $0, entities: document.entities, text: text, layout: layout))
    }
  }

  @Test func groupsAndTheirFeatures() {
    let document = T.document(Self.markup)
    let found = Self.groups(document)
    #expect(found.map(\.group.name) == ["Fares", "Leeds", "Grant"])
    #expect(found[1].group.members == [1, 3])
    let fares = Set(found[0].features)
    #expect(fares.isSuperset(of: ["PERSON&lower.form", "PERSON&opening=all", "L=<s>", "R=went"]))
    #expect(fares.contains("PERSON&common.all"))
    let leeds = Set(found[1].features)
    #expect(leeds.isSuperset(of: ["PERSON&count=2", "L=in", "L=at", "R=.", "PERSON&opening=none"]))
    #expect(!leeds.contains("PERSON&lower.form"))
    let grant = Set(found[2].features)
    #expect(grant.isSuperset(of: ["PERSON&title.before", "L=mr", "PERSON&words=1"]))
    // No feature is a name's identity.
    for (_, features) in found {
      for feature in features {
        for name in ["leeds", "grant"] { #expect(!feature.lowercased().contains(name)) }
      }
    }
  }

  @Test func aTinyTrainedModelDropsOneGroupAndRetypesAnother() {
    let document = T.document(Self.markup)
    let found = Self.groups(document)
    // Fares: not a name; Leeds: a place; Grant: a person.
    let examples = (0..<3).flatMap { _ in
      zip(found, [0, 3, 1]).map { PairTrainer.Example(features: $0.0.features, label: $0.1) }
    }
    let weights = PairTrainer(labels: GroupClassifier.defaultLabels).weights(examples)
    let model = GroupClassifier(
      labels: GroupClassifier.defaultLabels, mode: "groups",
      margins: GroupClassifier.Margins(drop: 0, retype: 0), weights: weights)
    var entities = document.entities
    model.apply(&entities, groups: found)
    #expect(entities.map { document.slice($0) } == ["Leeds", "Grant", "Leeds"])
    #expect(entities.map(\.label) == ["LOC", "PERSON", "LOC"])
    // Margins that are never met leave every group as it is.
    var unchanged = document.entities
    model.apply(&unchanged, groups: found, margins: GroupClassifier.Margins(drop: nil, retype: nil))
    #expect(unchanged == document.entities)
  }

  @Test func aGroupWrittenTwoWaysIsNeverDroppedButCanBeRetyped() {
    let document = T.document("[Air National Guard|ORG] sent [ANG|ORG] crews to [Leeds|ORG].")
    let guardGroup = EntityGroup(name: "Air National Guard", label: "ORG", members: [0, 1])
    let leeds = EntityGroup(name: "Leeds", label: "ORG", members: [2])
    // Every group is a non-name for this model.
    let dropAll = GroupClassifier(
      labels: GroupClassifier.defaultLabels, mode: "groups",
      margins: GroupClassifier.Margins(drop: 0, retype: 0), weights: ["x": [100, 0, 0, 0]])
    var entities = document.entities
    dropAll.apply(
      &entities, groups: [(guardGroup, ["x", GroupFeatures.linked("ORG")]), (leeds, ["x"])])
    #expect(entities.map { document.slice($0) } == ["Air National Guard", "ANG"])
    // The same group is still retyped when another label wins.
    let toPlace = GroupClassifier(
      labels: GroupClassifier.defaultLabels, mode: "groups",
      margins: GroupClassifier.Margins(drop: 0, retype: 0), weights: ["x": [0, 0, 0, 100]])
    var retyped = document.entities
    toPlace.apply(&retyped, groups: [(guardGroup, ["x", GroupFeatures.linked("ORG")])])
    #expect(retyped.map(\.label) == ["LOC", "LOC", "ORG"])
  }

  @Test func aMiscGroupIsNeverDropped() {
    let model = GroupClassifier(
      labels: GroupClassifier.defaultLabels, mode: "groups",
      margins: GroupClassifier.Margins(drop: 0, retype: 0), weights: ["x": [10, 0, 0, 0]])
    #expect(model.decision(scores: model.scores(["x"]), label: "MISC") == .keep)
    #expect(model.decision(scores: model.scores(["x"]), label: "ORG") == .drop)
  }

  @Test func trainingIsDeterministic() throws {
    let gold = try NewsGold.documents(
      Data(
        #"{"docs": {"a": {"entities": {"PERSON": [["Ann Lee"]], "LOC": [["Paris"]]}}, "b": {"entities": {"ORG": [["Acme Corp"]]}, "optional_entities": ["Monday"]}}}"#
          .utf8), origin: "test.json")
    let texts = [
      "Ann Lee visited Paris on Monday. Lee said Paris was calm.\n",
      "Acme Corp hired Bob Stone. Fares rose at Acme Corp, fares said.\n",
    ]
    let sources = zip(gold, texts).map {
      GroupTraining.Source(family: "news-" + $0.0.id, gold: $0.0, text: $0.1)
    }
    var options = GroupTraining.Options()
    options.folds = 2
    options.minCount = 1
    let first = try GroupTraining.train(sources, options: options, command: "test")
    let second = try GroupTraining.train(sources, options: options, command: "test")
    #expect(first.model.serialized() == second.model.serialized())
    #expect(!first.model.weights.isEmpty)
    #expect(first.report.contains { $0.hasPrefix("chosen margins: ") })
    let read = try GroupClassifier(text: first.model.serialized(), displayName: "groups.tsv")
    #expect(read == first.model)
  }

  @Test func malformedModelLinesNameTheFileAndLine() {
    let cases: [(text: String, line: Int?)] = [
      ("# trained\nlabels\tNONE\tPERSON\nfeature\t1\n", 3),
      ("labels\tPERSON\tORG\n", 1),
      ("labels\tNONE\tPERSON\nmode\tmaybe\n", 2),
      ("labels\tNONE\tPERSON\ndrop\tsoon\n", 2),
      ("feature\t1\t2\n", 1),
      ("mode\tgroups\n", nil),
    ]
    for (text, line) in cases {
      #expect {
        _ = try GroupClassifier(text: text, displayName: "groups.tsv")
      } throws: { error in
        guard let error = error as? LoadError else { return false }
        return error.file == "groups.tsv" && error.line == line
      }
    }
  }

  @Test func theBundledModelLoadsAndTheStageKeyIsOnByDefault() throws {
    let model = try GroupClassifier(
      url: EntityResources.groupModelURL(), displayName: "groups-en.tsv")
    #expect(model.labels == GroupClassifier.defaultLabels)
    #expect(["groups", "off"].contains(model.mode))
    var reader = try ConfigReader(node: nil, file: "t", section: "entities", origin: nil)
    let config = try EntitiesStage.Config(reading: &reader)
    #expect(config.groupClassifier)
    #expect(config.groupDrop == -2 && config.groupRetype == -2)
  }

  @Test func theStageAppliesAModelFileWhenTheKeyIsOn() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("groups-\(UUID().uuidString).tsv")
    defer { try? FileManager.default.removeItem(at: url) }
    // A model that finds every group a non-name.
    try Data(
      "labels\tNONE\tPERSON\tORG\tLOC\nmode\tgroups\ndrop\t0\nretype\t-1\nbias\t100\t0\t0\t0\n".utf8
    ).write(to: url)
    let context = ShippedStages.context("test")
    let sentences = try ShippedStages.sentences(context)
    func labels(_ change: (inout EntitiesStage.Config) -> Void) throws -> [String] {
      var config = try ShippedStages.entitiesConfig()
      config.groupModel = url.path
      change(&config)
      let stage = try EntitiesStage(config: config, context: context)
      var document = Document(
        id: "t", location: "t", format: .text, source: "Ann Lee visited Paris on Monday.\n")
      try sentences.process(&document)
      try stage.process(&document)
      return document.entities.map(\.label)
    }
    #expect(try labels { $0.groupClassifier = false } == ["PERSON", "LOC", "DATE"])
    #expect(try labels { $0.groupClassifier = true } == ["DATE"])
    #expect(
      try labels {
        $0.groupClassifier = true
        $0.groupDrop = -1
      } == ["PERSON", "LOC", "DATE"])
  }
}
