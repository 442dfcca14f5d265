import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// A player's position or a job word inside a model span
/// (``EntityTagger/splitAtRole(_:_:_:_:)``): the full name after it is a PERSON, a team or
/// company before it a name of its own.
@Suite struct EntityRoleBeforeNameTests {
  let constructions = EntityNewsConstructionTests()

  /// The parts of a model span over `name` in the first sentence of `text`, as "text LABEL".
  func parts(_ name: String, in text: String, label: String = "ORG") throws -> [String] {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, _ in
      let span = try constructions.modelSpan(
        name, in: text, tokens: tokens, label: label, confidence: 0.9)
      let base = tokens.startIndex
      return tagger.splitAtRole(span, buffer, tokens, sentence).map {
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

  @Test func thePersonAfterAJobWordIsAPerson() throws {
    #expect(
      try parts(
        "Lexus Project Manager Fumihiko Hazama",
        in: "Lexus Project Manager Fumihiko Hazama shared the plan.")
        == ["Lexus ORG", "Fumihiko Hazama PERSON!"])
    #expect(
      try parts("Public Ombudsman Nadia Cruz", in: "Public Ombudsman Nadia Cruz spoke.")
        == ["Nadia Cruz PERSON!"])
    // A common word last is no person's name.
    #expect(
      try parts("Analyst Price Index", in: "The Analyst Price Index rose.")
        == ["Analyst Price Index ORG"])
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
