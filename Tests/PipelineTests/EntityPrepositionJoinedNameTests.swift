import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Two names read as one across a preposition or a possessive (``PrepositionJoinedNames``):
/// split only where the document (or a bundled list, for a possessor) names a part apart.
@Suite struct EntityPrepositionJoinedNameTests {
  func kept(_ text: String, names: [(String, String)]) throws -> [String] {
    let gazetteer = try #require(EntitiesTests.stage).tagger.gazetteer
    return try EntityDocumentPassHelper().kept(text, names: names) { entities, text, tokens in
      PrepositionJoinedNames.apply(&entities, text: text, tokens: tokens, gazetteer: gazetteer)
    }
  }

  @Test func aNameAfterAPrepositionThatTheDocumentNamesIsSplitOff() throws {
    #expect(
      try kept(
        "Rockets include New Glenn from Blue Origin. Blue Origin declined to comment.",
        names: [("New Glenn from Blue Origin", "ORG"), ("Blue Origin", "ORG")])
        == ["New Glenn ORG", "Blue Origin ORG", "Blue Origin ORG"])
    #expect(
      try kept(
        "He runs Advanced Development Programs at Blue Origin. Blue Origin grew.",
        names: [("Advanced Development Programs at Blue Origin", "ORG"), ("Blue Origin", "ORG")])
        == ["Advanced Development Programs ORG", "Blue Origin ORG", "Blue Origin ORG"])
    // After "to" a place the document names is split off too.
    #expect(
      try kept(
        "They sail the Inside Passage to Ketchikan. Ketchikan is cold.",
        names: [("Inside Passage to Ketchikan", "ORG"), ("Ketchikan", "LOC")])
        == ["Inside Passage ORG", "Ketchikan LOC", "Ketchikan LOC"])
  }

  @Test func organisationsNamedAfterTheirPlaceAndUnsupportedPartsStay() throws {
    // After "in" or "at", a place is part of the name.
    #expect(
      try kept(
        "Al Qaeda in Iraq claimed it. Iraq denied it.",
        names: [("Al Qaeda in Iraq", "ORG"), ("Iraq", "LOC")])
        == ["Al Qaeda in Iraq ORG", "Iraq LOC"])
    // The part after the preposition is named nowhere else.
    #expect(
      try kept(
        "We watched Broncos vs. Raiders at Mile High Stadium.",
        names: [("Broncos vs. Raiders at Mile High Stadium", "LOC")])
        == ["Broncos vs. Raiders at Mile High Stadium LOC"])
  }

  @Test func aPossessorTheDocumentOrAListNamesIsSplitOff() throws {
    // Boston is a bundled city.
    #expect(
      try kept(
        "She saw Boston’s Museum of Fine Arts on Sunday.",
        names: [("Boston’s Museum of Fine Arts", "ORG")])
        == ["Boston LOC", "Museum of Fine Arts ORG"])
    // One word after a possessor the document names stays ("McDonald's Corp").
    #expect(
      try kept(
        "Shares of Acme's Corp fell. Acme said so.",
        names: [("Acme's Corp", "ORG"), ("Acme", "ORG")])
        == ["Acme's Corp ORG", "Acme ORG"])
    // A title's office is one name.
    #expect(
      try kept(
        "The U.S. Attorney’s Office for the Western District sued. The U.S. Attorney spoke.",
        names: [
          ("U.S. Attorney’s Office for the Western District", "ORG"), ("U.S. Attorney", "ORG"),
        ])
        == ["U.S. Attorney’s Office for the Western District ORG", "U.S. Attorney ORG"])
    // A possessor named nowhere: "Martha's Vineyard" stays.
    #expect(
      try kept(
        "A friend on Martha's Vineyard Island called.", names: [("Martha's Vineyard Island", "LOC")]
      )
        == ["Martha's Vineyard Island LOC"])
  }
}
