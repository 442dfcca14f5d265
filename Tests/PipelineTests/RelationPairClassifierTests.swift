import Foundation
import Pipeline
import Testing

@testable import Stages
@testable import Training

@Suite struct RelationPairClassifierTests {
  typealias T = RelationTestSupport

  /// Toy examples: "visited" between a person and a place, else none.
  static let examples: [PairTrainer.Example] = [
    .init(features: ["T=PERSON>LOC", "B=visited"], label: 4),
    .init(features: ["T=PERSON>LOC", "B=toured"], label: 4),
    .init(features: ["T=PERSON>LOC", "B=left"], label: 0),
    .init(features: ["T=PERSON>ORG", "B=visited"], label: 0),
    .init(features: ["T=PERSON>LOC", "B=visited", "B=never"], label: 0),
  ]

  @Test func candidatesAreOrderedPairsWithFeatures() {
    let document = T.document("[Ann Lee|PERSON] visited [Paris|LOC] on [Monday|DATE].")
    let candidates = PairFeatures.candidates(
      in: document, tokenRange: 0..<document.tokens.count,
      entityRange: 0..<document.entities.count, rules: [])
    #expect(candidates.map { [$0.head, $0.tail] } == [[0, 1], [1, 0]])
    let forward = candidates[0].features
    #expect(forward.contains("T=PERSON>LOC"))
    #expect(forward.contains("B=visited"))
    #expect(forward.contains("V=none"))
    #expect(candidates[1].features.contains("T=LOC<PERSON"))
  }

  @Test func ruleVerdictsAreFeatures() {
    let document = T.document("[Ann Lee|PERSON] visited [Paris|LOC].")
    let rule = Relation(relation: "visited", head: 0, tail: 1, sentence: 0, rule: "r")
    let candidates = PairFeatures.candidates(
      in: document, tokenRange: 0..<document.tokens.count, entityRange: 0..<2, rules: [rule])
    #expect(candidates[0].features.contains("V=visited"))
    #expect(candidates[1].features.contains("VR=visited"))
  }

  @Test func trainingIsDeterministicAndLearns() throws {
    let trainer = PairTrainer(labels: PairGold.labels)
    let first = trainer.train(Self.examples, mode: "union", threshold: 0)
    let second = trainer.train(Self.examples, mode: "union", threshold: 0)
    #expect(first.serialized() == second.serialized())
    #expect(first.prediction(["T=PERSON>LOC", "B=visited"])?.label == 4)
    #expect(first.prediction(["T=PERSON>ORG", "B=visited"]) == nil)
  }

  @Test func modelFileRoundTrips() throws {
    var model = PairTrainer(labels: PairGold.labels).train(
      Self.examples, mode: "union", threshold: 50)
    model.comments = ["test model"]
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("pairs-\(UUID().uuidString).tsv")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(model.serialized().utf8).write(to: url)
    let read = try PairClassifier(url: url, displayName: "pairs.tsv")
    #expect(read == model)
  }

  @Test func malformedModelLineIsALoadErrorWithItsLine() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("pairs-\(UUID().uuidString).tsv")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data("labels\tnone\tvisited\nmode\tunion\nB=x\t1\n".utf8).write(to: url)
    let error = #expect(throws: LoadError.self) {
      try PairClassifier(url: url, displayName: "pairs.tsv")
    }
    #expect(error?.line == 3)
  }

  @Test func bundledModelLoadsAndKeepsTheRulesAlone() throws {
    let url = try RelationsStage.resources().appendingPathComponent("pairs-en.tsv")
    let model = try PairClassifier(url: url, displayName: "pairs-en.tsv")
    #expect(model.labels == PairGold.labels)
    #expect(["rules", "union"].contains(model.mode))
    #expect(model.comments.contains { $0.hasPrefix("command: nlpipe train relations") })
  }

  @Test func unionModelAddsWhatTheRulesMiss() throws {
    var model = PairTrainer(labels: ["none", "visited"]).train(
      [
        .init(features: ["T=PERSON>LOC", "B=zorbed"], label: 1),
        .init(features: ["T=LOC<PERSON", "B=zorbed"], label: 0),
      ], mode: "union", threshold: 0)
    model.comments = ["test"]
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("pairs-\(UUID().uuidString).tsv")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(model.serialized().utf8).write(to: url)
    let markup = "[Ann Lee|PERSON] zorbed [Paris|LOC]."
    #expect(try T.triples(markup, config: .init(open: false, classifier: false)).isEmpty)
    let found = try T.triples(markup, config: .init(open: false, pairModel: url.path))
    #expect(found == ["Ann Lee visited Paris"])
  }

  @Test func namesAreNormalisedAsTheScorersDo() {
    #expect(PairGold.normalised("The U.S. Senate’s") == "u.s. senate")
    #expect(PairGold.normalised("al-Tanf") == "al tanf")
  }
}
