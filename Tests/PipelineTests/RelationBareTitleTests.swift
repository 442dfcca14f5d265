import Foundation
import Pipeline
import Testing

@testable import Stages

/// Stop 31: a bare company title before a name refers to the organisation the document
/// named most before it (`BareTitles`, rule `role.bare_title_name`), and the rule-file
/// constructions of the same stop (sentences made up for the tests, none from a dev set).
@Suite struct RelationBareTitleTests {
  typealias T = RelationTestSupport

  @Test func aBareTitleRefersToTheOrganisationNamedBefore() throws {
    let found = try T.triples(
      """
      [Acme|ORG] was pulled into the enterprise market, CEO [Jane Roe|PERSON] said on Tuesday.
      """)
    #expect(found == ["Jane Roe role_in Acme [CEO]"])
  }

  @Test func theOrganisationMayBeNamedSentencesBefore() throws {
    let found = try T.triples(
      """
      [Initech|ORG] will cut jobs this week.
      Shares of [Initech|ORG] fell.
      The plan was set out in an email sent by chairman [John Doe|PERSON] on Monday.
      """)
    #expect(found == ["John Doe role_in Initech [chairman]"])
  }

  @Test func twoOrganisationsNamedAsOftenLeaveItOpen() throws {
    let found = try T.triples(
      """
      [Acme|ORG] and [Initech|ORG] signed a deal.
      The deal was announced by chairman [John Doe|PERSON] on Monday.
      """)
    #expect(found.isEmpty)
  }

  @Test func aNameBeforeTheTitleSaysWhoseItIs() throws {
    // An untagged capitalised word, an article, "of", a possessive: not the document's
    // organisation's title.
    let sentences = [
      "Rival T-Mobile CEO [John Doe|PERSON] said so.",
      "The market was calm, a CEO [John Doe|PERSON] said.",
      "Protesters picketed the home of chief executive [John Doe|PERSON].",
      "The Five Nations' committee chairman [John Doe|PERSON] said so.",
      "The Farmers Union (FU) chairman [John Doe|PERSON] said so.",
    ]
    for sentence in sentences {
      let found = try T.triples("[Acme|ORG] sold more phones this year.\n" + sentence)
      #expect(found.isEmpty, "\(sentence)")
    }
  }

  @Test func aPersonNamedElsewhereWithAnOrganisationKeepsIt() throws {
    let found = try T.bareTriples(
      """
      [Acme|ORG] sold more phones.
      [Initech|ORG] CEO [Jane Roe|PERSON] said prices would fall.
      Later, CEO [Jane Roe|PERSON] said so again.
      """)
    #expect(found.contains("Jane Roe role_in Initech"))
    #expect(!found.contains("Jane Roe role_in Acme"))
  }

  @Test func aRoleCapturesSlotsAndWordsAreItsRulesRequirement() throws {
    let book = try RuleBook.parse(
      """
      version: 1
      classes:
        title: [ceo]
      relations:
        role_in: {symmetric: false}
      rules:
        - id: r
          relation: role_in
          pattern: "role:(@title <tail:REF>) <head:PERSON>"
      """, file: "rules.yaml")
    let requirement = try #require(book.rules.first?.requirement)
    #expect(requirement.labels.contains(["REF"]))
    #expect(requirement.labels.contains(["PERSON"]))
    #expect(requirement.words.contains(["ceo"]))
    // A sentence without a resolved description is not tried.
    #expect(!requirement.allows(present: [true], labels: ["PERSON", "ORG"]))
  }

  @Test func aScholarWithAnInstituteHoldsAPositionThere() throws {
    let found = try T.bareTriples(
      "\"It is bigger,\" said [John Doe|PERSON], a [China|LOC] scholar with the [Acme Institute|ORG]."
    )
    #expect(found.contains("John Doe role_in Acme Institute"))
    #expect(!found.contains("John Doe role_in China"))
  }

  @Test func aHyphenatedViceTitleIsATitle() throws {
    let found = try T.bareTriples(
      "Talks with [Chinese|MISC|China] vice-premier [Li Wei|PERSON] resumed.")
    #expect(found.contains("Li Wei role_in China"))
  }

  @Test func aStateBeforeATitleWithAnEmployerIsNoRoleInTheState() throws {
    let found = try T.bareTriples(
      "Lawmakers heard [John Doe|PERSON], a [Ukraine|LOC] specialist on the [Security Council|ORG]."
    )
    #expect(!found.contains("John Doe role_in Ukraine"))
  }

  @Test func aPossessorAfterTellIsNoMeeting() throws {
    let found = try T.bareTriples(
      "[Jane Roe|PERSON] told lawmakers that [John Doe|PERSON]'s request was improper.")
    #expect(!found.contains("Jane Roe met_with John Doe"))
    let told = try T.bareTriples("[Jane Roe|PERSON] told [John Doe|PERSON] the talks failed.")
    #expect(told.contains("Jane Roe met_with John Doe"))
  }
}
