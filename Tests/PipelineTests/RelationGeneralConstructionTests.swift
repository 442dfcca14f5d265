import Foundation
import Pipeline
import Testing

@testable import Stages

/// Role tails the entities stage typed outside ORG/LOC (sentences made up for the tests): an
/// organisation typed MISC or PERSON after "of"/"at" in an apposition is still the employer,
/// but a party or a nationality word is not, and a person after "for"/"to" is a client.
@Suite struct RelationMistypedTailTests {
  @Test func organisationTypedMiscInAnApposition() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], chief executive of [Acme-Two|MISC], said so.")
    #expect(found.contains("Jane Roe role_in Acme-Two"))
    let before = try RelationTestSupport.bareTriples(
      "[Acme-Two|MISC] chief executive [John Doe|PERSON] said so.")
    #expect(before.contains("John Doe role_in Acme-Two"))
  }

  @Test func organisationTypedPersonAfterOfOrAt() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], an analyst at [Miller Tabak|PERSON], said so.")
    #expect(found.contains("Jane Roe role_in Miller Tabak"))
    let of = try RelationTestSupport.bareTriples(
      "[John Doe|PERSON] of [Victoria Hospital|PERSON] agreed.")
    #expect(of.contains("John Doe member_of Victoria Hospital"))
    // "a lawyer for X": X is the client, whatever the entities stage typed.
    let client = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], a lawyer for [John Doe|PERSON], said so.")
    #expect(!client.contains("Jane Roe role_in John Doe"))
  }

  @Test func partiesAndNationalitiesTypedMiscAreNoEmployer() throws {
    let party = try RelationTestSupport.bareTriples(
      "[Republican|MISC] Gov. [John Doe|PERSON] spoke.")
    #expect(!party.contains("John Doe role_in Republican"))
    let nationality = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], who is the leader of the [Afghan|MISC] group, spoke.")
    #expect(!nationality.contains("Jane Roe role_in Afghan"))
  }
}

/// Appositions with an age, titles before "for"/"at", visits and attacks stated after the name.
@Suite struct RelationGeneralConstructionTests {
  @Test func ageBeforeTheApposition() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Maria Lopez|PERSON], 38, an engineer with [Siemens|ORG], was among them.")
    #expect(found.contains("Maria Lopez role_in Siemens"))
    let nurse = try RelationTestSupport.bareTriples(
      "[John Smith|PERSON], 45, a nurse at the [City Infirmary|ORG], said so.")
    #expect(nurse.contains("John Smith role_in City Infirmary"))
  }

  @Test func occupationsAtAnEmployerButNotOfAState() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Mar Hicks|PERSON], a historian with the [Acme Institute|ORG], said so.")
    #expect(found.contains("Mar Hicks role_in Acme Institute"))
    let copula = try RelationTestSupport.bareTriples(
      "[Lucas Nolan|PERSON] is a reporter for [Acme Tech|ORG].")
    #expect(copula.contains("Lucas Nolan role_in Acme Tech"))
    let nationality = try RelationTestSupport.bareTriples(
      "[Juan Roe|PERSON], a [Spanish|MISC|Spain] physician, said so.")
    #expect(!nationality.contains("Juan Roe role_in Spain"))
  }

  @Test func titleForAnOrganisationBeforeTheName() throws {
    let found = try RelationTestSupport.bareTriples(
      "A spokesman for the [Pentagon|ORG], [John Kirby|PERSON], said so.")
    #expect(found.contains("John Kirby role_in Pentagon"))
    // "Minister for <place>" names a portfolio, not an employer.
    let portfolio = try RelationTestSupport.bareTriples(
      "Minister for [Central Asia|LOC], [Tom Roe|PERSON], visited.")
    #expect(!portfolio.contains("Tom Roe role_in Central Asia"))
  }

  @Test func ledByGivesTheLeaderARole() throws {
    let found = try RelationTestSupport.bareTriples(
      "The [Liberal Government|ORG], led by [Richard Seddon|PERSON], won.")
    #expect(found.contains("Richard Seddon role_in Liberal Government"))
    #expect(found.contains("Richard Seddon leader_of Liberal Government"))
  }

  @Test func visitPhraseAfterTheName() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Ann Lee|PERSON], on a two-day visit to [Norland|LOC], met [Tom Roe|PERSON].")
    #expect(found.contains("Ann Lee visited Norland"))
    let relative = try RelationTestSupport.bareTriples(
      "[Ann Lee|PERSON], who is on a visit to [Egypt|LOC], said so.")
    #expect(relative.contains("Ann Lee visited Egypt"))
    let negated = try RelationTestSupport.bareTriples(
      "[Ann Lee|PERSON], who cancelled a visit to [Egypt|LOC], said so.")
    #expect(!negated.contains("Ann Lee visited Egypt"))
  }

  @Test func attackByOneOnAnother() throws {
    let found = try RelationTestSupport.bareTriples(
      "An attack by [Hamas|ORG] on [Israel|LOC] killed dozens.")
    #expect(found.contains("Hamas fights Israel") || found.contains("Israel fights Hamas"))
  }

  @Test func placesNamedWithTheirKind() throws {
    let province = try RelationTestSupport.bareTriples(
      "Troops entered [Syria|LOC]'s northern province of [Idlib|LOC] on Monday.")
    #expect(province.contains("Idlib located_in Syria"))
    let capital = try RelationTestSupport.bareTriples(
      "Crowds gathered in [Pakistan|LOC]'s capital, [Islamabad|LOC].")
    #expect(capital.contains("Islamabad located_in Pakistan"))
    let city = try RelationTestSupport.bareTriples(
      "Fighting went on in the northern [Iraq|LOC] city of [Mosul|LOC].")
    #expect(city.contains("Mosul located_in Iraq"))
    let outskirts = try RelationTestSupport.bareTriples(
      "The [Yarmouk|LOC] camp on the outskirts of [Damascus|LOC] was shelled.")
    #expect(outskirts.contains("Yarmouk located_in Damascus"))
  }
}
