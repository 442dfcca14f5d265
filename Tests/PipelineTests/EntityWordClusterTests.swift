import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

/// Word classes learned from unlabelled text as entity-model features (``WordClusters``,
/// ``ExchangeClustering``, ``WordClusterTraining``).
@Suite struct EntityWordClusterTests {
  /// Sentences of form hashes from raw text, one sentence a line.
  func sentences(_ lines: [String]) throws -> [[UInt64]] {
    try WordClusterTraining.sentences(examples: [], texts: [lines.joined(separator: "\n\n")])
  }

  func hash(_ word: String) -> UInt64 { FeatureHash.string(word) }

  /// Animals after "the" and before a verb; cities after "in" and before a time word.
  var corpus: [String] {
    var lines: [String] = []
    for round in 0..<4 {
      for animal in ["dog", "puppy", "hound"] {
        lines.append("the \(animal) \(round % 2 == 0 ? "barked" : "slept")")
      }
      for city in ["Paris", "London", "Rome"] {
        lines.append("in \(city) \(round % 2 == 0 ? "today" : "yesterday")")
      }
    }
    return lines
  }

  func clusters(sizes: [Int] = [4, 6]) throws -> WordClusters {
    var training = WordClusterTraining()
    training.sizes = sizes
    training.minimumCount = 1
    return training.train(try sentences(corpus), log: { _ in })
  }

  @Test func wordsWithTheSameNeighboursShareAClass() throws {
    let table = try clusters()
    for index in table.sizes.indices {
      func cls(_ word: String) -> UInt64 {
        WordClusters.cls(table.code(form: hash(word), lower: hash(word)), index)
      }
      #expect(cls("dog") != 0)
      #expect(cls("dog") == cls("puppy"))
      #expect(cls("dog") == cls("hound"))
      #expect(cls("Paris") == cls("London"))
      #expect(cls("Paris") == cls("Rome"))
      // Words in other positions are in other classes (the search is local: it need not
      // separate two groups whose neighbours differ on both sides).
      #expect(cls("dog") != cls("the"))
      #expect(cls("Paris") != cls("in"))
      #expect(cls("barked") != cls("the"))
    }
    // Unknown words have no class; a capitalised form falls back to its lower-case word.
    #expect(table.code(form: hash("Madrid"), lower: hash("madrid")) == 0)
    #expect(table.code(form: hash("Dog"), lower: hash("dog")) == table.codes[hash("dog")])
  }

  @Test func clusteringIsDeterministicAndRareWordsGetNoClass() throws {
    #expect(try clusters() == clusters())
    var training = WordClusterTraining()
    training.sizes = [3]
    training.minimumCount = 5
    let table = training.train(try sentences(corpus + ["the cat barked"]), log: { _ in })
    #expect(table.codes[hash("cat")] == nil)
    #expect(table.codes[hash("dog")] == nil)
    #expect(table.codes[hash("the")] != nil)
  }

  @Test func theExtractorReadsTheClassesAfterMasking() throws {
    let table = try clusters()
    let plain = FeatureExtractor(gazetteer: Gazetteer(), bucketBits: 16, commonWords: [])
    let classed = FeatureExtractor(
      gazetteer: Gazetteer(), bucketBits: 16, commonWords: [], clusters: table)
    #expect(classed.templateVersion == FeatureExtractor.clusterVersion)
    let text = Array("in Rome today".utf8)
    let tokens = [Token(start: 0, end: 2), Token(start: 3, end: 7), Token(start: 8, end: 13)]
    let other = Array("in Oslo today".utf8)
    let (base, rome, oslo, masked) = text.withUnsafeBufferPointer { buffer in
      other.withUnsafeBufferPointer { second in
        (
          plain.extract(buffer, tokens: tokens[...]),
          classed.extract(buffer, tokens: tokens[...]),
          classed.extract(second, tokens: tokens[...]),
          classed.extract(buffer, tokens: tokens[...], masked: [false, true, false])
        )
      }
    }
    let extra = table.sizes.count + 2
    #expect(rome.rowsPerToken == base.rowsPerToken + extra)
    let width = rome.rowsPerToken
    let first = FeatureExtractor.staticCount
    // The name's own class rows: Rome has a class, Oslo (unseen) and a masked Rome do not.
    let romeRows = rome.rows[width + first..<width + first + table.sizes.count]
    let osloRows = oslo.rows[width + first..<width + first + table.sizes.count]
    let maskedRows = masked.rows[width + first..<width + first + table.sizes.count]
    #expect(romeRows != osloRows)
    #expect(maskedRows == osloRows)
    // The next token's previous-word class row sees the name's class.
    let previousRow = 2 * width + first + table.sizes.count
    #expect(rome.rows[previousRow] != oslo.rows[previousRow])
  }

  @Test func aModelWithClassesRoundTripsAndTagsAsTrained() throws {
    let examples = try EntityModelTests().tinyCorpus()
    var options = NERTrainer.Options()
    options.epochs = 10
    options.bucketBits = 14
    options.seed = 3
    options.clusters = try clusters()
    let trainer = NERTrainer(gazetteer: Gazetteer(), options: options)
    let model = trainer.train(train: examples, dev: [], metadata: "tiny", log: { _ in })
    #expect(model.featureVersion == FeatureExtractor.clusterVersion)
    let bytes = model.encoded()
    // Format version 3 (the word-class section), after the 8-byte magic.
    #expect(bytes[8] == 3)
    let decoded = try NERModel.decode(bytes)
    #expect(decoded.clusters == model.clusters)
    #expect(decoded.encoded() == bytes)
    let again = trainer.train(train: examples, dev: [], metadata: "tiny", log: { _ in })
    #expect(again.encoded() == bytes)
    #expect(
      trainer.evaluate(decoded, on: examples, only: nil).f1
        == trainer.evaluate(model, on: examples, only: nil).f1)
    // Without classes the file keeps format version 2, as the bundled model.
    options.clusters = nil
    let plain = NERTrainer(gazetteer: Gazetteer(), options: options).train(
      train: examples, dev: [], metadata: "tiny", log: { _ in })
    #expect(plain.encoded()[8] == 2)
    #expect(plain.featureVersion == FeatureExtractor.version)
  }

  @Test func aClassOutOfRangeIsAClearError() throws {
    let table = WordClusters(sizes: [4], codes: [hash("dog"): WordClusters.pack([9])])
    let model = NERModel.quantising(
      types: ["PER"], bucketBits: 8, weights: [Float](repeating: 0, count: 256 * 3),
      commonWords: [], clusters: table, metadata: "")
    #expect(throws: NERModelError.self) { try NERModel.decode(model.encoded()) }
  }
}
