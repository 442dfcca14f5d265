import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Two names joined by a hyphen in one token (``HyphenJoinedNames``): split only when the
/// document names both parts apart.
@Suite struct EntityHyphenJoinedNameTests {
  func kept(_ text: String, names: [(String, String)]) throws -> [String] {
    try EntityDocumentPassHelper().kept(text, names: names) { entities, text, tokens in
      HyphenJoinedNames.apply(&entities, text: text, tokens: tokens)
    }
  }

  @Test func namesJoinedByAHyphenSplitWhenTheDocumentNamesEachApart() throws {
    #expect(
      try kept(
        "The Coty-Kylie Jenner deal closed. Coty paid. Kylie Jenner smiled.",
        names: [("Coty-Kylie Jenner", "PERSON"), ("Coty", "ORG"), ("Kylie Jenner", "PERSON")])
        == ["Coty ORG", "Kylie Jenner PERSON", "Coty ORG", "Kylie Jenner PERSON"])
  }

  @Test func hyphenatedNamesStay() throws {
    // Only one half is named apart.
    #expect(
      try kept(
        "Bosnia-Herzegovina voted. Bosnia is small.",
        names: [("Bosnia-Herzegovina", "LOC"), ("Bosnia", "LOC")])
        == ["Bosnia-Herzegovina LOC", "Bosnia LOC"])
    // A compound of nationalities is one word.
    #expect(
      try kept(
        "The Arab-Israeli war ended. Arab states and Israeli troops left.",
        names: [("Arab-Israeli", "MISC"), ("Arab", "MISC"), ("Israeli", "MISC")]
      ).first == "Arab-Israeli MISC")
    // A lower-case part, or two hyphens, is no pair of names.
    #expect(
      try kept(
        "Trump-era rules and Austria-Hungary-Serbia talks. Trump spoke. Austria, Hungary and Serbia met.",
        names: [
          ("Trump-era", "MISC"), ("Austria-Hungary-Serbia", "MISC"), ("Trump", "PERSON"),
          ("Austria", "LOC"), ("Hungary", "LOC"), ("Serbia", "LOC"),
        ]
      ).prefix(2) == ["Trump-era MISC", "Austria-Hungary-Serbia MISC"])
  }
}
