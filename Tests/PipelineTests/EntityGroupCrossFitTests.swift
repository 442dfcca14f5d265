import Foundation
import Pipeline
import Testing

@testable import Stages
@testable import Training

/// Stop 34: the name group classifier learns from cross-fitted outputs (each family tagged by
/// an entity model trained without its gold), and the entity model's self-training never runs
/// the classifier.
@Suite struct EntityGroupCrossFitTests {
  /// A tiny entity model (the fixture's six sentences) written to a temporary file.
  static func tinyModelFile() throws -> URL {
    let (_, model, _) = try EntityModelTests().trainTiny()
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nlpipe-crossfit-\(UUID().uuidString).bin")
    try model.write(to: url)
    return url
  }

  /// A one-sentence document and its gold (one PERSON), tagged by the models under test.
  static func sample() throws -> (text: String, gold: NewsGoldDocument) {
    let gold = try #require(
      try NewsGold.documents(
        Data(#"{"docs": {"d1": {"entities": {"PERSON": [["Angela Merkel"]]}}}}"#.utf8),
        origin: "test.json"
      ).first)
    return ("Angela Merkel met Ursula von der Leyen in Brussels on Tuesday.\n", gold)
  }

  @Test func selfTrainingTagsWithTheGroupClassifierOff() throws {
    #expect(try ShippedStages.entitiesConfig().groupClassifier)
    #expect(try !SelfTraining.stageConfig().groupClassifier)
  }

  @Test func eachFamilyIsTaggedByItsOwnModel() throws {
    let url = try Self.tinyModelFile()
    defer { try? FileManager.default.removeItem(at: url) }
    let (text, gold) = try Self.sample()
    let sources = ["news-x", "conll-train"].map {
      GroupTraining.Source(family: $0, gold: gold, text: text)
    }
    let annotated = try GroupAnnotation.annotate(sources, models: ["news-x": url])
    // What each model finds on its own, as the trainer runs it (group classifier off).
    let config = try ShippedStages.entitiesConfig(groupClassifier: false)
    let sentences = try ShippedStages.sentences(ShippedStages.context("test"))
    func names(_ stage: EntitiesStage) throws -> [String] {
      var document = Document(id: "d1", location: "d1", format: .text, source: text)
      try sentences.process(&document)
      try stage.process(&document)
      return GroupAnnotation.annotated(document, sources[0], stage).entities.map {
        $0.map { $0.label + " " + $0.names.joined(separator: "|") } ?? "-"
      }
    }
    let tiny = try names(EntitiesStage(config: config, model: NERModel.load(url)))
    let bundled = try names(
      EntitiesStage(config: config, context: ShippedStages.context("test")))
    try #require(tiny != bundled)
    let found = annotated.map {
      $0.entities.map { $0.map { $0.label + " " + $0.names.joined(separator: "|") } ?? "-" }
    }
    #expect(annotated.map(\.family) == ["news-x", "conll-train"])
    #expect(found == [tiny, bundled])
  }

  @Test func aModelThatCannotBeReadIsNamed() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nlpipe-crossfit-\(UUID().uuidString).bin")
    try Data("not a model".utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let gold = try #require(
      try NewsGold.documents(Data(#"{"docs": {"d1": {"entities": {}}}}"#.utf8), origin: "t")
        .first)
    let source = GroupTraining.Source(family: "news-x", gold: gold, text: "Ann Lee left.\n")
    #expect {
      _ = try GroupAnnotation.annotate([source], models: ["news-x": url])
    } throws: { error in
      "\(error)".contains(url.path) && "\(error)".contains("news-x")
    }
  }

  @Test func aBadMappingIsAnErrorNamingTheOptionOrTheFile() throws {
    let url = try Self.tinyModelFile()
    defer { try? FileManager.default.removeItem(at: url) }
    let families: Set<String> = ["news-a", "news-c", "conll-train"]
    let both = ["news-a=\(url.path)", "news-c=\(url.path)"]
    // Every family but conll-train named: conll-train stays with the bundled model.
    let models = try GroupTraining.crossFitModels(both, families: families)
    #expect(models == ["news-a": url, "news-c": url])
    #expect(try GroupTraining.crossFitModels([], families: families).isEmpty)
    let missing = "/nonexistent/ner-noC-\(UUID().uuidString).bin"
    let cases: [(specifications: [String], message: String)] = [
      (["news-a"], "expected FAMILY=PATH"),
      (["=\(url.path)"], "expected FAMILY=PATH"),
      (both + ["news-a=\(url.path)"], "named twice"),
      (both + ["news-z=\(url.path)"], "no training document has family news-z"),
      (["news-a=\(url.path)", "news-c=\(missing)"], missing),
      (["news-a=\(url.path)"], "no entity model for news-c"),
    ]
    for (specifications, message) in cases {
      #expect {
        _ = try GroupTraining.crossFitModels(specifications, families: families)
      } throws: { error in
        "\(error)".contains(message)
      }
    }
  }
}
