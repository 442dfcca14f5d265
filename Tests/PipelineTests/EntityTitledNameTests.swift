import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Names decided by construction, whatever the model said (made-up sentences, none from a
/// dev set): a name after an abbreviated title is one PERSON without the title, a listed
/// province is a place unless something around it says person, a legal form makes a
/// company.
@Suite struct EntityTitledNameTests {
  func entities(_ text: String) throws -> [(text: String, label: String)] {
    try EntityCleanupTests().entities(text).map { ($0.text, $0.label) }
  }

  /// The abbreviated titles ``EntityTagger/abbreviatedTitles(_:_:_:_:)`` finds in a text,
  /// tokenised by the sentences stage, as the text they cover.
  func titles(_ text: String) throws -> [String] {
    let tagger = try #require(EntitiesTests.stage).tagger
    let sentences = try #require(EntityCleanupTests.sentences)
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let tokens = document.tokens[...]
    return Array(text.utf8).withUnsafeBufferPointer { buffer in
      let matches = tagger.gazetteer.matches(in: buffer, tokens: tokens)
      let sentence = tagger.extractor.extract(buffer, tokens: tokens, matches: matches, tags: nil)
      return tagger.abbreviatedTitles(buffer, tokens, sentence, matches).map { range in
        let bytes = buffer[tokens[range.first].start..<tokens[range.end - 1].end]
        return String(decoding: bytes, as: UTF8.self)
      }
    }
  }

  @Test func titlesAreKnownByTheirWrittenForm() throws {
    #expect(
      try titles("Lt. Col. Ayo Bankole met Hon. Ruth Obi and Mr Tade Ojo.")
        == ["Lt. Col.", "Hon.", "Mr"])
    // Capitals only: a country's initials or a heading's words, not titles.
    #expect(try titles("DR Congo beat Ghana on Sunday in Kinshasa.") == [])
    #expect(try titles("MR OBI WINS AGAIN IN LAGOS") == [])
  }

  @Test func aNameAfterATitleIsOnePersonWithoutTheTitle() throws {
    let found = try entities(
      "Lt. Col. Ayo Bankole inspected the troops before Hon. Ruth Obi arrived.")
    #expect(found.contains { $0.text == "Ayo Bankole" && $0.label == "PERSON" })
    #expect(found.contains { $0.text == "Ruth Obi" && $0.label == "PERSON" })
    for title in ["Lt.", "Col.", "Hon."] {
      #expect(!found.contains { $0.text.contains(title) })
    }
  }

  @Test func aListedProvinceNextToPersonWordsIsLeftToTheModel() throws {
    // "Nelson" is a New Zealand region in ISO 3166-2, and a surname: a verb of saying and a
    // form of address say person here, so the province list does not retype it.
    let found = try entities("Nelson said the vote was fair, and Ms Nelson left early.")
    #expect(!found.contains { $0.text == "Nelson" && $0.label == "LOC" })
    // Alone after a place preposition, the list decides.
    let place = try entities("The family moved from Kandahar to Balochistan last year.")
    #expect(place.contains { $0.text == "Balochistan" && $0.label == "LOC" })
  }

  @Test func aLegalFormMakesACompany() throws {
    // A middle initial inside such a name ("Harold T. Mensah & Co.") splits it with the stop 33
    // model (and with any model retrained since stop 28), and the model leaves "Ltd." out of
    // "Okoro Ltd.": docs/news-relations.md, "Stop 33: the merge", left.
    let found = try entities("Shares of Kwame Mensah & Co. rose after the results.")
    #expect(found.contains { $0.text == "Kwame Mensah & Co." && $0.label == "ORG" })
  }
}
