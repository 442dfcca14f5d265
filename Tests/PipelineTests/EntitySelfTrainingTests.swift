import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

/// `nlpipe train ner --self-train PATH`: sentences of unlabelled text tagged by the trained
/// model, kept when all their names are sure and consistent in their document.
@Suite struct EntitySelfTrainingTests {
  /// A document with space-separated tokens, one sentence per line, and the given names
  /// (text, label, confidence), each found at its first occurrence after the previous name.
  func document(_ lines: [String], names: [(String, String, Double)]) -> Document {
    let text = lines.joined(separator: "\n")
    var document = Document(id: "d", location: "d", format: .text, source: text)
    let bytes = Array(text.utf8)
    var start: Int?
    for (offset, byte) in bytes.enumerated() {
      if byte == 0x20 || byte == 0x0A {
        if let open = start { document.tokens.append(Token(start: open, end: offset)) }
        start = nil
      } else if start == nil {
        start = offset
      }
    }
    if let open = start { document.tokens.append(Token(start: open, end: bytes.count)) }
    var offset = 0
    for line in lines {
      document.sentences.append(Sentence(start: offset, end: offset + line.utf8.count))
      offset += line.utf8.count + 1
    }
    var from = text.startIndex
    for (name, label, confidence) in names {
      guard let range = text.range(of: name, range: from..<text.endIndex) else { continue }
      from = range.upperBound
      document.entities.append(
        Entity(
          start: text.utf8.distance(from: text.startIndex, to: range.lowerBound),
          end: text.utf8.distance(from: text.startIndex, to: range.upperBound), label: label,
          origin: "model", confidence: confidence))
    }
    return document
  }

  /// The example's names as (text, type).
  func names(_ example: NERExample) -> [(String, String)] {
    example.entities.map { span in
      let start = example.tokens[span.first].start
      let end = example.tokens[span.end - 1].end
      return (String(decoding: example.bytes[start..<end], as: UTF8.self), span.type)
    }
  }

  @Test func sentencesWithOnlySureConsistentNamesBecomeExamples() {
    let document = document(
      [
        "Ada Lovelace visited Turin .",
        "The weather was fine .",
        "Turin greeted Ada Lovelace .",
        "Babbage wrote to Menabrea .",
        "Menabrea replied .",
      ],
      names: [
        ("Ada Lovelace", "PERSON", 0.999), ("Turin", "LOC", 1),
        ("Turin", "LOC", 0.995), ("Ada Lovelace", "PERSON", 1),
        ("Babbage", "PERSON", 0.999), ("Menabrea", "ORG", 0.999),
        ("Menabrea", "PERSON", 0.999),
      ])
    let examples = SelfTraining().examples(document)
    // Sentences 1 and 3 only: 2 has no name, 4 and 5 hold "Menabrea", typed two ways.
    #expect(examples.count == 2)
    let first = examples.map(names)
    #expect(first[0].map(\.0) == ["Ada Lovelace", "Turin"])
    #expect(first[0].map(\.1) == ["PER", "LOC"])
    #expect(first[1].map(\.0) == ["Turin", "Ada Lovelace"])
    // Offsets are the sentence's own: its first token starts at 0.
    #expect(examples[1].tokens.first?.start == 0)
    #expect(String(decoding: examples[1].bytes, as: UTF8.self) == "Turin greeted Ada Lovelace .")
  }

  @Test func oneUnsureMentionKeepsTheNamesSentencesOut() {
    let document = document(
      ["Gdansk is a port .", "Ships reach Gdansk daily ."],
      names: [("Gdansk", "LOC", 0.999), ("Gdansk", "LOC", 0.9)])
    #expect(SelfTraining().examples(document).isEmpty)
    var lenient = SelfTraining()
    lenient.minimumConfidence = 0.9
    #expect(lenient.examples(document).count == 2)
  }

  @Test func aNameThatIsNotWholeTokensKeepsItsSentenceOut() {
    var document = document(["Mercer-Smith spoke ."], names: [])
    // "Mercer" alone: a part of the token "Mercer-Smith".
    document.entities = [
      Entity(start: 0, end: 6, label: "PERSON", origin: "model", confidence: 1)
    ]
    #expect(SelfTraining().examples(document).isEmpty)
  }

  @Test func englishTextsAreTheOnesWithFunctionWords() {
    #expect(
      SelfTraining.functionWordShare("The mayor of the city and the council met.") >= 0.04)
    #expect(
      SelfTraining.functionWordShare("Vláda schválila návrh zákona o státním rozpočtu.") < 0.04)
    #expect(SelfTraining.functionWordShare("") == 0)
  }

  @Test func theBundledModelTagsEnglishTextOnly() throws {
    let model = try NERModel.load(EntityResources.defaultModelURL())
    let english =
      "The talks in Berlin were the first of the year. "
      + "The mayor of Berlin and the police of the city spoke of them."
    let czech = "Jednání v Berlíně byla první v tomto roce."
    let (examples, englishTexts) = try SelfTraining().examples(
      texts: [english, czech], model: model)
    #expect(examples.count == 2)
    #expect(englishTexts == 1)
    for example in examples {
      // Every token slices its own sentence's bytes; every name is whole tokens.
      for token in example.tokens { #expect(token.start >= 0 && token.end <= example.bytes.count) }
      for span in example.entities {
        #expect(span.first < span.end && span.end <= example.tokens.count)
      }
    }
    #expect(examples.flatMap(names).contains { $0.0 == "Berlin" && $0.1 == "LOC" })
    let czechOnly = try SelfTraining().examples(texts: [czech], model: model)
    #expect(czechOnly.examples.isEmpty && czechOnly.englishTexts == 0)
  }
}
