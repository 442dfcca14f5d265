import Foundation
import Pipeline
import Testing

@testable import Stages

/// A subject pronoun at the start of a clause ("He is ...", "She visited ...") bound through
/// a `REF` slot to the one person an earlier sentence named (`SubjectPronouns`).
@Suite struct RelationSubjectPronounTests {
  typealias T = RelationTestSupport

  @Test func heIsTheChiefExecutiveOfTheCompany() throws {
    let found = try T.triples(
      """
      Shares rose after [Jane Roe|PERSON] spoke on Monday.
      He is the chief executive of [Initech|ORG].
      """)
    #expect(found == ["Jane Roe role_in Initech [chief executive]"])
  }

  @Test func shesTheDirectorOfACentre() throws {
    let found = try T.triples(
      """
      "The study is important," says [Kay Aldis|PERSON], a paediatrician.
      She's the director of the [Centre for Allergy Research|ORG].
      """)
    #expect(found == ["Kay Aldis role_in Centre for Allergy Research [director]"])
  }

  @Test func aPronounAfterAFrontedPhraseVisitsAndMeets() throws {
    let found = try T.bareTriples(
      """
      [Omar Tal|PERSON] left office in May.
      In June, he visited [Lisbon|LOC].
      He met [Ana Cruz|PERSON] there.
      """)
    #expect(found.contains("Omar Tal visited Lisbon"))
    #expect(found.contains("Omar Tal met_with Ana Cruz"))
  }

  @Test func ofTwoPersonsTheSentencesSubjectIsTaken() throws {
    let found = try T.triples(
      """
      [Jane Roe|PERSON], who played for years, replaced [Sam Poe|PERSON] on Monday.
      He led the [Initech Tigers|ORG] last year.
      """)
    #expect(found.contains("Jane Roe role_in Initech Tigers [led]"))
    #expect(!found.contains { $0.hasPrefix("Sam Poe") })
  }

  @Test func twoPersonsAndNoSubjectLeaveThePronounUnresolved() throws {
    let found = try T.triples(
      """
      On Monday the board, after hearing [Jane Roe|PERSON], praised [Sam Poe|PERSON].
      He is the chief executive of [Initech|ORG].
      """)
    #expect(!found.contains { $0.contains("Initech") })
  }

  @Test func anHonorificTellsWhichPersonAgrees() throws {
    let found = try T.bareTriples(
      """
      Ms. [Jane Roe|PERSON] praised Mr. [Sam Poe|PERSON] on Monday.
      She visited [Lisbon|LOC] on Tuesday.
      He visited [Porto|LOC] on Friday.
      """)
    #expect(found.filter { $0.contains("Lisbon") } == ["Jane Roe visited Lisbon"])
    #expect(found.filter { $0.contains("Porto") } == ["Sam Poe visited Porto"])
  }

  @Test func onlyAClausesSubjectRefers() throws {
    // "he" after a verb, and "he" after a comma with a person named before it, are no
    // clause subject this resolver binds.
    let found = try T.triples(
      """
      [Jane Roe|PERSON] spoke on Monday.
      Reporters said he is the chief executive of [Initech|ORG].
      When [Sam Poe|PERSON] arrived, he visited [Lisbon|LOC].
      """)
    #expect(!found.contains { $0.hasPrefix("Jane Roe") })
  }

  @Test func thePronounLooksTwoSentencesBackAtMost() throws {
    let found = try T.triples(
      """
      [Jane Roe|PERSON] spoke on Monday.
      Shares rose.
      Prices went up.
      He is the chief executive of [Initech|ORG].
      """)
    #expect(found.isEmpty)
  }
}
