import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Two names joined by "and" in one model span (``CoordinatedNames``): split only when the
/// document names both parts apart. Made-up texts through the real sentence splitter and
/// tokenizer, with the model's names given by the test.
@Suite struct EntityCoordinatedNameTests {
  /// The names kept by ``CoordinatedNames/apply(_:text:tokens:)``, in order, with their labels.
  func kept(_ text: String, names: [(String, String)]) throws -> [String] {
    try EntityDocumentPassHelper().kept(text, names: names) { entities, text, tokens in
      CoordinatedNames.apply(&entities, text: text, tokens: tokens)
    }
  }

  @Test func namesJoinedByAndSplitWhenTheDocumentNamesEachApart() throws {
    #expect(
      try kept(
        "The Steelers and Browns were fined. The Steelers lost. Browns fans were angry.",
        names: [("Steelers and Browns", "ORG"), ("Steelers", "ORG"), ("Browns", "MISC")])
        == ["Steelers ORG", "Browns MISC", "Steelers ORG", "Browns MISC"])
  }

  @Test func aNameHoldingAndOrAPartNamedNowhereElseStays() throws {
    // Only one half is named apart.
    #expect(
      try kept(
        "Blue Origin and Elon Musk bid. Blue Origin won.",
        names: [("Blue Origin and Elon Musk", "ORG"), ("Blue Origin", "ORG")])
        == ["Blue Origin and Elon Musk ORG", "Blue Origin ORG"])
    // A name with "and" inside, whose halves are no names alone.
    #expect(
      try kept(
        "The Securities and Exchange Commission sued. Bosnia and Herzegovina voted.",
        names: [("Securities and Exchange Commission", "ORG"), ("Bosnia and Herzegovina", "LOC")])
        == ["Securities and Exchange Commission ORG", "Bosnia and Herzegovina LOC"])
    // Two "and"s, or an "&", are no pair of names.
    #expect(
      try kept(
        "Ford and Fiat and Kia met. Ford and Kia and Fiat left.",
        names: [("Ford and Fiat and Kia", "ORG"), ("Ford", "ORG"), ("Fiat", "ORG"), ("Kia", "ORG")]
      )
      .first == "Ford and Fiat and Kia ORG")
  }

  @Test func aPartTakesTheLabelMostOfItsMentionsHave() {
    #expect(CoordinatedNames.label(["LOC", "ORG", "ORG"]) == "ORG")
    #expect(CoordinatedNames.label(["LOC", "ORG"]) == "LOC")
    #expect(CoordinatedNames.label([]) == nil)
    #expect(CoordinatedNames.label(nil) == nil)
  }
}
