import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

/// The NER trainer's options for names it has not seen: masking gold names, averaging runs.
@Suite struct EntityTrainingOptionsTests {
  func train(maskNames: Double = 0, runs: Int = 1) throws -> NERModel {
    let examples = try EntityModelTests().tinyCorpus()
    var options = NERTrainer.Options()
    options.epochs = 10
    options.bucketBits = 14
    options.seed = 5
    options.maskNames = maskNames
    options.runs = runs
    let trainer = NERTrainer(gazetteer: Gazetteer(), options: options)
    return trainer.train(train: examples, dev: [], metadata: "tiny", log: { _ in })
  }

  @Test func aMaskedTokenLosesItsWordButKeepsItsShape() throws {
    let example = try #require(EntityModelTests().tinyCorpus().first)
    let extractor = FeatureExtractor(gazetteer: Gazetteer(), bucketBits: 16, commonWords: [])
    var masked = [Bool](repeating: false, count: example.tokens.count)
    masked[0] = true
    let (plain, hidden) = example.bytes.withUnsafeBufferPointer {
      (
        extractor.extract($0, tokens: example.tokens[...]),
        extractor.extract($0, tokens: example.tokens[...], masked: masked)
      )
    }
    let width = plain.rowsPerToken
    // Row 1 is the word, row 7 the shape (see FeatureExtractor.Template).
    #expect(plain.rows[1] != hidden.rows[1])
    #expect(plain.rows[7] == hidden.rows[7])
    // The next token's previous-word feature (row 3) sees the mask too.
    #expect(plain.rows[width + 3] != hidden.rows[width + 3])
    // Tokens two or more away are untouched.
    let far = 3 * width
    #expect(plain.rows[far..<far + width] == hidden.rows[far..<far + width])
  }

  @Test func maskingIsDeterministicAndChangesTheModel() throws {
    let plain = try train()
    let first = try train(maskNames: 0.5)
    let second = try train(maskNames: 0.5)
    #expect(first.encoded() == second.encoded())
    #expect(first.weights != plain.weights)
  }

  @Test func averagedRunsAreDeterministicAndRecordTheirEpochs() throws {
    let one = try train()
    let first = try train(runs: 3)
    let second = try train(runs: 3)
    #expect(first.encoded() == second.encoded())
    #expect(first.weights != one.weights)
    #expect(first.metadata.contains("epochs: 10,10,10"))
  }
}
