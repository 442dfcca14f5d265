import Foundation
import Pipeline
import Testing

@testable import Stages

/// Constructions of lists and coordination (sets C-F, stop 33; sentences made up for the
/// tests): names coordinated before "of the ORG", a name after "of" that starts no list, a
/// title typed as a name that ends one, a comma place pair before ", and" and a verb, an
/// organisation's bracketed acronym or "the" before its country, a title's portfolio holding
/// names before the employer, and an employer's kind after several modifiers.
@Suite struct RelationListConstructionTests {
  @Test func namesCoordinatedBeforeOfTheOrganisation() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Pat Liu|PERSON] of [Victoria Hospital|PERSON] and [Chris Kuo|PERSON], [Struan Wilkie|PERSON], and [Owen Dempsey|PERSON] of the [Aberdeen Royal Infirmary|ORG] told the tale."
    )
    #expect(found.contains("Chris Kuo member_of Aberdeen Royal Infirmary"))
    #expect(found.contains("Struan Wilkie member_of Aberdeen Royal Infirmary"))
    #expect(found.contains("Owen Dempsey member_of Aberdeen Royal Infirmary"))
    // The name after "of" (a hospital the entities stage typed PERSON) starts no list.
    #expect(!found.contains { $0.hasPrefix("Victoria Hospital member_of") })
    // A title typed as a name ends a list: "Head" is no second person.
    let title = try RelationTestSupport.bareTriples(
      "It helps, says [Andre Neu|PERSON], [Head|PERSON] of [Platform Solutions|ORG] for them.")
    #expect(!title.contains { $0.contains("member_of") })
  }

  @Test func commaPlacePairBeforeAndAVerb() throws {
    let found = try RelationTestSupport.bareTriples(
      "The tour kicks off in [West Palm Beach|LOC], [Florida|LOC], and concludes in [Houston|LOC].")
    #expect(found.contains("West Palm Beach located_in Florida"))
    // A list goes on with "and the" or a third place: no pair.
    let list = try RelationTestSupport.bareTriples(
      "We work with partners in [Syria|LOC], [Iraq|LOC], and the international community.")
    #expect(!list.contains("Syria located_in Iraq"))
    let places = try RelationTestSupport.bareTriples(
      "Shows in [Paris|LOC], [Lyon|LOC], and [Berlin|LOC] sold out.")
    #expect(!places.contains("Paris located_in Lyon"))
  }

  @Test func organisationsAcronymOrTheBeforeItsPlace() throws {
    let acronym = try RelationTestSupport.bareTriples(
      "It grew out of course work at the [Interaction Design Institute Ivrea|ORG] ([IDII|ORG]) in [Ivrea|LOC]."
    )
    #expect(acronym.contains("Interaction Design Institute Ivrea located_in Ivrea"))
    let country = try RelationTestSupport.bareTriples(
      "Doctors of the [Aberdeen Royal Infirmary|ORG] in the [UK|LOC] told the tale.")
    #expect(country.contains("Aberdeen Royal Infirmary located_in UK"))
    // "in the" before a list of regions (the name before it is often part of a title).
    let regions = try RelationTestSupport.bareTriples(
      "The envoy for Religious [Minorities|ORG] in the [Near East|LOC] and [South Asia|LOC] spoke.")
    #expect(!regions.contains { $0.hasPrefix("Minorities located_in") })
  }

  @Test func titlesPortfolioWithNamesBeforeTheEmployer() throws {
    let found = try RelationTestSupport.bareTriples(
      "\"We are going,\" said [Brent Sherwood|PERSON], vice president of [Advanced Development Programs|ORG] at [Blue Origin|ORG]."
    )
    #expect(found.contains("Brent Sherwood role_in Blue Origin"))
    let lower = try RelationTestSupport.triples(
      "[Lewis Ward|PERSON], research director of gaming [VR|MISC] at tech market research firm [IDC|ORG], sees it so."
    )
    #expect(lower.contains("Lewis Ward role_in IDC [research director of gaming VR]"))
  }

  @Test func employersKindAfterSeveralModifiers() throws {
    let found = try RelationTestSupport.triples(
      "[Rachel Stephens|PERSON], senior analyst at industry analyst firm [RedMonk|ORG], shared her view."
    )
    #expect(found.contains("Rachel Stephens role_in RedMonk [senior analyst]"))
  }
}
