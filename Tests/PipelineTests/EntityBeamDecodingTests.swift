import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

/// Beam decoding of the entity model's scores (``BeamDecoder``, the stage's `beam` key).
@Suite struct EntityBeamDecodingTests {
  /// Weights given by row, zero for every other row.
  struct SparseTable: WeightTable {
    let tagCount: Int
    var rows: [Int32: [Float]] = [:]

    func accumulate(_ row: Int32, into scores: UnsafeMutablePointer<Float>) {
      guard let weights = rows[row] else { return }
      for tag in 0..<tagCount { scores[tag] += weights[tag] }
    }
  }

  /// A space-tokenised sentence's features.
  func features(_ text: String, _ extractor: FeatureExtractor) -> FeatureExtractor.Sentence {
    let example = NERCorpus.example(text: text, characterSpans: [])
    return example.bytes.withUnsafeBufferPointer {
      extractor.extract($0, tokens: example.tokens[...])
    }
  }

  /// The log-probability of a tag sequence: each tag's softmax over the allowed tags given
  /// the two previous tags of the sequence.
  func logProbability<W: WeightTable>(
    _ tags: [Int], _ weights: W, _ sentence: FeatureExtractor.Sentence,
    _ extractor: FeatureExtractor, temperature: Float
  ) -> Float {
    let decoder = GreedyDecoder(extractor: extractor)
    var scores = [Float](repeating: 0, count: weights.tagCount)
    var total: Float = 0
    var prev = 0
    var prev2 = 0
    for (position, tag) in tags.enumerated() {
      scores.withUnsafeMutableBufferPointer {
        guard let base = $0.baseAddress else { return }
        decoder.score(weights, sentence, position, prev, prev2, into: base)
      }
      var sum: Float = 0
      for other in 0..<weights.tagCount where BIO.allowed(other, after: prev) {
        sum += exp((scores[other] - scores[tag]) / temperature)
      }
      total -= log(sum)
      prev2 = prev
      prev = tag
    }
    return total
  }

  /// Two tokens, tags O, B-X, I-X: the first token leans to B-X, but after O the second token
  /// is sure to be O and after B-X it is anyone's guess. Greedy takes B-X first; a beam of two
  /// keeps O and finds the more probable sequence O O.
  @Test func aBeamFindsTheSequenceGreedyDecodingMisses() throws {
    let extractor = FeatureExtractor(gazetteer: Gazetteer(), bucketBits: 19, commonWords: [])
    let sentence = features("alpha beta", extractor)
    let second = Set(sentence.rows[sentence.rowsPerToken..<(2 * sentence.rowsPerToken)])
    let afterOutside = extractor.dynamicFeatures(sentence, 1, 0, 0).2
    // Every previous-tag row of either token, whatever the previous tags.
    var dynamicRows: [Int32] = []
    for position in 0..<2 {
      for prev in 0..<3 {
        for prev2 in 0..<3 {
          let rows = extractor.dynamicFeatures(sentence, position, prev, prev2)
          dynamicRows += [rows.0, rows.1, rows.2, rows.3]
        }
      }
    }
    #expect(dynamicRows.filter { $0 == afterOutside }.count == 3)  // position 1 after O only
    #expect(!sentence.rows.contains(afterOutside))
    let firstOnly = try #require(
      sentence.rows[0..<sentence.rowsPerToken].first {
        !second.contains($0) && !dynamicRows.contains($0)
      })
    var table = SparseTable(tagCount: 3)
    table.rows[firstOnly] = [1.0, 1.1, 0]
    table.rows[afterOutside] = [10, 0, 0]

    let greedy = GreedyDecoder(extractor: extractor).decode(table, sentence).tags
    let beam = BeamDecoder(extractor: extractor, width: 2).decode(table, sentence)
    #expect(greedy == [1, 0])
    #expect(beam.tags == [0, 0])
    #expect(
      logProbability(beam.tags, table, sentence, extractor, temperature: 1)
        > logProbability(greedy, table, sentence, extractor, temperature: 1))
    // Each token's probability is its tag's softmax given the chosen path: O after O is sure.
    #expect(beam.probabilities[0] < 0.5)
    #expect(beam.probabilities[1] > 0.99)
  }

  /// With the bundled model: width 1 is the greedy decoder exactly, and an exact beam (one
  /// hypothesis per pair of tags) never finds a less probable sequence than greedy or a
  /// narrow beam.
  @Test func widthOneIsGreedyAndAWideBeamIsAtLeastAsProbable() throws {
    let model = try NERModel.load(try EntityResources.defaultModelURL())
    let tagger = EntityTagger(
      model: model, gazetteer: try EntityResources.gazetteer(), openers: [])
    let extractor = tagger.extractor
    let temperature = tagger.temperature
    let texts = [
      "President Joe Biden met German Chancellor Olaf Scholz in Berlin on Monday .",
      "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
      "Masten Space Systems and the American University of Kabul said on Tuesday that Blue Origin would not attend .",
      "Shares of Harold T. Mensah & Co. rose after Okoro Ltd. said it would buy Sindh Textile Mills .",
    ]
    let greedyDecoder = GreedyDecoder(extractor: extractor)
    for text in texts {
      let sentence = features(text, extractor)
      let greedy = greedyDecoder.decode(model, sentence, temperature: temperature)
      let one = BeamDecoder(extractor: extractor, width: 1).decode(
        model, sentence, temperature: temperature)
      #expect(one.tags == greedy.tags)
      #expect(one.probabilities == greedy.probabilities)
      let narrow = BeamDecoder(extractor: extractor, width: 3).decode(
        model, sentence, temperature: temperature)
      let exact = BeamDecoder(extractor: extractor, width: model.tagCount * model.tagCount)
        .decode(model, sentence, temperature: temperature)
      let best = logProbability(exact.tags, model, sentence, extractor, temperature: temperature)
      let tolerance: Float = 1e-3
      #expect(
        best + tolerance
          >= logProbability(greedy.tags, model, sentence, extractor, temperature: temperature))
      #expect(
        best + tolerance
          >= logProbability(narrow.tags, model, sentence, extractor, temperature: temperature))
      // Every decoded sequence is a valid BIO sequence.
      for tags in [narrow.tags, exact.tags] {
        var prev = 0
        for tag in tags {
          #expect(BIO.allowed(tag, after: prev))
          prev = tag
        }
      }
    }
  }

  /// The stage's `beam` key: greedy by default, documented with its range.
  @Test func theStageIsGreedyByDefault() throws {
    var reader = try ConfigReader(node: nil, file: "test", section: "entities", origin: nil)
    #expect(try EntitiesStage.Config(reading: &reader).beam == 1)
    var describing = ConfigReader.describing("entities")
    _ = try EntitiesStage.Config(reading: &describing)
    let key = try #require(describing.keys.first { $0.name == "beam" })
    #expect(key.type == "integer")
    #expect(key.defaultValue == "1")
  }
}
