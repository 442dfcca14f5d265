import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Two names joined by "and" in one model span (``CoordinatedNames``): split only when the
/// document names both parts apart. Made-up texts through the real sentence splitter and
/// tokenizer, with the model's names given by the test.
@Suite struct EntityCoordinatedNameTests {
  /// Each (name, label) as a model name at every occurrence not already covered (the first
  /// names first), then ``CoordinatedNames/apply(_:text:tokens:)``: the names kept, in order,
  /// with their labels.
  func kept(_ text: String, names: [(String, String)]) throws -> [String] {
    let sentences = try #require(EntityCleanupTests.sentences)
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let bytes = Array(text.utf8)
    var entities: [Entity] = []
    for (name, label) in names {
      for start in document.tokens.map(\.start)
      where bytes[start...].starts(with: Array(name.utf8)) {
        let end = start + name.utf8.count
        guard end == bytes.count || !ASCII.isLetter(bytes[end]),
          !entities.contains(where: { $0.start < end && start < $0.end })
        else { continue }
        entities.append(
          Entity(start: start, end: end, label: label, origin: "model", confidence: 0.9))
      }
    }
    entities.sort { $0.start < $1.start }
    bytes.withUnsafeBufferPointer { buffer in
      CoordinatedNames.apply(&entities, text: buffer, tokens: document.tokens)
    }
    return entities.map {
      "\(String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)) \($0.label)"
    }
  }

  @Test func namesJoinedByAndSplitWhenTheDocumentNamesEachApart() throws {
    #expect(
      try kept(
        "The Steelers and Browns were fined. The Steelers lost. Browns fans were angry.",
        names: [("Steelers and Browns", "ORG"), ("Steelers", "ORG"), ("Browns", "MISC")])
        == ["Steelers ORG", "Browns MISC", "Steelers ORG", "Browns MISC"])
  }

  @Test func aNameHoldingAndOrAPartNamedNowhereElseStays() throws {
    // Only one half is named apart.
    #expect(
      try kept(
        "Blue Origin and Elon Musk bid. Blue Origin won.",
        names: [("Blue Origin and Elon Musk", "ORG"), ("Blue Origin", "ORG")])
        == ["Blue Origin and Elon Musk ORG", "Blue Origin ORG"])
    // A name with "and" inside, whose halves are no names alone.
    #expect(
      try kept(
        "The Securities and Exchange Commission sued. Bosnia and Herzegovina voted.",
        names: [("Securities and Exchange Commission", "ORG"), ("Bosnia and Herzegovina", "LOC")])
        == ["Securities and Exchange Commission ORG", "Bosnia and Herzegovina LOC"])
    // Two "and"s, or an "&", are no pair of names.
    #expect(
      try kept(
        "Ford and Fiat and Kia met. Ford and Kia and Fiat left.",
        names: [("Ford and Fiat and Kia", "ORG"), ("Ford", "ORG"), ("Fiat", "ORG"), ("Kia", "ORG")]
      )
      .first == "Ford and Fiat and Kia ORG")
  }

  @Test func aPartTakesTheLabelMostOfItsMentionsHave() {
    #expect(CoordinatedNames.label(["LOC", "ORG", "ORG"]) == "ORG")
    #expect(CoordinatedNames.label(["LOC", "ORG"]) == "LOC")
    #expect(CoordinatedNames.label([]) == nil)
    #expect(CoordinatedNames.label(nil) == nil)
  }
}
