import Foundation
import Pipeline
import Testing

@testable import Stages

/// Constructions of the broad news of sets D and E (stop 32; sentences made up for the
/// tests): scorers "scored for" a team, a title's portfolio with "and" or after a state or
/// possessive title, an organisation's occupation before a name, a role "on" a committee,
/// "X of the ORG" as a membership unless a role word comes before the name, and comma place
/// pairs that are the tail of a list.
@Suite struct RelationScienceAndSportTests {
  typealias T = RelationTestSupport

  @Test func scorersForATeam() throws {
    let pair = try T.bareTriples(
      "[Eric Robinson|PERSON] and [Boone Jenner|PERSON] also scored for the [Blue Jackets|ORG].")
    #expect(pair.contains("Eric Robinson member_of Blue Jackets"))
    #expect(pair.contains("Boone Jenner member_of Blue Jackets"))
    // A team the entities stage typed as a place.
    let place = try T.bareTriples("[Brady Roe|PERSON] scored for [Ottawa|LOC].")
    #expect(place.contains("Brady Roe member_of Ottawa"))
    // The player of the statistic before another scorer is not the scorer.
    let other = try T.bareTriples(
      "[Jason Roe|PERSON] had a goal, and [Jonas Doe|PERSON] scored for the [Wild|ORG].")
    #expect(other.contains("Jonas Doe member_of Wild"))
    #expect(!other.contains("Jason Roe member_of Wild"))
  }

  @Test func portfolioWithAndBeforeTheEmployer() throws {
    let found = try T.triples(
      "[Ken Roe|PERSON], the acting associate administrator for human exploration and operations at [NASA|ORG], spoke."
    )
    #expect(
      found.contains(
        "Ken Roe role_in NASA [acting associate administrator for human exploration and operations]"
      ))
    let sales = try T.bareTriples(
      "[Nick Doe|PERSON], director of sales and trade at [Acme|ORG], said so.")
    #expect(sales.contains("Nick Doe role_in Acme"))
  }

  @Test func portfolioAfterAStateOrPossessiveTitle() throws {
    let possessive = try T.triples(
      "[Sweden|LOC]'s deputy director of public prosecutions, [Eva Roe|PERSON], said so.")
    #expect(possessive.contains("Eva Roe role_in Sweden [deputy director of public prosecutions]"))
    let apposition = try T.triples(
      "[Doug Roe|PERSON], a former [NASA|ORG] associate administrator for exploration and now a consultant, spoke."
    )
    #expect(
      apposition.contains("Doug Roe role_in NASA [associate administrator for exploration]"))
  }

  @Test func organisationsOccupationBeforeTheName() throws {
    let found = try T.triples(
      "In 2005, the [University of Liverpool|ORG] biochemist [Soraya Roe|PERSON] showed it.")
    #expect(found.contains("Soraya Roe role_in University of Liverpool [biochemist]"))
    let supervisor = try T.bareTriples("[ILM|ORG] supervisor [John Doe|PERSON] said so.")
    #expect(supervisor.contains("John Doe role_in ILM"))
    // A place before an occupation is where the person works or comes from, no employer.
    let place = try T.bareTriples("The [Ohio|LOC] historian [Jane Roe|PERSON] wrote it.")
    #expect(!place.contains("Jane Roe role_in Ohio"))
  }

  @Test func roleOnACommittee() throws {
    let found = try T.triples(
      "[Bob Roe|PERSON], a commissioner on the [Halibut Commission|ORG], said so.")
    #expect(found.contains("Bob Roe role_in Halibut Commission [commissioner]"))
    // "on" a place is a subject, not an employer.
    let subject = try T.bareTriples("[Jane Roe|PERSON], a specialist on [Iran|LOC], said so.")
    #expect(!subject.contains("Jane Roe role_in Iran"))
  }

  @Test func occupationsInRelativeClausesAndCoordinatedTitles() throws {
    let immunologist = try T.bareTriples(
      "said [Michael Roe|PERSON], who is now an immunologist at [Stanford University|ORG].")
    #expect(immunologist.contains("Michael Roe role_in Stanford University"))
    let trader = try T.bareTriples(
      "said [Juan Roe|PERSON], senior foreign exchange trader and strategist at [Tempus Inc.|ORG]")
    #expect(trader.contains("Juan Roe role_in Tempus Inc."))
  }

  @Test func ofTheOrganisationIsMembershipWithoutARoleWord() throws {
    let plain = try T.bareTriples(
      "he said, via [Brian Roe|PERSON] of the [Pittsburgh Post-Gazette|ORG].")
    #expect(plain.contains("Brian Roe member_of Pittsburgh Post-Gazette"))
    #expect(!plain.contains("Brian Roe role_in Pittsburgh Post-Gazette"))
    let doctor = try T.bareTriples(
      "Dr. [Jane Roe|PERSON] of the [Ohio Department of Health|ORG] says so.")
    #expect(doctor.contains("Jane Roe member_of Ohio Department of Health"))
    // A role word before the name: the role, and no membership besides.
    let geologist = try T.triples(
      "said planetary geologist [Rosa Roe|PERSON] of the [Jet Propulsion Laboratory|ORG].")
    #expect(
      geologist.contains("Rosa Roe role_in Jet Propulsion Laboratory [geologist]"))
    #expect(!geologist.contains("Rosa Roe member_of Jet Propulsion Laboratory"))
  }

  @Test func commaPlacePairAfterACommaIsAList() throws {
    let list = try T.bareTriples("Path D: [Georgia|LOC], [Kosovo|LOC], [Belarus|LOC]")
    #expect(!list.contains("Kosovo located_in Belarus"))
    let pair = try T.bareTriples("She grew up in [Little Rock|LOC], [Arkansas|LOC].")
    #expect(pair.contains("Little Rock located_in Arkansas"))
  }
}
