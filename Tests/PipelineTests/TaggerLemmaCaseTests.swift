import Testing

@testable import Stages
@testable import Training

@Suite("Tagger: learned lemma case rules")
struct TaggerLemmaCaseTests {
  @Test func shapesAndChanges() {
    #expect(LemmaCase.shape("french", initial: false) == 1)
    #expect(LemmaCase.shape("French", initial: false) == 2)
    #expect(LemmaCase.shape("AP", initial: false) == 3)
    #expect(LemmaCase.shape("TEHRAN", initial: true) == 4 | 8)
    #expect(LemmaCase.shape("3rd", initial: false) == 0)
    #expect(LemmaCase.capitalFirst.apply("mcDonald") == "McDonald")
    #expect(LemmaCase.title.apply("TEHRAN") == "Tehran")
    #expect(LemmaCase.lower.apply("Service") == "service")
    #expect(LemmaCase.keep.apply("iPhone") == "iPhone")
    #expect(LemmaCase.title.apply("") == "")
  }

  /// EWT-like sentences: lower-case nationality adjectives with capitalised lemmas, and a
  /// lower-case adjective keeping its case.
  func sentences(_ adjectives: [String]) -> [SyntaxSentence] {
    adjectives.enumerated().map { index, adjective in
      let capitalised =
        adjective == "big" ? "big" : adjective.prefix(1).uppercased() + adjective.dropFirst()
      return SyntaxSentence(
        words: ["the", adjective, "food"], pos: ["DT", "JJ", "NN"], upos: ["DET", "ADJ", "NOUN"],
        lemmas: ["the", capitalised, "food"], document: index)
    }
  }

  @Test func trainerLearnsACaseChangeThatBeatsTheRules() throws {
    let ewt = sentences(["french", "irish", "swedish", "big", "thai"])
    var options = TaggerTrainer.Options()
    options.posEpochs = 2
    options.chunkEpochs = 1
    let model = TaggerTrainer(options: options, irregular: [:]).train(
      conll: [], ewt: ewt, metadata: "", log: { _ in })
    let key = Lemmatizer.caseKey(casing: 0, shape: 1)
    #expect(model.lemmatizer.caseRules["JJ"]?[key] == .capitalFirst)
    // An adjective the training data never had, and the one that kept its case (an exception).
    #expect(model.lemmatizer.lemma("german", tag: "JJ") == "German")
    #expect(model.lemmatizer.lemma("big", tag: "JJ") == "big")
    // Other tags and shapes are untouched.
    #expect(model.lemmatizer.lemma("german", tag: "NN") == "german")
    #expect(model.lemmatizer.lemma("german", tag: "JJ", initial: true) == "german")
    let decoded = try TaggerModel.decode(model.encoded())
    #expect(decoded.lemmatizer.caseRules == model.lemmatizer.caseRules)

    options.lemmaCaseMargin = 0
    let plain = TaggerTrainer(options: options, irregular: [:]).train(
      conll: [], ewt: ewt, metadata: "", log: { _ in })
    #expect(plain.lemmatizer.caseRules.isEmpty)
    #expect(plain.lemmatizer.lemma("german", tag: "JJ") == "german")
  }

  @Test func malformedCaseRulesAreAClearError() {
    #expect(throws: TaggerModelError.self) { try LemmaCaseTable.parse(["JJ\t1": "9"]) }
    #expect(throws: TaggerModelError.self) { try LemmaCaseTable.parse(["JJ": "1"]) }
    let rules: [String: [UInt16: LemmaCase]] = ["JJ": [1: .capitalFirst], "NNP": [260: .title]]
    #expect((try? LemmaCaseTable.parse(LemmaCaseTable.flatten(rules))) == rules)
  }
}
