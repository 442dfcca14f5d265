import Foundation
import Testing

@testable import Stages
@testable import Training

/// A feature scorer over a fixed table (key -> one weight per tag).
private struct ToyScorer: FeatureScorer {
  let tagCount: Int
  var table: [UInt32: [Float]] = [:]

  func accumulate(_ key: UInt32, into scores: UnsafeMutablePointer<Float>) {
    guard let weights = table[key] else { return }
    for tag in 0..<tagCount { scores[tag] += weights[tag] }
  }
}

@Suite("Tagger: structured chunk decoding, lexicon base forms")
struct TaggerChunkDecodingTests {
  static let scheme = ChunkScheme(tags: ["O", "B-NP", "I-NP"])

  /// The tags `ChunkDecoding.viterbi` picks for two tokens whose static scores prefer `O`
  /// first, when `I-NP` after `B-NP` is worth `bonus` on the second token.
  func decode(bonus: Float) -> [Int] {
    let words = SyntaxSentence(words: ["big", "dogs"], pos: [], document: 0).wordInfos()
    let pos = [0, 1]
    var scorer = ToyScorer(tagCount: 3)
    let key = ChunkFeatures.dynamic(words, pos, 1, 1, Self.scheme.start).0
    scorer.table[key] = [0, 0, bonus]
    let rows: [Float] = [1, 0.9, 0, 0, 0.5, 0]
    return rows.withUnsafeBufferPointer { rows in
      guard let base = rows.baseAddress else { return [] }
      return ChunkDecoding.viterbi(scorer, words, pos, rows: base, scheme: Self.scheme)
    }
  }

  @Test func viterbiFindsTheBestAllowedSequence() {
    // A greedy decoder takes `O` (1 > 0.9) and then cannot continue a chunk; the search
    // sees that `B-NP I-NP` (0.9 + 5) beats `O B-NP` (1 + 0.5).
    #expect(decode(bonus: 5) == [1, 2])
    #expect(decode(bonus: 0.1) == [0, 1])
  }

  @Test func beamKeepsTheBestStatesInOrder() {
    let scores: [Float] = [0.5, -.infinity, 2, 2, -1, 3]
    var kept = [Int](repeating: -1, count: ChunkDecoding.beam)
    let count = scores.withUnsafeBufferPointer { scores in
      kept.withUnsafeMutableBufferPointer { kept in
        ChunkDecoding.top(scores.baseAddress!, scores.count, into: kept.baseAddress!)
      }
    }
    #expect(count == min(ChunkDecoding.beam, 5))
    #expect(Array(kept.prefix(count)) == Array([5, 2, 3, 0, 4].prefix(count)))
  }

  @Test func structuredChunkerLearnsItsTrainingData() {
    let conll = [
      SyntaxSentence(
        words: ["The", "old", "dog", "barked", "."], pos: ["DT", "JJ", "NN", "VBD", "."],
        chunks: ["B-NP", "I-NP", "I-NP", "B-VP", "O"], document: 0),
      SyntaxSentence(
        words: ["A", "cat", "sleeps", "in", "the", "sun", "."],
        pos: ["DT", "NN", "VBZ", "IN", "DT", "NN", "."],
        chunks: ["B-NP", "I-NP", "B-VP", "B-PP", "B-NP", "I-NP", "O"], document: 1),
    ]
    var options = TaggerTrainer.Options()
    options.chunkEpochs = 5
    let posTags = TaggerTrainer.posTags(conll)
    let trainer = TaggerTrainer(options: options, irregular: [:])
    let (scheme, weights) = trainer.trainChunker(conll, posTags: posTags, log: { _ in })
    let index = Dictionary(uniqueKeysWithValues: posTags.enumerated().map { ($1, $0) })
    for sentence in conll {
      let tags = ChunkDecoding.tagChunks(
        weights, ChunkTransitions(weights, posCount: posTags.count), sentence.wordInfos(),
        sentence.pos.map { index[$0] ?? 0 }, scheme: scheme)
      #expect(tags.map { scheme.tags[$0] } == sentence.chunks)
    }
  }

  @Test func denseTransitionRowsDecodeAsKeyByKeyLookups() throws {
    let model = try TaggerModel.load(TaggerResources.defaultModelURL())
    let sentences = [
      "Shares of the company fell 5 percent on Monday after the report .",
      "He wants to give up smoking because it is bad for his health , she said .",
      "Great Service at the Hotel near Zzqx Street !",
    ]
    let tagCount = model.chunkWeights.tagCount
    for text in sentences {
      let words = SyntaxSentence(
        words: text.split(separator: " ").map(String.init), pos: [], document: 0
      ).wordInfos()
      let pos = GreedyDecoding.tagPOS(model.posWeights, model.tagDictionary, words)
      let keys = ChunkFeatures.extract(words, pos)
      var rows = [Float](repeating: 0, count: words.count * tagCount)
      rows.withUnsafeMutableBufferPointer { rows in
        model.chunkWeights.scoreRows(
          keys, perToken: ChunkFeatures.staticCount, count: words.count, into: rows.baseAddress!,
          include: { _ in true })
      }
      let keyByKey = rows.withUnsafeBufferPointer { rows in
        ChunkDecoding.viterbi(
          model.chunkWeights, words, pos, rows: rows.baseAddress!, scheme: model.chunkScheme)
      }
      #expect(model.chunks(words, pos) == keyByKey, "\(text)")
    }
  }

  @Test func lexiconBaseFormsReplaceOnlyAnUnknownGuess() {
    let plain = Lemmatizer(exceptions: [:], irregular: [:], vocabulary: [])
    #expect(plain.lemma("timed", tag: "VBN") == "tim")
    let lexicon = Lemmatizer(
      exceptions: [:], irregular: [:], vocabulary: ["v\ttime", "v\tstag", "v\tstage", "n\tache"])
    #expect(lexicon.lemma("timed", tag: "VBN") == "time")
    // the rules' guess is itself a lexicon word: kept, though an earlier candidate is one too
    #expect(lexicon.lemma("staged", tag: "VBD") == "stage")
    #expect(lexicon.lemma("aches", tag: "NNS") == "ache")
    // the corpora's words still come first
    let corpus = Lemmatizer(
      exceptions: [:], irregular: [:], vocabulary: ["V\ttim", "v\ttime"])
    #expect(corpus.lemma("timed", tag: "VBD") == "tim")
  }

  @Test func bundledLexiconLoadsAndBadRowsAreClearErrors() throws {
    let bases = try TaggerResources.bases()
    #expect(bases.count > 20_000)
    #expect(bases.contains("V\ttime") && bases.contains("N\tsite") && !bases.contains("N\teggs"))
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bases-\(UUID().uuidString).tsv")
    defer { try? FileManager.default.removeItem(at: file) }
    try "# comment\nV\twalk\nX\tjump\n".write(to: file, atomically: true, encoding: .utf8)
    #expect {
      try TaggerResources.bases(file)
    } throws: { error in
      "\(error)".contains(file.path) && "\(error)".contains("row 2")
    }
  }
}
