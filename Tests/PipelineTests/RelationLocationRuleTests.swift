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
    #expect(try T.triples("[Booker|PERSON] did not die in [Jordan|LOC].").isEmpty)
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
}
