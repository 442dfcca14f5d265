import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// A player's position abbreviation inside a model span (``EntityTagger/splitAtPosition(_:_:_:)``):
/// the full name after it is a PERSON, a team before it a name of its own.
@Suite struct EntityPositionAbbreviationTests {
  let constructions = EntityNewsConstructionTests()

  /// The parts of a model span over `name` in the first sentence of `text`, as "text LABEL".
  func parts(_ name: String, in text: String, label: String = "ORG") throws -> [String] {
    try constructions.withSentence(text) { tagger, buffer, tokens, _, _ in
      let span = try constructions.modelSpan(
        name, in: text, tokens: tokens, label: label, confidence: 0.9)
      let base = tokens.startIndex
      return tagger.splitAtPosition(span, buffer, tokens).map {
        let bytes = buffer[tokens[base + $0.first].start..<tokens[base + $0.end - 1].end]
        return "\(String(decoding: bytes, as: UTF8.self)) \($0.label)\($0.byContext ? "!" : "")"
      }
    }
  }

  @Test func thePlayerAfterAPositionIsAPerson() throws {
    #expect(
      try parts("CB Denzel Ward", in: "CB Denzel Ward 74 100% 4 tackles.")
        == ["Denzel Ward PERSON!"])
    #expect(
      try parts(
        "Browns DL Sheldon Richardson", in: "Browns DL Sheldon Richardson, however, spoke.")
        == ["Browns ORG", "Sheldon Richardson PERSON!"])
  }

  @Test func oneWordAfterItOrNoPositionKeepsTheSpan() throws {
    #expect(try parts("TE Lawrence", in: "He read TE Lawrence again.") == ["TE Lawrence ORG"])
    #expect(
      try parts("Warner Bros Discovery", in: "Warner Bros Discovery fell.")
        == ["Warner Bros Discovery ORG"])
    // Lower-case "dl" is no position.
    #expect(
      try parts("Dl Myles Garrett", in: "Dl Myles Garrett played.")
        == ["Dl Myles Garrett ORG"])
  }
}
