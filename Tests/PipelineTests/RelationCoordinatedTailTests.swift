import Foundation
import Pipeline
import Testing

@testable import Stages

/// Coordinated tails of a role apposition, each organisation with its place.
@Suite struct RelationCoordinatedTailTests {
  typealias T = RelationTestSupport

  @Test func organisationsWithTheirPlacesInARoleApposition() throws {
    let found = try T.triples(
      "[Jane Roe|PERSON], a scientist at [Acme Labs|ORG] in [Boston|LOC], [Massachusetts|LOC], and [Initech|ORG] in [Austin|LOC], said so."
    )
    #expect(found.contains("Jane Roe role_in Acme Labs [scientist]"))
    #expect(found.contains("Jane Roe role_in Initech [scientist]"))
  }

  @Test func aCommaAfterAPlaceIsNoList() throws {
    // "Washington, D.C." with the second part typed ORG is no second employer.
    let found = try T.triples(
      "[Jane Roe|PERSON], a scientist at [Initech|ORG] in [Washington|LOC], [D.C.|ORG], said so."
    )
    #expect(found.contains("Jane Roe role_in Initech [scientist]"))
    #expect(!found.contains { $0.contains("role_in D.C.") })
  }
}
