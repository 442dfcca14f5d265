import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Newspapers named after their town (``EntityTagger/joinedMastheads(_:_:_:_:)``): the town's
/// model span joined with the masthead words after it into one ORG.
@Suite struct EntityMastheadNameTests {
  let constructions = EntityNewsConstructionTests()

  /// The model spans over `names` (text, label) in the first sentence of `text` after the
  /// join, as "text LABEL".
  func joined(_ names: [(String, String)], in text: String) throws -> [String] {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, _ in
      let spans = try names.map {
        try constructions.modelSpan($0.0, in: text, tokens: tokens, label: $0.1, confidence: 0.9)
      }
      let base = tokens.startIndex
      return tagger.joinedMastheads(spans, buffer, tokens, sentence).map {
        let bytes = buffer[tokens[base + $0.first].start..<tokens[base + $0.end - 1].end]
        return "\(String(decoding: bytes, as: UTF8.self)) \($0.label)"
      }
    }
  }

  @Test func aTownAndItsMastheadAreOneNewspaper() throws {
    #expect(
      try joined(
        [("New York", "LOC"), ("Baltimore", "ORG")],
        in: "It owns the New York Daily News, Baltimore Sun and others.")
        == ["New York Daily News ORG", "Baltimore Sun ORG"])
    #expect(
      try joined(
        [("San Diego", "LOC"), ("Union-Tribune", "ORG")],
        in: "He bought the San Diego Union-Tribune last year.")
        == ["San Diego Union-Tribune ORG"])
  }

  @Test func otherWordsPeopleAndLongerNamesStayApart() throws {
    #expect(
      try joined([("Kentucky", "LOC")], in: "A Kentucky Democrat won.") == ["Kentucky LOC"])
    #expect(
      try joined([("Rudolph", "PERSON")], in: "Rudolph Times said so.") == ["Rudolph PERSON"])
    #expect(
      try joined([("Google", "ORG")], in: "The Google News Initiative paid.") == ["Google ORG"])
    #expect(
      try joined([("New York", "LOC")], in: "An article by New York magazine ran.")
        == ["New York LOC"])
  }
}
