import Foundation
import Pipeline
import Testing

@testable import Stages

/// The noun phrases exported with relation arguments (`head_phrase`, `tail_phrase`).
@Suite struct RelationPhraseTests {
  typealias T = RelationTestSupport

  /// "head relation tail | head_phrase | tail_phrase" for each relation ("-": no phrase).
  func phrases(_ markup: String) throws -> [String] {
    var document = T.document(markup)
    try T.stage().process(&document)
    return document.relations.map { relation in
      let head = T.name(document, relation.head)
      let tail = T.name(document, relation.tail)
      let headPhrase = relation.attributes["head_phrase"] ?? "-"
      let tailPhrase = relation.attributes["tail_phrase"] ?? "-"
      return "\(head) \(relation.relation) \(tail) | \(headPhrase) | \(tailPhrase)"
    }
  }

  @Test func placeNounOfBeforeAPlace() throws {
    #expect(
      try phrases(
        "Attacks hit the towns of [Jabla|LOC] in the northwest province of [Latakia|LOC] today.")
        == ["Jabla located_in Latakia | - | the northwest province of Latakia"])
    #expect(
      try phrases("[ISIL|ORG]'s presence in the ancient site of [Palmyra|LOC] is a tragedy.")
        == ["ISIL located_in Palmyra | - | the ancient site of Palmyra"])
  }

  @Test func directionAndPlaceNounAroundAPlace() throws {
    #expect(
      try phrases("[Hibhib Village|LOC] is a village in northern [Iraq|LOC].")
        == ["Hibhib Village located_in Iraq | - | northern Iraq"])
    #expect(
      try phrases("Two attacks hit the [Al-Sinek|LOC] neighborhood in [Baghdad|LOC].")
        == ["Al-Sinek located_in Baghdad | Al-Sinek neighborhood | -"])
  }

  @Test func aPlaceAfterACommaButNotTheOtherArgumentOrAList() throws {
    #expect(
      try phrases(
        "[Ninety-Four Citizen Airmen|ORG] departed for a deployment to [Incirlik Air Base|LOC], [Turkey|LOC] on Monday."
      ).contains(
        "Ninety-Four Citizen Airmen located_in Incirlik Air Base | - | Incirlik Air Base, Turkey"))
    // The comma rule's own head and tail: the tail is not taken into the head's phrase.
    #expect(
      try phrases("He grew up in [Fort Campbell|LOC], [Kentucky|LOC].")
        == ["Fort Campbell located_in Kentucky | - | -"])
  }

  @Test func peopleOfAGroup() throws {
    #expect(
      try phrases(
        "[ISIL|ORG] fighters in the heart of [East Mosul|LOC] held the hospital.")
        == ["ISIL located_in East Mosul | ISIL fighters | the heart of East Mosul"])
  }

  @Test func wordsThatNoArticleOpensAreNoPhrase() throws {
    // "in ... province of": a preposition, not a modifier, before the noun.
    #expect(
      try phrases("[ISIL|ORG] in province of [Raqqa|LOC].")
        == ["ISIL located_in Raqqa | - | -"])
    #expect(
      try phrases("[ISIL|ORG] in the province of [Raqqa|LOC].")
        == ["ISIL located_in Raqqa | - | the province of Raqqa"])
  }

  @Test func aGroupWithOneModifierAndAPlaceBeforeADate() throws {
    #expect(
      try phrases(
        "The last meeting of [Coalition|ORG] foreign ministers took place in [Rome|LOC], [Italy|LOC], on [February 2, 2016|DATE]."
      ).contains("Coalition located_in Rome | Coalition foreign ministers | Rome, Italy"))
    // A list of places is not one place.
    let list = try phrases(
      "[ISIL|ORG] fighters in [Qamenas|LOC], [Sarmin|LOC], [Talamenes|LOC] held out.")
    #expect(list.contains("ISIL located_in Qamenas | ISIL fighters | -"))
    #expect(list.allSatisfy { !$0.contains("Qamenas, Sarmin") })
  }
}
