import Foundation
import Pipeline
import Testing

@testable import Stages
@testable import Training

@Suite("Tagger: casing statistics from unlabeled text, batched weight lookups")
struct TaggerUnlabeledTests {
  /// The hashed lower-case form of a word, as the tagger keys it.
  func hash(_ word: String) -> UInt64 {
    SyntaxSentence(words: [word], pos: ["NN"], document: 0).wordInfos()[0].lower
  }

  @Test func casingClassesCountLowerAndCapitalisedUses() {
    var profile = CaseProfile()
    let text = """
      We ate an apple. Then another apple and a pear went to Paris with Apple staff.
      Paris is far. They like Paris and apple pie.
      The Big Apple Of The World Is Here
      Apple
      """
    profile.add(text: Array(text.utf8))
    let classes = profile.classes()
    // apple: 3 lower-case, 1 capitalised mid-sentence (title-case line and lone word skipped)
    #expect(classes[hash("apple")] == 4)
    // Paris: capitalised mid-sentence twice (the sentence-initial one is not counted)
    #expect(classes[hash("paris")] == 1)
    // pear: once only (under the minimum count)
    #expect(classes[hash("pear")] == nil)
    // and: lower case only
    #expect(classes[hash("and")] == 6)
    #expect(classes.values.allSatisfy { $0 > 0 && $0 < UInt64(CaseProfile.classCount) })
    var frequent = CaseProfile()
    for _ in 0..<12 {
      frequent.add(
        sentence: SyntaxSentence(
          words: ["we", "saw", "Paris"], pos: [], document: 0
        ).wordInfos())
    }
    #expect(frequent.classes()[hash("paris")] == 7)
    #expect(frequent.classes()[hash("saw")] == 12)
  }

  @Test func unlabeledTextReadsFoldersAndJSONLines() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let texts = folder.appendingPathComponent("texts")
    try FileManager.default.createDirectory(at: texts, withIntermediateDirectories: true)
    try "second".write(to: texts.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
    try "first".write(to: texts.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    try "skipped".write(
      to: texts.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
    let lines = folder.appendingPathComponent("docs.jsonl")
    try "{\"text\": \"one\"}\n\n{\"id\": 2, \"text\": \"two\"}\n".write(
      to: lines, atomically: true, encoding: .utf8)
    let loaded = try UnlabeledText.load([texts, lines]).map { String(decoding: $0, as: UTF8.self) }
    #expect(loaded == ["first", "second", "one", "two"])

    let bad = folder.appendingPathComponent("bad.jsonl")
    try "{\"text\": \"one\"}\n{\"title\": 3}\n".write(to: bad, atomically: true, encoding: .utf8)
    #expect {
      try UnlabeledText.load([bad])
    } throws: { "\($0)".contains("bad.jsonl:2") && "\($0)".contains("\"text\"") }
    #expect {
      try UnlabeledText.load([folder.appendingPathComponent("missing")])
    } throws: { "\($0)".contains("missing") && "\($0)".contains("does not exist") }
  }

