import Foundation
import Pipeline
import Testing

@testable import Stages

/// The relations a reader sees in the seeds, on hand-tagged seed sentences (the entity
/// layer is fixed here so that the test measures the rules alone).
@Suite struct RelationSeedSentenceTests {
  struct Case {
    var markup: String
    var expected: [String] = []
    var forbidden: [String] = []
  }

  static func cases() throws -> [Case] {
    let url = try #require(
      Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
        .appendingPathComponent("relations/seed-sentences.txt"))
    var result: [Case] = []
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
      if line.hasPrefix("> ") {
        result.append(Case(markup: String(line.dropFirst(2))))
      } else if line.hasPrefix("= ") {
        result[result.count - 1].expected.append(String(line.dropFirst(2)))
      } else if line.hasPrefix("! ") {
        result[result.count - 1].forbidden.append(String(line.dropFirst(2)))
      }
    }
    return result
  }

  @Test func everyRelationAReaderSeesIsFound() throws {
    let cases = try Self.cases()
    #expect(cases.count > 30)
    var total = 0
    for item in cases {
      let found = try RelationTestSupport.bareTriples(item.markup)
      for expected in item.expected {
        total += 1
        #expect(found.contains(expected), "missing \(expected) in: \(item.markup)")
      }
      for forbidden in item.forbidden {
        #expect(!found.contains(forbidden), "wrong \(forbidden) in: \(item.markup)")
      }
    }
    #expect(total > 50)
  }
}
