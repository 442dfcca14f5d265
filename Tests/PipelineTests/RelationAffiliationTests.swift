import Foundation
import Pipeline
import Testing

@testable import Stages

/// A person's affiliation stated without a listed title (sentences made up for the tests):
/// "X of the Y" (a membership, or the role a role word before the name states), an appositive noun phrase with "at", and a title before "X of <place>".
@Suite struct RelationAffiliationTests {
  @Test func personOfAnOrganisation() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON] of the [University of Oslo|ORG] said so.")
    // No role word before the name: a membership without a stated position (GUIDELINES.md).
    #expect(found.contains("Jane Roe member_of University of Oslo"))
    #expect(!found.contains("Jane Roe role_in University of Oslo"))
    let possessive = try RelationTestSupport.bareTriples(
      "Geologist [John Doe|PERSON] of [NASA|ORG]'s [Jet Propulsion Laboratory|ORG] agreed.")
    #expect(possessive.contains("John Doe role_in Jet Propulsion Laboratory"))
    #expect(!possessive.contains("John Doe role_in NASA"))
  }

  @Test func aTitleWordTypedAsAPersonIsNoHead() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Head|PERSON] of [Platform Solutions|ORG] is a new post.")
    #expect(!found.contains("Head role_in Platform Solutions"))
  }

  @Test func appositiveNounPhraseAtAnOrganisation() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], an immunologist at the [Acme Institute|ORG], [Boston|LOC], said so.")
    #expect(found.contains("Jane Roe role_in Acme Institute"))
    #expect(!found.contains("Jane Roe role_in Boston"))
    let doctor = try RelationTestSupport.bareTriples(
      "[John Doe|PERSON], a chest doctor at the [City Infirmary|ORG], treated him.")
    #expect(doctor.contains("John Doe role_in City Infirmary"))
    // Without an article it is no noun phrase ("speaking at").
    #expect(
      !(try RelationTestSupport.bareTriples(
        "[Jane Roe|PERSON], speaking at the [Acme Forum|ORG], said so.")).contains(
          "Jane Roe role_in Acme Forum"))
  }

  @Test func titleBeforeAPersonOfAPlace() throws {
    let found = try RelationTestSupport.bareTriples(
      "President [Ann Lee|PERSON] of [Norland|LOC] arrived.")
    #expect(found.contains("Ann Lee role_in Norland"))
    // Without a title, "of <place>" is where the person lives.
    #expect(
      !(try RelationTestSupport.bareTriples(
        "[John Doe|PERSON], 55, of [Addison|LOC], pleaded guilty.")).contains(
          "John Doe role_in Addison"))
  }
}

/// A role after "as" ("stepped down as chief executive of X", "served as X's chairman").
@Suite struct RelationRoleAfterAsTests {
  @Test func roleAfterAs() throws {
    let found = try RelationTestSupport.triples(
      "[Jane Roe|PERSON], who stepped down as chief executive of [Acme|ORG], left.")
    #expect(found.contains("Jane Roe role_in Acme [chief executive]"))
    let possessive = try RelationTestSupport.triples(
      "[John Doe|PERSON] served as [Initech|ORG]'s chairman until May.")
    #expect(possessive.contains("John Doe role_in Initech [chairman]"))
    // Another name between the person and "as" is the one the role is said of.
    let other = try RelationTestSupport.triples(
      "[Jane Roe|PERSON] described [John Doe|PERSON] as the chairman of [Initech|ORG].")
    #expect(!other.contains { $0.hasPrefix("Jane Roe role_in Initech") })
  }
}
