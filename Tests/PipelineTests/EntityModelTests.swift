import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

@Suite struct EntityModelTests {
  /// The tiny training fixture (six tagged sentences), read by the entity training suites.
  static func tinyFixture() throws -> URL {
    try #require(
      Bundle.module.url(forResource: "Fixtures/entities/tiny", withExtension: "jsonl"))
  }

  func tinyCorpus() throws -> [NERExample] {
    try NERCorpus.load(try Self.tinyFixture())
  }

  func trainTiny(seed: UInt64 = 7) throws -> (NERTrainer, NERModel, [NERExample]) {
    let examples = try tinyCorpus()
    var options = NERTrainer.Options()
    options.epochs = 30
    options.bucketBits = 14
    options.seed = seed
    options.commonWords = ["therefore", "the"]
    let trainer = NERTrainer(gazetteer: Gazetteer(), options: options)
    let model = trainer.train(train: examples, dev: [], metadata: "tiny", log: { _ in })
    return (trainer, model, examples)
  }

  @Test func corpusReaderBuildsTokenSpans() throws {
    let examples = try tinyCorpus()
    #expect(examples.count == 6)
    #expect(examples[0].tokens.count == 7)
    #expect(
      examples[0].entities == [
        NERSpan(first: 0, end: 2, type: "PER"), NERSpan(first: 3, end: 4, type: "LOC"),
      ])
  }

  @Test func trainingOnTinyFixtureConverges() throws {
    let (trainer, model, examples) = try trainTiny()
    #expect(model.types == ["PER", "ORG", "LOC", "MISC"])
    // The averaged weights keep a trace of the first, wrong epochs: near-perfect, not perfect.
    let score = trainer.evaluate(model, on: examples, only: nil)
    #expect(score.f1 >= 0.9)
  }

  @Test func trainingIsDeterministicForASeed() throws {
    let first = try trainTiny(seed: 3).1
    let second = try trainTiny(seed: 3).1
    #expect(first.encoded() == second.encoded())
  }

  @Test func modelRoundTripsThroughTheFile() throws {
    let (trainer, model, examples) = try trainTiny()
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nlpipe-ner-\(UUID().uuidString).bin")
    defer { try? FileManager.default.removeItem(at: url) }
    try model.write(to: url)
    let loaded = try NERModel.load(url)
    #expect(loaded.types == model.types)
    #expect(loaded.bucketBits == model.bucketBits)
    #expect(loaded.weights == model.weights)
    #expect(loaded.commonWords == model.commonWords)
    #expect(!loaded.commonWords.isEmpty)
    #expect(loaded.metadata.hasPrefix("tiny"))
    let before = trainer.evaluate(model, on: examples, only: nil)
    let after = trainer.evaluate(loaded, on: examples, only: nil)
    #expect(after.f1 == before.f1)
    #expect(after.f1 >= 0.9)
  }

  func decodeError(_ bytes: [UInt8]) -> String {
    do {
      _ = try NERModel.decode(bytes)
      return "no error"
    } catch {
      return "\(error)"
    }
  }

  @Test func truncatedModelIsAClearError() throws {
    let bytes = try trainTiny().1.encoded()
    #expect(decodeError(Array(bytes.prefix(bytes.count / 2))).contains("truncated"))
    #expect(decodeError(Array(bytes.prefix(20))).contains("truncated"))
    #expect(decodeError(Array(bytes.prefix(4))).contains("not an nlpipe NER model"))
  }

  @Test func corruptModelIsAClearError() throws {
    var bytes = try trainTiny().1.encoded()
    bytes[bytes.count / 2] ^= 0x5A
    #expect(decodeError(bytes).contains("checksum mismatch"))
    var header = bytes
    header[0] = 0x41
    #expect(decodeError(header).contains("bad magic"))
    #expect(decodeError(Array("hello world, not a model at all".utf8)).contains("not an nlpipe"))
  }

  @Test func unreadableModelFileNamesThePath() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nlpipe-ner-\(UUID().uuidString).bin")
    try Data("garbage".utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(throws: NERModelError.self) { try NERModel.load(url) }
    do {
      _ = try NERModel.load(url)
    } catch {
      #expect("\(error)".contains(url.lastPathComponent))
    }
  }

  @Test func bundledModelLoads() throws {
    let model = try NERModel.load(try EntityResources.defaultModelURL())
    #expect(model.types == ["PER", "ORG", "LOC", "MISC"])
    #expect(model.metadata.contains("conll2003_train"))
  }

  @Test func bioSpansDecode() {
    // O B-PER I-PER B-LOC O I-ORG(invalid start: begins a span) I-ORG
    let spans = BIO.spans([0, 1, 2, 5, 0, 4, 4])
    #expect(spans.map { [$0.first, $0.end, $0.type] } == [[1, 3, 0], [3, 4, 2], [5, 7, 1]])
    #expect(BIO.allowed(2, after: 1))
    #expect(!BIO.allowed(2, after: 0))
    #expect(!BIO.allowed(4, after: 1))
  }
}
