import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Span rules that hold whatever the model tags: a legal form ends a company's name, a
/// mission word after its country is no name. Spans are given, so the model's luck does not
/// decide the test.
@Suite struct EntityLegalFormSplitTests {
  /// The texts of the spans the rule returns for the model span over words `first..<end` of
  /// `text` (tokens by the sentences stage), with their labels.
  func split(_ text: String, _ first: Int, _ end: Int, label: String = "ORG") throws
    -> [(String, String)]
  {
    let sentences = try #require(EntityCleanupTests.sentences)
    let tagger = try #require(EntitiesTests.stage).tagger
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let tokens = document.tokens[...]
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
      let matches = tagger.gazetteer.matches(in: buffer, tokens: tokens)
      let sentence = tagger.extractor.extract(buffer, tokens: tokens, matches: matches, tags: nil)
      let span = EntityTagger.ModelSpan(first: first, end: end, label: label, confidence: 0.9)
      return tagger.cutAfterLegalForm(span, buffer, tokens, sentence).map {
        (document.slice(tokens[$0.first].start, tokens[$0.end - 1].end), $0.label)
      }
    }
  }

  @Test func aLegalFormFollowedByALowerCaseWordEndsTheName() throws {
    // Words: Shares(0) of(1) Harold(2) T.(3) Mensah(4) &(5) Co.(6) rose(7) after(8) Okoro(9)
    // Ltd.(10) reported(11) .(12)
    let parts = try split(
      "Shares of Harold T. Mensah & Co. rose after Okoro Ltd. reported.", 2, 11, label: "PERSON")
    #expect(parts.map(\.0) == ["Harold T. Mensah & Co.", "Okoro Ltd."])
    #expect(parts.first?.1 == "ORG")
  }

  @Test func aLegalFormBeforeAConnectorOrAtTheEndKeepsTheSpan() throws {
    let joined = try split("He joined Acme Co. of Delaware last year.", 2, 6)
    #expect(joined.map(\.0) == ["Acme Co. of Delaware"])
    let whole = try split("He joined Smith Brothers Co. last year.", 2, 5)
    #expect(whole.map(\.0) == ["Smith Brothers Co."])
  }

  @Test func aMissionWordAfterItsCountryIsNoName() throws {
    let sentences = try #require(EntityCleanupTests.sentences)
    let tagger = try #require(EntitiesTests.stage).tagger
    let text = "Protesters gathered outside the U.S. Embassy and the Zentrix Embassy on Friday."
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let tokens = document.tokens[...]
    let position = { (word: String) -> Int? in
      tokens.firstIndex { document.slice($0) == word }
    }
    let embassies = tokens.indices.filter { document.slice(tokens[$0]) == "Embassy" }
    try #require(embassies.count == 2 && position("U.S.") != nil)
    let bytes = Array(text.utf8)
    let (afterCountry, afterName) = bytes.withUnsafeBufferPointer { buffer in
      let matches = tagger.gazetteer.matches(in: buffer, tokens: tokens)
      let sentence = tagger.extractor.extract(buffer, tokens: tokens, matches: matches, tags: nil)
      func alone(_ at: Int) -> Bool {
        tagger.isMissionWordAfterCountry(
          EntityTagger.ModelSpan(first: at, end: at + 1, label: "MISC", confidence: 0.8),
          sentence, matches)
      }
      return (alone(embassies[0]), alone(embassies[1]))
    }
    #expect(afterCountry)
    #expect(!afterName)
  }
}
