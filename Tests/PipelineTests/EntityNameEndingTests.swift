import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// A model span never ends in a lower-case function word (``NameEndings``): the tagger's
/// trimming ends it before them. Made-up sentences through the real sentence splitter and
/// tokenizer, with the span given by the test, so that the trimming, not what the bundled
/// model happens to find, is checked.
@Suite struct EntityNameEndingTests {
  let constructions = EntityNewsConstructionTests()

  /// The text left of a model span over `name` in the first sentence of `text` after
  /// ``NameEndings/trimmed(_:_:_:_:)``; `entry` marks it as a bundled list's name.
  func trimmed(_ name: String, in text: String, entry: Int? = nil) throws -> String {
    try constructions.withSentence(text) { _, buffer, tokens, sentence, _ in
      let span = try constructions.modelSpan(
        name, in: text, tokens: tokens, label: "ORG", confidence: 0.9, entry: entry)
      let kept = NameEndings.trimmed(span, buffer, tokens, sentence)
      #expect(kept.first == span.first)
      #expect(kept.cut == (kept.end != span.end))
      let base = tokens.startIndex
      return String(
        decoding: buffer[tokens[base + kept.first].start..<tokens[base + kept.end - 1].end],
        as: UTF8.self)
    }
  }

  @Test func joiningWordsAreLowerCaseFunctionWords() {
    func check(_ word: String) -> Bool {
      Array(word.utf8).withUnsafeBufferPointer {
        NameEndings.isJoiningWord($0[...], lower: FeatureHash.lowercased($0))
      }
    }
    #expect(check("of"))
    #expect(check("and"))
    #expect(check("the"))
    #expect(!check("Of"))
    #expect(!check("AND"))
    #expect(!check("Street"))
    #expect(!check("counties"))
  }

  @Test func aSpanEndsBeforeTrailingFunctionWords() throws {
    #expect(
      try trimmed("Big Machine of", in: "She accused Big Machine of holding back the songs.")
        == "Big Machine")
    #expect(
      try trimmed("Toulouse Street and", in: "It plays Toulouse Street and The Captain.")
        == "Toulouse Street")
    #expect(
      try trimmed("Harbour Trust for the", in: "He spoke to Harbour Trust for the city.")
        == "Harbour Trust")
  }

  @Test func aSpanEndsBeforeTrailingLowerCaseWordsButPlaceNouns() throws {
    #expect(
      try trimmed("Big Machine owes", in: "An auditor found that Big Machine owes Taylor money.")
        == "Big Machine")
    #expect(
      try trimmed("Oklahoma Republican who", in: "An Oklahoma Republican who warned spoke.")
        == "Oklahoma Republican")
    #expect(
      try trimmed("Royal Shrewsbury hospital", in: "She was taken to Royal Shrewsbury hospital.")
        == "Royal Shrewsbury hospital")
    #expect(
      try trimmed("Ansar al-Sharia", in: "Ansar al-Sharia fighters left.") == "Ansar al-Sharia")
  }

  @Test func functionWordsInsideCapitalisedOnesAndListedNamesStay() throws {
    #expect(
      try trimmed("Bank of England", in: "The Bank of England raised rates.") == "Bank of England")
    #expect(
      try trimmed("Gone With The", in: "They watched Gone With The Wind again.") == "Gone With The")
    #expect(try trimmed("Smith and", in: "Smith and others left.") == "Smith")
    #expect(try trimmed("Chase and", in: "Chase and partners left.", entry: 0) == "Chase and")
  }
}
