import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

/// The entity model's optional part-of-speech and chunk features (templates v3,
/// `nlpipe train ner --syntax`): extraction, the model file, the stage's two sources of tags
/// and the jackknife's checks.
@Suite struct EntitySyntaxTests {
  static let tagger: TaggerModel? = try? TaggerModel.load(TaggerResources.defaultModelURL())

  func trainWithSyntax() throws -> NERModel {
    let examples = try EntityModelTests().tinyCorpus()
    var options = NERTrainer.Options()
    options.epochs = 10
    options.bucketBits = 14
    options.seed = 3
    let tagger = try #require(Self.tagger)
    options.tagger = tagger
    let trainer = NERTrainer(gazetteer: Gazetteer(), options: options)
    return trainer.train(train: examples, dev: [], metadata: "tiny", log: { _ in })
  }

  @Test func syntaxRowsFollowTheStaticRowsAndReadTheTags() throws {
    let example = try #require(EntityModelTests().tinyCorpus().first)
    let plain = FeatureExtractor(gazetteer: Gazetteer(), bucketBits: 16, commonWords: [])
    let syntax = FeatureExtractor(
      gazetteer: Gazetteer(), bucketBits: 16, commonWords: [], syntax: true)
    let count = example.tokens.count
    let nouns = EntitySyntax(
      pos: Array(repeating: "NNP", count: count), chunks: Array(repeating: "B-NP", count: count))
    var verbs = nouns
    verbs.pos[0] = EntitySyntax.hash("VBD")
    let (off, on, changed) = example.bytes.withUnsafeBufferPointer {
      (
        plain.extract($0, tokens: example.tokens[...], tags: nouns),
        syntax.extract($0, tokens: example.tokens[...], tags: nouns),
        syntax.extract($0, tokens: example.tokens[...], tags: verbs)
      )
    }
    let base = FeatureExtractor.staticCount
    #expect(off.rowsPerToken == base)
    #expect(on.rowsPerToken == base + FeatureExtractor.syntaxCount)
    // The v2 rows are the same with syntax on.
    for position in 0..<count {
      #expect(
        off.rows[position * base..<(position + 1) * base]
          == on.rows[position * on.rowsPerToken..<position * on.rowsPerToken + base])
    }
    // Token 0's tag row changes, and token 1's previous-tag row; token 3 is out of reach.
    let width = on.rowsPerToken
    #expect(on.rows[base] != changed.rows[base])
    #expect(on.rows[width + base + 1] != changed.rows[width + base + 1])
    #expect(on.rows[3 * width..<4 * width] == changed.rows[3 * width..<4 * width])
  }

  @Test func aSyntaxModelRoundTripsAndSaysSo() throws {
    let model = try trainWithSyntax()
    #expect(model.usesSyntax)
    #expect(model.featureVersion == FeatureExtractor.syntaxVersion)
    let decoded = try NERModel.decode(model.encoded())
    #expect(decoded.usesSyntax)
    #expect(decoded.encoded() == model.encoded())
    let (_, plain, _) = try EntityModelTests().trainTiny()
    #expect(!plain.usesSyntax)
    // Training with the tagger is deterministic, and the tags change the weights.
    #expect(try trainWithSyntax().encoded() == model.encoded())
    #expect(model.weights != plain.weights)
  }

  @Test func theStageTagsItselfOrUsesAnEarlierTaggerStageAlike() throws {
    let model = try trainWithSyntax()
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nlpipe-syntax-\(UUID().uuidString).bin")
    try model.write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let stage = try EntitiesTests.makeStage { $0.model = url.path }
    #expect(stage.syntaxTagger != nil)
    let text = "John Smith visited Paris on Monday and met Mary Jones of Acme Corp."
    var alone = EntityTestTokenizer.document(text)
    try stage.process(&alone)
    var tagged = EntityTestTokenizer.document(text)
    try TaggerStage(model: try #require(Self.tagger)).process(&tagged)
    try stage.process(&tagged)
    #expect(alone.entities == tagged.entities)
    #expect(!alone.entities.isEmpty)
    // The bundled model reads no syntax and loads no tagger.
    #expect(try #require(EntitiesTests.stage).syntaxTagger == nil)
  }

  @Test func theJackknifeRefusesCorporaThatDoNotLineUp() throws {
    let examples = try EntityModelTests().tinyCorpus()
    let tagger = try #require(Self.tagger)
    let sentence = SyntaxSentence(words: ["One", "word"], pos: ["CD", "NN"], document: 0)
    let short = JackknifedSyntax(conll: [sentence], ewt: [], casing: [:], tagger: tagger)
    #expect(throws: JackknifedSyntax.MismatchError.self) {
      try short.tags(examples, folds: 2, log: { _ in })
    }
    let wrong = JackknifedSyntax(
      conll: Array(repeating: sentence, count: examples.count), ewt: [], casing: [:],
      tagger: tagger)
    #expect(throws: JackknifedSyntax.MismatchError.self) {
      try wrong.tags(examples, folds: 2, log: { _ in })
    }
    // Aligned: every sentence gets one tag per token, the same on a second run.
    let aligned = examples.enumerated().map { index, example in
      let words = example.tokens.map {
        String(decoding: example.bytes[$0.start..<$0.end], as: UTF8.self)
      }
      let pos = words.map { $0.first?.isUppercase == true ? "NNP" : "NN" }
      return SyntaxSentence(words: words, pos: pos, document: index / 2)
    }
    let jackknife = JackknifedSyntax(conll: aligned, ewt: [], casing: [:], tagger: tagger)
    let tags = try jackknife.tags(examples, folds: 3, log: { _ in })
    #expect(
      zip(tags, examples).allSatisfy {
        $0.count == $1.tokens.count && $0.chunks.count == $1.tokens.count
      })
    #expect(try jackknife.tags(examples, folds: 3, log: { _ in }) == tags)
  }
}
