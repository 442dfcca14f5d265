import Foundation
import Pipeline
import Testing

@testable import Stages

/// General news constructions for roles, membership and places (sentences made up for the
/// tests, none from a dev set): appositions with modifiers and `of` complements, possessive
/// and party titles, relative clauses, "City, Country" with a clause after it.
@Suite struct RelationNewsConstructionTests {
  @Test func appositionRoleWithModifiersAndComplement() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], vice president of product design at [Acme Corp|ORG], said it works.")
    #expect(found.contains("Jane Roe role_in Acme Corp"))
    let scientist = try RelationTestSupport.bareTriples(
      "[John Doe|PERSON], a marine scientist at [Oslo|LOC]'s [Polar Institute|ORG], agreed.")
    #expect(scientist.contains("John Doe role_in Polar Institute"))
    #expect(!scientist.contains("John Doe role_in Oslo"))
  }

  @Test func aPlaceAfterAPossessiveIsNoRoleTail() throws {
    let found = try RelationTestSupport.bareTriples(
      "[BBC|ORG]'s [North America|LOC] editor [Jon Roe|PERSON] said it was over.")
    #expect(found.contains("Jon Roe role_in BBC"))
    #expect(!found.contains("Jon Roe role_in North America"))
    let minister = try RelationTestSupport.bareTriples(
      "[Israel|LOC]'s Defense Minister [Ben Dan|PERSON] said so.")
    #expect(minister.contains("Ben Dan role_in Israel"))
  }

  @Test func aCountrysEmbassyInAPlace() throws {
    let found = try RelationTestSupport.bareTriples(
      "Protesters gathered at the [U.S.|LOC] Embassy in [Tunis|LOC].")
    #expect(found.contains("U.S. embassy_in Tunis"))
  }

  @Test func coordinatedPeopleShareARole() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Ann Lee|PERSON] and [Bo Kim|PERSON], both professors at [Keio University|ORG], left.")
    #expect(found.contains("Ann Lee role_in Keio University"))
    #expect(found.contains("Bo Kim role_in Keio University"))
  }

  @Test func possessiveTitleBeforeANameWithAComma() throws {
    let found = try RelationTestSupport.bareTriples(
      "The firm's rival is [Globex|ORG]'s founder and former CEO, [Hank Scorpio|PERSON], who sold it."
    )
    #expect(found.contains("Hank Scorpio role_in Globex"))
    // A reporting verb is not a role modifier.
    #expect(
      try RelationTestSupport.bareTriples("[Israel|LOC] said President [Jo Bloggs|PERSON] erred.")
        .isEmpty)
  }

  @Test func relativeClauseRole() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Mia Wong|PERSON], who is also a director at [Initech|ORG], declined to comment.")
    #expect(found.contains("Mia Wong role_in Initech"))
  }

  @Test func partyWordBeforeATitle() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Democratic|MISC] Senator [Al Green|PERSON] voted no.")
    #expect(found.contains("Al Green member_of Democratic"))
    #expect(
      !(try RelationTestSupport.bareTriples("[French|MISC] Senator [Al Green|PERSON] voted."))
        .contains(
          "Al Green member_of French"))
  }

  @Test func cityCountryBeforeAClauseButNotInALongerList() throws {
    let found = try RelationTestSupport.bareTriples(
      "Talks were held in [Oslo|LOC], [Norway|LOC], where the envoys met.")
    #expect(found.contains("Oslo located_in Norway"))
    let before = try RelationTestSupport.bareTriples(
      "She works in [Bergen|LOC], [Norway|LOC], and [Acme|ORG] in [Oslo|LOC], [Norway|LOC].")
    #expect(before.contains("Bergen located_in Norway"))
    let three = try RelationTestSupport.bareTriples(
      "Flights to [Oslo|LOC], [Paris|LOC], and [Rome|LOC] were cut.")
    #expect(!three.contains("Oslo located_in Paris"))
    let list = try RelationTestSupport.bareTriples(
      "Flights to [Oslo|LOC], [Paris|LOC], [Rome|LOC] were cut.")
    #expect(!list.contains("Oslo located_in Paris"))
    #expect(!list.contains("Paris located_in Rome"))
  }

  @Test func placeKindOfAPlace() throws {
    let found = try RelationTestSupport.bareTriples(
      "Fighting reached the [Syrian|MISC] town of [Kobani|LOC].")
    #expect(found.contains("Kobani located_in Syria"))
  }

  @Test func contentWordElementParsesAndRejectsFunctionWords() throws {
    let nodes = try RulePatternParser.parse("<head:PERSON> , % @title")
    #expect(nodes.count == 4)
    if case .content = nodes[2] {
    } else {
      Issue.record("expected a content-word node, got \(nodes[2])")
    }
  }
}

/// More general constructions: appointments, party appositions, visits in a fronted clause,
/// wars between two sides.
@Suite struct RelationNewsEventTests {
  @Test func appointmentToARole() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON] was named chief financial officer of [Acme|ORG].")
    #expect(found.contains("Jane Roe role_in Acme"))
  }

  @Test func partyApposition() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], a [Republican|MISC], voted against it.")
    #expect(found.contains("Jane Roe member_of Republican"))
    #expect(
      try RelationTestSupport.bareTriples("[Jane Roe|PERSON], a [French|MISC] citizen, voted.")
        .isEmpty)
  }

  @Test func visitInAFrontedClause() throws {
    let found = try RelationTestSupport.bareTriples(
      "During a visit to [Kyiv|LOC] on Monday, Chancellor [Jane Roe|PERSON] promised aid.")
    #expect(found.contains("Jane Roe visited Kyiv"))
  }

  @Test func tellingSomeoneIsTalkingToThem() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON] told [John Doe|PERSON] the plan would work.")
    #expect(
      found.contains("Jane Roe met_with John Doe") || found.contains("John Doe met_with Jane Roe"))
    #expect(
      try RelationTestSupport.bareTriples("[Jane Roe|PERSON] told reporters it would work.").isEmpty
    )
  }

  @Test func warBetweenTwoSides() throws {
    let found = try RelationTestSupport.bareTriples(
      "The war between [Russia|LOC] and [Ukraine|LOC] goes on.")
    #expect(found.contains("Russia fights Ukraine") || found.contains("Ukraine fights Russia"))
  }

  @Test func relativeClauseEvents() throws {
    let found = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], who visited [Kyiv|LOC] in May, spoke.")
    #expect(found.contains("Jane Roe visited Kyiv"))
    let met = try RelationTestSupport.bareTriples(
      "[Jane Roe|PERSON], who met [John Doe|PERSON] on Monday, left.")
    #expect(
      met.contains("Jane Roe met_with John Doe") || met.contains("John Doe met_with Jane Roe"))
  }

  @Test func partOfAWordIsNoArgument() throws {
    var document = RelationTestSupport.document(
      "[Jane Roe|PERSON], a London-based analyst, said so.")
    let text = document.text
    let range = try #require(text.range(of: "London"))
    let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
    document.entities.append(
      Entity(start: start, end: start + 6, label: "LOC", origin: "pattern"))
    document.entities.sort { $0.start < $1.start }
    try RelationTestSupport.stage().process(&document)
    #expect(document.relations.isEmpty)
  }
}