  @Test func excludedFileNamesAreLeftOutOfTheCasingTexts() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let corpora = folder.appendingPathComponent("corpora")
    let gold = corpora.appendingPathComponent(UnlabeledText.defaultSources[0])
    let evaluation = corpora.appendingPathComponent(UnlabeledText.defaultExcluded[0])
    for url in [gold, evaluation] {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    try "Kept text with Paris.".write(
      to: gold.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    try "An evaluation article about Burisma.".write(
      to: gold.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
    try "An evaluation article about Burisma.".write(
      to: evaluation.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
    let all = try UnlabeledText.load([gold])
    let kept = try UnlabeledText.load([gold], excludingNamesIn: [evaluation])
    #expect(all.count == 2)
    #expect(kept == [Array("Kept text with Paris.".utf8)])
    #expect(try UnlabeledText.loadDefault(corpora: corpora) == kept)
    #expect(throws: (any Error).self) {
      try UnlabeledText.load([gold], excludingNamesIn: [corpora.appendingPathComponent("none")])
    }
  }

  @Test func learningCurveFoldsTrainOnTheFollowingFolds() {
    var options = TaggerTrainer.Options()
    #expect(
      TaggerTrainer(options: options, irregular: [:]).trainingFolds(of: 0, count: 4) == [1, 2, 3])
    options.crossValidationTrainFolds = 1
    #expect(TaggerTrainer(options: options, irregular: [:]).trainingFolds(of: 0, count: 4) == [1])
    options.crossValidationTrainFolds = 2
    let two = TaggerTrainer(options: options, irregular: [:])
    #expect(two.trainingFolds(of: 3, count: 4) == [0, 1])
    #expect((0..<4).allSatisfy { !two.trainingFolds(of: $0, count: 4).contains($0) })
  }

  /// A model trained on two sentences, with casing statistics from a little text.
  func casedModel() -> TaggerModel {
    let conll = [
      SyntaxSentence(
        words: ["The", "Service", "was", "good", "."], pos: ["DT", "NN", "VBD", "JJ", "."],
        chunks: ["B-NP", "I-NP", "B-VP", "B-ADJP", "O"], document: 0),
      SyntaxSentence(
        words: ["We", "met", "John", "at", "the", "service", "."],
        pos: ["PRP", "VBD", "NNP", "IN", "DT", "NN", "."],
        chunks: ["B-NP", "B-VP", "B-NP", "B-PP", "B-NP", "I-NP", "O"], document: 1),
    ]
    let text = Array("the service was slow. we met John and John met the service staff.\n".utf8)
    var options = TaggerTrainer.Options()
    options.posEpochs = 3
    options.chunkEpochs = 3
    let casing = TaggerTrainer.casing(sentences: conll, texts: [text])
    return TaggerTrainer(options: options, irregular: [:], casing: casing).train(
      conll: conll, ewt: [], metadata: "cased", log: { _ in })
  }

  @Test func casingClassesAreBundledInTheModel() throws {
    let model = casedModel()
    // service: lower case three times, capitalised once mid-sentence
    #expect(model.tagDictionary.casingClass(hash("service")) == 4)
    #expect(model.tagDictionary.casingClass(hash("john")) == 1)
    let bytes = model.encoded()
    #expect(bytes == casedModel().encoded())
    let decoded = try TaggerModel.decode(bytes)
    #expect(decoded == model)
    #expect(decoded.tagDictionary.casing == model.tagDictionary.casing)
  }

  @Test func batchedScoresEqualKeyByKeyScores() throws {
    let model = try TaggerModel.load(TaggerResources.defaultModelURL())
    let sentence = SyntaxSentence(
      words: ["Great", "Service", "at", "the", "Hotel", "near", "Zzqx", "Street", "!"], pos: [],
      document: 0)
    let words = sentence.wordInfos()
    let weights = model.posWeights
    let keys = POSFeatures.extract(words, model.tagDictionary)
    let perToken = POSFeatures.staticCount
    let tagCount = weights.tagCount
    let rows = UnsafeMutablePointer<Float>.allocate(capacity: words.count * tagCount)
    defer { rows.deallocate() }
    rows.initialize(repeating: -1, count: words.count * tagCount)
    weights.scoreRows(keys, perToken: perToken, count: words.count, into: rows) { $0 != 3 }
    let expected = UnsafeMutablePointer<Float>.allocate(capacity: tagCount)
    defer { expected.deallocate() }
    for token in words.indices {
      if token == 3 {
        #expect((0..<tagCount).allSatisfy { rows[token * tagCount + $0] == -1 })
        continue
      }
      expected.initialize(repeating: 0, count: tagCount)
      for slot in 0..<perToken { weights.accumulate(keys[token * perToken + slot], into: expected) }
      let same = (0..<tagCount).allSatisfy {
        rows[token * tagCount + $0].bitPattern == expected[$0].bitPattern
      }
      #expect(same, "token \(token)")
    }
  }

  @Test func pluralsLoseOnlyTheirEnding() {
    let lemmatizer = Lemmatizer(
      exceptions: [:], irregular: [:], vocabulary: ["N\tsite", "N\tsit", "N\tplan", "N\tbus"])
    let cases: [(String, String)] = [
      ("plants", "plant"), ("sites", "site"), ("users", "user"), ("scores", "score"),
      ("buses", "bus"), ("boxes", "box"), ("studies", "study"),
    ]
    for (form, lemma) in cases {
      #expect(lemmatizer.lemma(form, tag: "NNS") == lemma, "\(form)")
    }
  }
}
