import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// A name joined by a hyphen to a lower-case word (``ModifierCompounds``): cut to the name
/// before the hyphen when the document names it apart (or it is "-based"), the words after the
/// token a name of their own.
@Suite struct EntityModifierCompoundTests {
  func kept(_ text: String, names: [(String, String)]) throws -> [String] {
    try EntityDocumentPassHelper().kept(text, names: names) { entities, text, tokens in
      ModifierCompounds.apply(&entities, text: text, tokens: tokens)
    }
  }

  @Test func aModifierIsCutToTheNameTheDocumentNames() throws {
    #expect(
      try kept(
        "Trump said so. The Trump-era tariffs stay.",
        names: [("Trump-era", "MISC"), ("Trump", "PERSON")])
        == ["Trump PERSON", "Trump PERSON"])
    #expect(
      try kept(
        "Kroger sells fish. Prices at Kroger-owned QFC stores rose.",
        names: [("Kroger-owned QFC", "MISC"), ("Kroger", "ORG")])
        == ["Kroger ORG", "Kroger ORG", "QFC MISC"])
  }

  @Test func aBasedPlaceIsAPlaceWithoutOtherMentions() throws {
    #expect(
      try kept(
        "It quoted InfoNation, a Sugar Land-based provider of data.",
        names: [("Sugar Land-based", "MISC")])
        == ["Sugar Land LOC"])
  }

  @Test func namesWrittenSoAndNationalitiesStay() throws {
    // The part before the hyphen is named nowhere else.
    #expect(
      try kept("President Moon Jae-in spoke.", names: [("Moon Jae-in", "PERSON")])
        == ["Moon Jae-in PERSON"])
    // A nationality is a word of its own.
    #expect(
      try kept(
        "The Brazilian-born striker left. Brazilian fans wept.",
        names: [("Brazilian-born", "MISC"), ("Brazilian", "MISC")])
        == ["Brazilian-born MISC", "Brazilian MISC"])
    // A capital after the hyphen, or a one-letter part, is no modifier.
    #expect(
      try kept(
        "Coca-Cola and X-rays. Coca sells.",
        names: [("Coca-Cola", "ORG"), ("X-rays", "MISC"), ("Coca", "ORG")])
        == ["Coca-Cola ORG", "X-rays MISC", "Coca ORG"])
  }

  @Test func theCompoundTokenIsFound() throws {
    let text = "the Mercer Island-based Dana Company"
    let sentences = try #require(EntityCleanupTests.sentences)
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let start = try #require(text.range(of: "Mercer")).lowerBound.utf16Offset(in: text)
    let entity = Entity(
      start: start, end: text.utf8.count, label: "MISC", origin: "model", confidence: 0.9)
    let compound = Array(text.utf8).withUnsafeBufferPointer {
      ModifierCompounds.compound(in: entity, text: $0, tokens: document.tokens)
    }
    let hyphen = try #require(text.range(of: "-based")).lowerBound.utf16Offset(in: text)
    let dana = try #require(text.range(of: "Dana")).lowerBound.utf16Offset(in: text)
    #expect(
      compound
        == ModifierCompounds.Compound(
          name: start..<hyphen, based: true, rest: dana..<text.utf8.count))
  }
}
