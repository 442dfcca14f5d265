import Foundation
import Pipeline
import Testing

@testable import Stages
@testable import Training

@Suite("Tagger: POS, UPOS, lemmas, chunks and the model file")
struct TaggerTests {
  static let model = Result { try TaggerModel.load(TaggerResources.defaultModelURL()) }

  /// Tags whitespace-separated words as one sentence with the bundled model.
  func tag(_ sentence: String) throws -> [TokenTag] {
    let model = try Self.model.get()
    let words = sentence.split(separator: " ").map(String.init)
    let gold = SyntaxSentence(words: words, pos: words.map { _ in "NN" }, document: 0)
    return model.tag(gold.wordInfos(), forms: words)
  }

  @Test func bundledModelTagsASentence() throws {
    let tags = try tag("The two cats were running quickly to the old houses .")
    #expect(
      tags.map(\.pos) == ["DT", "CD", "NNS", "VBD", "VBG", "RB", "IN", "DT", "JJ", "NNS", "."])
    #expect(
      tags.map(\.upos) == [
        "DET", "NUM", "NOUN", "AUX", "VERB", "ADV", "ADP", "DET", "ADJ", "NOUN", "PUNCT",
      ])
    #expect(
      tags.map(\.lemma) == [
        "the", "two", "cat", "be", "run", "quickly", "to", "the", "old", "house", ".",
      ])
    #expect(
      tags.map(\.chunk) == [
        "B-NP", "I-NP", "I-NP", "B-VP", "I-VP", "B-ADVP", "B-PP", "B-NP", "I-NP", "I-NP", "O",
      ])
  }

  @Test func properNounsKeepTheirCaseAndVerbsGetTheirBase() throws {
    let tags = try tag("Maria Lopez went to Madrid and bought three books .")
    #expect(tags[0].upos == "PROPN" && tags[0].lemma == "Maria")
    #expect(tags[4].upos == "PROPN" && tags[4].lemma == "Madrid")
    #expect(tags[2].lemma == "go" && tags[6].lemma == "buy" && tags[8].lemma == "book")
    #expect(tags[5].upos == "CCONJ")
  }

  @Test func chunkTagsAreValidIOB2() throws {
    let model = try Self.model.get()
    let sentences = [
      "In the morning , the committee said that prices had risen sharply .",
      "He wants to give up smoking because it is bad for his health .",
      "Shares of the company fell 5 percent on Monday after the report .",
    ]
    for sentence in sentences {
      let chunks = try tag(sentence).map(\.chunk)
      var previous = "O"
      for chunk in chunks {
        #expect(model.chunkScheme.tags.contains(chunk))
        if chunk.hasPrefix("I-") {
          let type = chunk.dropFirst(2)
          #expect(previous == "B-\(type)" || previous == "I-\(type)", "\(chunks)")
        }
        previous = chunk
      }
    }
  }

  @Test func chunkSpansDecodeIOB2() {
    let scheme = ChunkScheme(tags: ["O", "B-NP", "I-NP", "B-VP", "I-VP"])
    let spans = scheme.spans([1, 2, 3, 0, 2, 1, 1])
    #expect(
      spans.map { "\($0.first)-\($0.end)-\($0.type)" } == [
        "0-2-NP", "2-3-VP", "4-5-NP", "5-6-NP", "6-7-NP",
      ])
    #expect(!scheme.allows(2, after: 3) && scheme.allows(2, after: 1) && scheme.allows(4, after: 4))
    #expect(!scheme.allows(2, after: scheme.start))
  }

  @Test func lemmaRules() {
    let lemmatizer = Lemmatizer(
      exceptions: ["i\tPRP": "I"],
      irregular: ["went\tV": "go", "mice\tN": "mouse", "better\tA": "good", "n't\t*": "not"],
      vocabulary: [
        "N\tanything", "V\tmake", "V\tstop", "V\tcall", "N\tbox", "N\thouse", "A\tbig", "V\thope",
      ])
    let cases: [(String, String, String)] = [
      ("stopped", "VBD", "stop"), ("making", "VBG", "make"), ("called", "VBN", "call"),
      ("hoped", "VBD", "hope"), ("studies", "NNS", "study"), ("boxes", "NNS", "box"),
      ("houses", "NNS", "house"), ("cats", "NNS", "cat"), ("glass", "NN", "glass"),
      ("went", "VBD", "go"), ("Mice", "NNS", "mouse"), ("better", "JJR", "good"),
      ("bigger", "JJR", "big"), ("happiest", "JJS", "happy"), ("tried", "VBD", "try"),
      ("planned", "VBN", "plan"), ("argued", "VBD", "argue"), ("created", "VBN", "create"),
      ("walks", "VBZ", "walk"), ("n't", "RB", "not"), ("I", "PRP", "I"), ("The", "DT", "the"),
      ("Paris", "NNP", "Paris"), ("objectives", "NNS", "objective"),
      ("anything", "VBG", "anything"),
    ]
    for (form, tag, lemma) in cases {
      #expect(lemmatizer.lemma(form, tag: tag) == lemma, "\(form)/\(tag)")
    }
  }

  /// A model trained on a few hand-made sentences.
  func tinyModel(seed: UInt64 = 3) -> TaggerModel {
    let conll = [
      SyntaxSentence(
        words: ["The", "dog", "barked", "."], pos: ["DT", "NN", "VBD", "."],
        chunks: ["B-NP", "I-NP", "B-VP", "O"], document: 0),
      SyntaxSentence(
        words: ["A", "cat", "sleeps", "in", "the", "sun", "."],
        pos: ["DT", "NN", "VBZ", "IN", "DT", "NN", "."],
        chunks: ["B-NP", "I-NP", "B-VP", "B-PP", "B-NP", "I-NP", "O"], document: 0),
    ]
    let ewt = [
      SyntaxSentence(
        words: ["I", "was", "happy", "."], pos: ["PRP", "VBD", "JJ", "."],
        upos: ["PRON", "AUX", "ADJ", "PUNCT"], lemmas: ["I", "be", "happy", "."], document: 0),
      SyntaxSentence(
        words: ["She", "was", "there", "."], pos: ["PRP", "VBD", "RB", "."],
        upos: ["PRON", "VERB", "ADV", "PUNCT"], lemmas: ["she", "be", "there", "."], document: 1),
    ]
    var options = TaggerTrainer.Options()
    options.posEpochs = 4
    options.chunkEpochs = 4
    options.seed = seed
    return TaggerTrainer(options: options, irregular: ["was\tV": "be"]).train(
      conll: conll, ewt: ewt, metadata: "tiny", log: { _ in })
  }

  @Test func trainingIsDeterministicAndTheModelRoundTrips() throws {
    let bytes = tinyModel().encoded()
    #expect(bytes == tinyModel().encoded())
    let decoded = try TaggerModel.decode(bytes)
    #expect(decoded == tinyModel())
    #expect(decoded.encoded() == bytes)
    #expect(decoded.metadata == "tiny")
    #expect(decoded.lemmatizer.exceptions["i\tPRP"] == "I")
    let tags = decoded.tag(
      SyntaxSentence(words: ["The", "cat", "barked", "."], pos: [], document: 0).wordInfos(),
      forms: ["The", "cat", "barked", "."])
    #expect(tags.map(\.pos) == ["DT", "NN", "VBD", "."])
    #expect(tags.map(\.chunk) == ["B-NP", "I-NP", "B-VP", "O"])
  }

  func decodeError(_ bytes: [UInt8]) -> String {
    do {
      _ = try TaggerModel.decode(bytes)
      return ""
    } catch {
      return "\(error)"
    }
  }

  @Test func truncatedOrCorruptModelsAreClearErrors() throws {
    let bytes = tinyModel().encoded()
    #expect(decodeError(Array(bytes.prefix(bytes.count - 9))).contains("truncated"))
    #expect(decodeError(Array(bytes.prefix(20))).contains("truncated"))
    var corrupt = bytes
    corrupt[bytes.count / 2] ^= 0x40
    #expect(decodeError(corrupt).contains("checksum"))
    var magic = bytes
    magic[0] = UInt8(ascii: "X")
    #expect(decodeError(magic).contains("magic"))
    #expect(decodeError(Array(repeating: 0, count: 100)).contains("magic"))
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("cut.bin")
    try Data(bytes.prefix(bytes.count - 1)).write(to: url)
    #expect(throws: TaggerModelError.self) { try TaggerModel.load(url) }
    do {
      _ = try TaggerModel.load(url)
    } catch {
      #expect("\(error)".contains(url.path))
    }
  }

  @Test func corpusReadersCheckTheirInput() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(
      "-DOCSTART- -X- -X- O\n\nIt PRP B-NP O\n( ( O O\nsaid VBD B-VP O\n\n", "a.conll", in: folder)
    let conll = try SyntaxCorpus.loadCoNLL(folder.appendingPathComponent("a.conll"))
    #expect(conll.count == 1 && conll[0].pos == ["PRP", "-LRB-", "VBD"])
    #expect(conll[0].chunks == ["B-NP", "O", "B-VP"])
    try write("It PRP\n", "bad.conll", in: folder)
    #expect(throws: TaggerModelError.self) {
      try SyntaxCorpus.loadCoNLL(folder.appendingPathComponent("bad.conll"))
    }
    try write(
      "# newdoc id = x\n# text = don't\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
        + "1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n\n",
      "a.conllu", in: folder)
    let ud = try SyntaxCorpus.loadCoNLLU(folder.appendingPathComponent("a.conllu"))
    #expect(ud.count == 1 && ud[0].words == ["do", "n't"] && ud[0].lemmas == ["do", "not"])
    try write("1\tdo\tdo\n", "bad.conllu", in: folder)
    #expect(throws: TaggerModelError.self) {
      try SyntaxCorpus.loadCoNLLU(folder.appendingPathComponent("bad.conllu"))
    }
  }
}
