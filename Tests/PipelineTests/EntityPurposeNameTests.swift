import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Organisations named for their purpose ("Salk Institute for Biological Studies",
/// ``EntityTagger/joinedPurposeNames(_:_:_:_:)``): the model's head span joined with the
/// purpose after "for" or "on".
@Suite struct EntityPurposeNameTests {
  let constructions = EntityNewsConstructionTests()

  /// The model spans over `names` in the first sentence of `text` after the join, as "text
  /// LABEL".
  func joined(_ names: [String], in text: String) throws -> [String] {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, _ in
      let spans = try names.map {
        try constructions.modelSpan($0, in: text, tokens: tokens, label: "ORG", confidence: 0.9)
      }
      let base = tokens.startIndex
      return tagger.joinedPurposeNames(spans, buffer, tokens, sentence).map {
        let bytes = buffer[tokens[base + $0.first].start..<tokens[base + $0.end - 1].end]
        return "\(String(decoding: bytes, as: UTF8.self)) \($0.label)"
      }
    }
  }

  @Test func aPurposeJoinsItsOrganisation() throws {
    #expect(
      try joined(
        ["Salk Institute", "Biological Studies"],
        in: "She works at the Salk Institute for Biological Studies in La Jolla.")
        == ["Salk Institute for Biological Studies ORG"])
    // Capitalised words the model left out, after an article, with "of" and "to" inside.
    #expect(
      try joined(
        ["National Society"],
        in: "He backed the National Society for the Prevention of Cruelty to Children campaign.")
        == ["National Society for the Prevention of Cruelty to Children ORG"])
    #expect(
      try joined(
        ["House Select Committee"],
        in: "The House Select Committee on Intelligence met.")
        == ["House Select Committee on Intelligence ORG"])
  }

  @Test func otherHeadsDatesAndLowerCaseWordsStayApart() throws {
    #expect(
      try joined(["Bank"], in: "The Bank for years lent money.") == ["Bank ORG"])
    #expect(
      try joined(["Senate Committee"], in: "The Senate Committee on Monday voted.")
        == ["Senate Committee ORG"])
    #expect(
      try joined(["Apple", "Google"], in: "Apple for Google fans.") == ["Apple ORG", "Google ORG"])
  }
}
