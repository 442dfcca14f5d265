import Foundation
import Pipeline
import Testing

@testable import Stages

/// Rules added for where people and organisations are, and for unit membership.
@Suite struct RelationLocationRuleTests {
  typealias T = RelationTestSupport

  @Test func personEventPlaceAcrossAnAppositiveAndADate() throws {
    let found = try T.triples(
      "Spc. [Isiah L. Booker|PERSON], of [Cibolo|LOC], [Texas|LOC], died [Jan. 7|DATE], in [Jordan|LOC], in a non-combat incident."
    )
    #expect(found.contains("Isiah L. Booker located_in Jordan"))
    #expect(found.contains("Isiah L. Booker located_in Cibolo"))
    #expect(
      try T.triples(
        "We mourn [Charles H. Keating IV|PERSON], who was killed [yesterday|DATE] in northern [Iraq|LOC]."
      ) == ["Charles H. Keating IV located_in Iraq"])
    #expect(try T.triples("[Booker|PERSON] did not die in [Jordan|LOC].").isEmpty)
  }

  @Test func placeOfAnXBasedWord() throws {
    #expect(
      try T.triples(
        "[Amnesty International|ORG], a [London|LOC]-based rights group, said the attack was planned."
      ) == ["Amnesty International located_in London"])
    // Only a BASED slot binds the place: "visited a London-based firm" is no visit to London.
    #expect(
      try T.triples("[Jane Roe|PERSON] visited a [London|LOC]-based firm on Monday.").isEmpty)
  }

  @Test func personFromPlace() throws {
    let found = try T.triples(
      "A local physician from [Husaybah|LOC], [Zahid Mohammed Rawi|PERSON], said that workers left."
    )
    #expect(found == ["Zahid Mohammed Rawi located_in Husaybah"])
  }

  @Test func theMetPersonIsInThePlaceToo() throws {
    let found = try T.triples(
      "[Carter|PERSON] today met with [Iraqi|MISC] Prime Minister [Haider al-Abadi|PERSON] in [Baghdad|LOC], where they spoke."
    )
    #expect(found.contains("Carter met_with Haider al-Abadi"))
    #expect(found.contains("Carter visited Baghdad"))
    #expect(found.contains("Haider al-Abadi located_in Baghdad"))
  }

  @Test func organisationHostingAnEventInAPlace() throws {
    let found = try T.triples(
      "In addition, the [EU|ORG] will be hosting a conference in [Brussels|LOC] next month.")
    #expect(found == ["EU located_in Brussels"])
  }

  @Test func agreementBetweenTwoGovernments() throws {
    let found = try T.triples(
      "I welcome the agreement reached yesterday between the [Government of Iraq|ORG] and the [Kurdistan Regional Government|ORG] on the budget."
    )
    #expect(found == ["Government of Iraq met_with Kurdistan Regional Government"])
  }

  @Test func unitPartOfAnotherThroughARelativeClause() throws {
    let found = try T.triples(
      "They will comprise the [134th Expeditionary Fighter Squadron|ORG], which will fly strike missions against [ISIL|ORG] as part of the [407th Air Expeditionary Group|ORG]."
    )
    #expect(
      found.contains(
        "134th Expeditionary Fighter Squadron member_of 407th Air Expeditionary Group"))
  }

  @Test func ordersAreCommunication() throws {
    let found = try T.triples(
      "After Zarqawi's death, [Ghadiya|PERSON] took orders from his successor, [Abu Ayyub Al-Masri|PERSON]."
    )
    #expect(found == ["Ghadiya met_with Abu Ayyub Al-Masri"])
  }

  @Test func placeInsideAPlaceThroughAPlaceNounOrASiteOf() throws {
    #expect(
      try T.triples(
        "[Dae'sh|ORG] claimed attacks in the [Al-Sinek|LOC] neighborhood in [Baghdad|LOC].")
        == ["Al-Sinek located_in Baghdad"])
    #expect(
      try T.triples("[ISIL|ORG]'s presence in the ancient site of [Palmyra|LOC] is a tragedy.")
        == ["ISIL located_in Palmyra"])
  }

  @Test func unitDeployedToAPlace() throws {
    let found = try T.triples(
      "[Ninety-Four Citizen Airmen|ORG] from the [507th Air Refueling Wing|ORG] here departed for a deployment to [Incirlik Air Base|LOC], [Turkey|LOC] to support the operation."
    )
    #expect(found.contains("Ninety-Four Citizen Airmen located_in Incirlik Air Base"))
    #expect(!found.contains("507th Air Refueling Wing located_in Incirlik Air Base"))
    #expect(!found.contains("Ninety-Four Citizen Airmen located_in Turkey"))
  }

  @Test func coordinatedSubjectWithASeveralWordTitle() throws {
    let found = try T.triples(
      "[U.S.|LOC] Secretary of State [Kerry|PERSON] and [U.S.|LOC] Secretary of Defense [Ash Carter|PERSON] will host ministers in [Washington D.C.|LOC] on Monday."
    )
    #expect(found.contains("Kerry visited Washington D.C."))
    #expect(found.contains("Ash Carter visited Washington D.C."))
  }

  @Test func aPlaceAfterInIsNotTheMinistersState() throws {
    let found = try T.triples(
      "In [Turkey|LOC] Minister [Ellwood|PERSON] met with the [Syrian National Coalition|ORG]."
    )
    #expect(found == ["Ellwood met_with Syrian National Coalition"])
    #expect(
      try T.triples("[Turkey|LOC]'s Foreign Minister [Mevlut Cavusoglu|PERSON] spoke.")
        == ["Mevlut Cavusoglu role_in Turkey [Foreign Minister]"])
  }

  @Test func aPlaceBeforePeopleIsNotThePlaceVisited() throws {
    let found = try T.triples(
      "Later in the day, [Carter|PERSON] flew to visit [U.S.|LOC] service members at [Qayyarah Airfield West|LOC]."
    )
    #expect(found == ["Carter visited Qayyarah Airfield West"])
  }

  @Test func theTargetOfAnAttackIsNotPartOfTheAttacker() throws {
    let found = try T.triples(
      "The [134th Expeditionary Fighter Squadron|ORG] will fly strike missions against [ISIL|ORG] as part of the [407th Air Expeditionary Group|ORG]."
    )
    #expect(!found.contains("ISIL member_of 407th Air Expeditionary Group"))
  }

  @Test func aPlaceNamedAfterIncludingIsInsideTheFirst() throws {
    #expect(
      try T.triples(
        "The United States condemns the attacks in [Iraq|LOC] [today|DATE], including one in [Baghdad|LOC]."
      ) == ["Baghdad located_in Iraq"])
  }

  @Test func aUnitIsAtTheBaseWrittenAfterIt() throws {
    let found = try T.triples(
      "[Booker|PERSON] was assigned to [2nd Battalion|ORG], [5th Special Forces Group|ORG], [Fort Campbell|LOC], [Kentucky|LOC]."
    )
    #expect(found.contains("5th Special Forces Group located_in Fort Campbell"))
    #expect(!found.contains("2nd Battalion located_in Fort Campbell"))
  }

  @Test func aPlaceAlsoCalledSomethingInADirectionOfAnother() throws {
    #expect(
      try T.triples(
        "[Carter|PERSON] visited troops at [Qayyarah Airfield West|LOC], also called “Q-West” in northern [Iraq|LOC]."
      ).contains("Qayyarah Airfield West located_in Iraq"))
  }

  @Test func aMeetingOfAGroupTookPlaceInAPlace() throws {
    #expect(
      try T.triples(
        "The last meeting of [Coalition|ORG] foreign ministers took place in [Rome|LOC], [Italy|LOC], on [February 2, 2016|DATE]."
      ).contains("Coalition located_in Rome"))
  }
}
