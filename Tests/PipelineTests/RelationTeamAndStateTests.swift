import Foundation
import Pipeline
import Testing

@testable import Stages

/// Constructions of news beyond politics (set D, stop 31; sentences made up for the tests):
/// a player's team before the position, a game statistic "for" a team, an organisation's team
/// "of" named people, an office holder's state named with the party, an agency named with
/// its country's possessive, and a comma place list before a possessive.
@Suite struct RelationTeamAndStateTests {
  @Test func teamBeforeAPlayersPosition() throws {
    let found = try RelationTestSupport.bareTriples(
      "Suspensions for [Browns|MISC] pass rusher [Myles Garrett|PERSON] followed.")
    #expect(found.contains("Myles Garrett member_of Browns"))
    let quarterback = try RelationTestSupport.bareTriples(
      "[Penn State|ORG] quarterback [Sean Clifford|PERSON] said so.")
    #expect(quarterback.contains("Sean Clifford member_of Penn State"))
    // A nationality word before the position is no team.
    let nationality = try RelationTestSupport.bareTriples(
      "The [Spanish|MISC|Spain] striker [Juan Roe|PERSON] scored.")
    #expect(!nationality.contains { $0.hasPrefix("Juan Roe member_of") })
  }

  @Test func gameStatisticForATeam() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Tre Harbison|PERSON] rushed for 112 yards on 30 carries for [NIU|ORG].")
    #expect(found.contains("Tre Harbison member_of NIU"))
    let rebound = try RelationTestSupport.bareTriples(
      "After [Danny Green|PERSON] got a key offensive rebound for the [Lakers|ORG], they won.")
    #expect(rebound.contains("Danny Green member_of Lakers"))
    // A team the entities stage typed as a place.
    let place = try RelationTestSupport.bareTriples(
      "[Chris Paul|PERSON] had four points and 10 assists for the [Thunder|LOC].")
    #expect(place.contains("Chris Paul member_of Thunder"))
    // Without a statistic, "for" an organisation is no membership.
    let plan = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON] drew up a plan for [Acme|ORG].")
    #expect(!plan.contains("Jane Roe member_of Acme"))
  }

  @Test func anOrganisationsTeamOfPeople() throws {
    let found = try RelationTestSupport.bareTriples(
      "The [Tennis Podcast|ORG] team of [Jane Roe|PERSON], [John Doe|PERSON] and [Ann Lee|PERSON] spoke."
    )
    #expect(found.contains("Jane Roe member_of Tennis Podcast"))
    #expect(found.contains("John Doe member_of Tennis Podcast"))
    #expect(found.contains("Ann Lee member_of Tennis Podcast"))
  }

  @Test func officeHoldersStateNamedWithTheParty() throws {
    let found = try RelationTestSupport.triples(
      "Senator [Mark Warner|PERSON], a [Virginia|LOC] [Democrat|MISC], said so.")
    #expect(found.contains("Mark Warner role_in Virginia [Senator]"))
    #expect(found.contains("Mark Warner member_of Democrat"))
    // An honorific is no office; a state without a party is no role either.
    let honorific = try RelationTestSupport.bareTriples(
      "Mr. [Mark Warner|PERSON], the [Virginia|LOC] [Democrat|MISC], spoke.")
    #expect(!honorific.contains("Mark Warner role_in Virginia"))
    #expect(honorific.contains("Mark Warner member_of Democrat"))
    let farmer = try RelationTestSupport.bareTriples(
      "Senator [Jane Roe|PERSON], a [Virginia|LOC] farmer, spoke.")
    #expect(!farmer.contains("Jane Roe role_in Virginia"))
  }

  @Test func agencyAfterItsCountrysPossessive() throws {
    let found = try RelationTestSupport.bareTriples(
      "the [United States|LOC]'s space agency [NASA|ORG] hired firms.")
    #expect(found.contains("NASA located_in United States"))
  }

  @Test func commaPlaceBeforeAPossessiveIsNoLocation() throws {
    let list = try RelationTestSupport.bareTriples(
      "Wins against [Croatia|LOC], [Colombia|LOC]'s effort and more.")
    #expect(!list.contains("Croatia located_in Colombia"))
    let pair = try RelationTestSupport.bareTriples("They met in [Rome|LOC], [Italy|LOC].")
    #expect(pair.contains("Rome located_in Italy"))
  }
}
