import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// One golden rule case from the fixture.
struct GoldenRule: Sendable, CustomTestStringConvertible {
  var id: String
  var title: String
  var text: String
  var sentences: [String]
  var testDescription: String { "\(id) \(title)" }
}

enum SentenceFixtures {
  static let splitter: SentenceSplitter? = try? SentenceSplitter.standard()

  static let goldenRules: [GoldenRule] = {
    guard
      let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
        .appendingPathComponent("sentences/golden_rules_en.jsonl"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else { return [] }
    return text.split(separator: "\n").compactMap { line in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let id = object["id"] as? String, let title = object["title"] as? String,
        let text = object["text"] as? String, let sentences = object["sentences"] as? [String]
      else { return nil }
      return GoldenRule(id: id, title: title, text: text, sentences: sentences)
    }
  }()

  /// Whitespace collapsed to single spaces, ends trimmed (the scorer's normalisation).
  static func normalized(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{200B}" || $0 == "\u{FEFF}" })
      .joined(separator: " ")
  }

  static func sentences(_ text: String) throws -> [String] {
    let splitter = try #require(splitter)
    return splitter.split(text).map { Document.slice(text, $0.start, $0.end) }
  }
}

@Test func goldenRulesFixtureIsComplete() {
  #expect(SentenceFixtures.goldenRules.count == 52)
}

@Test(arguments: SentenceFixtures.goldenRules)
func goldenRule(_ rule: GoldenRule) throws {
  let got = try SentenceFixtures.sentences(rule.text).map(SentenceFixtures.normalized)
    .filter { !$0.isEmpty }
  let want = rule.sentences.map(SentenceFixtures.normalized).filter { !$0.isEmpty }
  #expect(got == want)
}

@Test func sentencesHaveNoOuterWhitespaceAndSliceBack() throws {
  let text = "  First one.  \n\nSecond one!\tThird?  "
  let splitter = try #require(SentenceFixtures.splitter)
  let sentences = splitter.split(text)
  #expect(
    sentences.map { Document.slice(text, $0.start, $0.end) } == [
      "First one.", "Second one!", "Third?",
    ])
}

@Test func blankLineAlwaysEndsASentence() throws {
  #expect(
    try SentenceFixtures.sentences("Dear Mr.\n\nSmith went home") == [
      "Dear Mr.", "Smith went home",
    ])
}

@Test func paragraphSeparatorEndsASentence() throws {
  #expect(
    try SentenceFixtures.sentences("See Mr.\u{2029}Smith there") == ["See Mr.", "Smith there"])
}

@Test func singleNewlineInsideAParagraphDoesNotEndASentence() throws {
  let text =
    "The committee met on Monday and decided that the new rules\nwould take effect next year."
  #expect(try SentenceFixtures.sentences(text).count == 1)
}

@Test func headingLineBeforeProse() throws {
  let text =
    "Introduction\nThe committee met on Monday and decided that the new rules would apply to all.\n"
  #expect(try SentenceFixtures.sentences(text).count == 2)
}

@Test func bulletedLinesAreSentences() throws {
  let text = "Shopping list:\n- apples and pears\n- bread\n* milk"
  #expect(
    try SentenceFixtures.sentences(text) == [
      "Shopping list:", "- apples and pears", "- bread", "* milk",
    ])
}

@Test func abbreviationsAndStarters() throws {
  #expect(try SentenceFixtures.sentences("Dr. Watson arrived. He was late.").count == 2)
  #expect(try SentenceFixtures.sentences("See Fig. 3 for details.").count == 1)
  #expect(try SentenceFixtures.sentences("He moved to Calif. in 2001.").count == 1)
  #expect(try SentenceFixtures.sentences("Apples, pears, etc. The rest is fine.").count == 2)
  #expect(try SentenceFixtures.sentences("Use a tool, e.g. A hammer.").count == 1)
  #expect(
    try SentenceFixtures.sentences("Mrs. Robinson arrived at 10 a.m. She was late.").count == 2)
  #expect(try SentenceFixtures.sentences("Prices rose in Jan. Analysts expected less.").count == 2)
  #expect(try SentenceFixtures.sentences("They met on Jan. 5 in Paris.").count == 1)
  #expect(try SentenceFixtures.sentences("Gen. Smith and Col. Jones met Sen. Brown.").count == 1)
  #expect(try SentenceFixtures.sentences("I met J. R. R. Tolkien once. He was kind.").count == 2)
}

@Test func webTextRules() throws {
  #expect(try SentenceFixtures.sentences("where did you go? i was there.").count == 2)
  #expect(
    try SentenceFixtures.sentences("I love her. :) She is great.") == [
      "I love her. :)", "She is great.",
    ])
  #expect(try SentenceFixtures.sentences("Regards, Kevin").count == 2)
}

@Test func dottedCountryBeforeATitledNameDoesNotEndASentence() throws {
  #expect(
    try SentenceFixtures.sentences("It was backed by U.S. Rep. Ilhan Omar, who spoke.") == [
      "It was backed by U.S. Rep. Ilhan Omar, who spoke."
    ])
  #expect(
    try SentenceFixtures.sentences(
      "U.S. Sen. Bob Menendez and U.K. Prime Minister Boris Johnson met."
    )
    .count == 1)
  // After a determiner the dotted form is a noun that can end the sentence.
  #expect(
    try SentenceFixtures.sentences("He lives in the U.S. Dr. Smith disagreed.") == [
      "He lives in the U.S.", "Dr. Smith disagreed.",
    ])
}
