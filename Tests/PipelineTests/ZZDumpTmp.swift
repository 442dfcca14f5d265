import Foundation
import Testing

@testable import Stages

@Test func zzDumpSeedSentences() throws {
  guard ProcessInfo.processInfo.environment["ORACLE"] != nil else { return }
  for item in try RelationSeedSentenceTests.cases() {
    let found = try RelationTestSupport.triples(item.markup, config: .init(open: true))
    for line in found where !item.expected.contains(where: { line.hasPrefix($0) }) {
      print("EXTRA", line, "||", item.markup.prefix(80))
    }
  }
}
