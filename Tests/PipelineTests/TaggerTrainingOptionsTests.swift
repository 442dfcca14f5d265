import Testing

@testable import Stages
@testable import Training

@Suite("Tagger: training options and the proper-plural and number lemma rules")
struct TaggerTrainingOptionsTests {
  /// Averaged scores of `key` under `weights`.
  func scores(_ weights: SparseWeights, _ key: UInt32) -> [Float] {
    var result = [Float](repeating: 0, count: weights.tagCount)
    result.withUnsafeMutableBufferPointer { buffer in
      if let base = buffer.baseAddress { weights.accumulate(key, into: base) }
    }
    return result
  }

  @Test func domainCopiesFoldIntoOneTable() {
    var table = PerceptronTable(tagCount: 3)
    table.domain = 1
    table.tick()
    table.update([7], truth: 0, guess: 1)
    table.domain = 2
    table.tick()
    table.update([7], truth: 2, guess: 1)
    table.tick()
    table.tick()
    // Clock 5; shared row: +1 at 2 and 3 ... averaged w - u / c.
    let shared = scores(table.sparse(domain: 0), 7)
    let web = scores(table.sparse(domain: 2), 7)
    let news = scores(table.sparse(domain: 1), 7)
    for (got, want) in zip(shared, [Float(0.6), -1.0, 0.4]) { #expect(abs(got - want) < 0.01) }
    for (got, want) in zip(web, [Float(0.6), -1.4, 0.8]) { #expect(abs(got - want) < 0.01) }
    for (got, want) in zip(news, [Float(1.2), -1.6, 0.4]) { #expect(abs(got - want) < 0.01) }
  }

  @Test func fixedWordsNeedFrequencyAndOneTag() {
    let always = (word: UInt64(11), tag: 3)
    let mixed = [(word: UInt64(12), tag: 1), (word: UInt64(12), tag: 2)]
    let rare = (word: UInt64(13), tag: 4)
    let sentences = Array(repeating: [always, always] + mixed + mixed, count: 10) + [[rare, rare]]
    let dictionary = TagDictionary.build(sentences, fixedCount: 20)
    #expect(dictionary.fixedTag(11) == 3)
    #expect(dictionary.fixedTag(12) == -1)
    #expect(dictionary.fixedTag(13) == -1)
    #expect(dictionary.ambiguity(13) != TagDictionary.unknown)
    #expect(TagDictionary.build(sentences).fixed.isEmpty)
  }

  func infos(_ words: [String]) -> [WordInfo] {
    SyntaxSentence(words: words, pos: [], document: 0).wordInfos()
  }

  @Test func titleCaseSentences() {
    #expect(POSFeatures.titleCase(infos(["Great", "Food", "And", "Friendly", "Service"])))
    #expect(POSFeatures.titleCase(infos(["SOCCER", "-", "JAPAN", "GET", "LUCKY", "WIN"])))
    #expect(!POSFeatures.titleCase(infos(["The", "food", "was", "great", "."])))
    #expect(!POSFeatures.titleCase(infos(["Hi", "Bob"])))
  }

  @Test func jackknifedChunkerTrainsDeterministically() throws {
    let conll = [
      SyntaxSentence(
        words: ["The", "dog", "barked", "."], pos: ["DT", "NN", "VBD", "."],
        chunks: ["B-NP", "I-NP", "B-VP", "O"], document: 0),
      SyntaxSentence(
        words: ["A", "cat", "sleeps", "in", "the", "sun", "."],
        pos: ["DT", "NN", "VBZ", "IN", "DT", "NN", "."],
        chunks: ["B-NP", "I-NP", "B-VP", "B-PP", "B-NP", "I-NP", "O"], document: 1),
    ]
    var options = TaggerTrainer.Options()
    options.posEpochs = 3
    options.chunkEpochs = 3
    options.chunkFolds = 2
    options.domainAdaptation = true
    let trainer = TaggerTrainer(options: options, irregular: [:])
    let pos = trainer.jackknifedPOS(
      conll: conll, ewt: [], posTags: TaggerTrainer.posTags(conll), log: { _ in })
    #expect(pos.map(\.count) == [4, 7])
    let first = trainer.train(conll: conll, ewt: [], metadata: "", log: { _ in }).encoded()
    let second = trainer.train(conll: conll, ewt: [], metadata: "", log: { _ in }).encoded()
    #expect(first == second)
  }

  @Test func properPluralsAndNumbers() {
    let lemmatizer = Lemmatizer(exceptions: [:], irregular: [:], vocabulary: [])
    let cases: [(String, String, String)] = [
      ("Americans", "NNPS", "American"), ("Rockies", "NNPS", "Rocky"), ("Swiss", "NNPS", "Swiss"),
      ("Paris", "NNP", "Paris"), ("100,000", "CD", "100000"), ("1,250,000", "CD", "1250000"),
      ("3,40", "CD", "3,40"), ("1,2345", "CD", "1,2345"), ("12", "CD", "12"),
      ("a,b", "CD", "a,b"),
    ]
    for (form, tag, lemma) in cases {
      #expect(lemmatizer.lemma(form, tag: tag) == lemma, "\(form)/\(tag)")
    }
  }
}
