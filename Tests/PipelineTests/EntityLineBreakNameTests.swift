import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// No name runs across a line break (``EntityTagger/linesOfSpan(_:_:_:_:_:)``), and a place
/// before a party noun is two names (``EntityTagger/splitPartyAfterPlace(_:_:_:)``).
@Suite struct EntityLineBreakNameTests {
  let constructions = EntityNewsConstructionTests()

  /// The parts of the model span from `from` to `to` (substrings, inclusive) in the first
  /// sentence of `text`, as their text.
  func lines(of text: String, from: String, to: String) throws -> [String] {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, _ in
      let first = try constructions.modelSpan(
        from, in: text, tokens: tokens, label: "LOC", confidence: 0.9)
      let last = try constructions.modelSpan(
        to, in: text, tokens: tokens, label: "LOC", confidence: 0.9)
      let base = tokens.startIndex
      return tagger.linesOfSpan(first.first, last.end, buffer, tokens, sentence).map {
        let bytes = buffer[tokens[base + $0.first].start..<tokens[base + $0.end - 1].end]
        return String(decoding: bytes, as: UTF8.self)
      }
    }
  }

  @Test func aSpanIntoTheNextLineEndsAtTheLineBreak() throws {
    let listing =
      "Tour dates: July 26 - Saratoga Springs, NY @ Saratoga Performing Arts Center\n"
      + "July 30 - Noblesville, IN @ Ruoff Home Mortgage Music Center\n"
    #expect(
      try lines(of: listing, from: "Saratoga Performing", to: "July 30")
        == ["Saratoga Performing Arts Center"])
    let table = "Top committers by lines changed: Juan C. Sanz\n4582\n0.7% of all lines.\n"
    #expect(try lines(of: table, from: "Juan", to: "0.7") == ["Juan C. Sanz"])
  }

  @Test func namesOnBothLinesStayAsTwoNames() throws {
    let text = "Path B: Slovakia, Northern Ireland\nPath C: Scotland, Norway won.\n"
    #expect(
      try lines(of: text, from: "Northern", to: "Path C") == ["Northern Ireland", "Path C"])
  }

  @Test func aSpanOnOneLineIsLeftAsItIs() throws {
    let text = "She went to the Saratoga Performing Arts Center on July 26.\n"
    #expect(
      try lines(of: text, from: "Saratoga", to: "Center") == ["Saratoga Performing Arts Center"])
  }

  /// The model span `name` (label `label`) of the first sentence of `text` after the party
  /// split, as "text LABEL".
  func parties(_ name: String, _ label: String, in text: String) throws -> [String] {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, matches in
      let span = try constructions.modelSpan(
        name, in: text, tokens: tokens, label: label, confidence: 0.9)
      let base = tokens.startIndex
      return tagger.splitPartyAfterPlace(span, sentence, matches).map {
        let bytes = buffer[tokens[base + $0.first].start..<tokens[base + $0.end - 1].end]
        return "\(String(decoding: bytes, as: UTF8.self)) \($0.label)"
      }
    }
  }

  @Test func aPlaceAndAPartyNounAreTwoNames() throws {
    #expect(
      try parties("Virginia Democrats", "ORG", in: "Virginia Democrats won a majority.")
        == ["Virginia LOC", "Democrats ORG"])
    #expect(
      try parties("Oklahoma Republican", "LOC", in: "He is an Oklahoma Republican who spoke.")
        == ["Oklahoma LOC", "Republican ORG"])
  }

  @Test func partyNamesAndOtherGroupsStayWhole() throws {
    #expect(
      try parties("House Democrats", "ORG", in: "House Democrats voted today.")
        == ["House Democrats ORG"])
    #expect(
      try parties("Texas Democratic Party", "ORG", in: "The Texas Democratic Party met.")
        == ["Texas Democratic Party ORG"])
    #expect(
      try parties("Republican Governors", "ORG", in: "Republican Governors met.")
        == ["Republican Governors ORG"])
  }
}

/// Common-noun acronyms (``EntityTagger/isCommonNounAcronym(_:_:_:_:)``): one capitalised
/// token of the list is no name; a listed word written in lower case and other initials are.
@Suite struct EntityCommonNounAcronymTests {
  let constructions = EntityNewsConstructionTests()

  func isAcronym(_ name: String, in text: String) throws -> Bool {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, _ in
      let span = try constructions.modelSpan(
        name, in: text, tokens: tokens, label: "ORG", confidence: 0.9)
      return tagger.isCommonNounAcronym(span, buffer, tokens, sentence)
    }
  }

  @Test func capitalisedCommonNounsAreNoNames() throws {
    #expect(try isAcronym("SUV", in: "The new SUV costs less."))
    #expect(try isAcronym("TVs", in: "Prices of TVs fell again."))
    #expect(try isAcronym("IPO", in: "The IPO was delayed by a month."))
  }

  @Test func otherInitialsAndLowerCaseWordsStay() throws {
    #expect(try !isAcronym("NBA", in: "The NBA fined him."))
    #expect(try !isAcronym("Ram", in: "Ram sold more trucks this year."))
    #expect(try !isAcronym("Ford Ranger", in: "The Ford Ranger sold well."))
  }
}

/// Campuses named after their state system (``EntityTagger/joinedCampuses(_:_:_:_:_:)``).
@Suite struct EntityCampusNameTests {
  let constructions = EntityNewsConstructionTests()

  /// The model spans over `names` (text, label) in the first sentence of `text` after the
  /// join, as "text LABEL".
  func joined(_ names: [(String, String)], in text: String) throws -> [String] {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, matches in
      let spans = try names.map {
        try constructions.modelSpan($0.0, in: text, tokens: tokens, label: $0.1, confidence: 0.9)
      }
      let base = tokens.startIndex
      return tagger.joinedCampuses(spans, buffer, tokens, sentence, matches).map {
        let bytes = buffer[tokens[base + $0.first].start..<tokens[base + $0.end - 1].end]
        return "\(String(decoding: bytes, as: UTF8.self)) \($0.label)"
      }
    }
  }

  @Test func aStateUniversityAndItsCityAreOneCampus() throws {
    #expect(
      try joined(
        [("University of California", "ORG"), ("San Diego", "LOC")],
        in: "She is an oceanographer at the University of California, San Diego, who said so.")
        == ["University of California, San Diego ORG"])
    #expect(
      try joined(
        [("University of California", "ORG")],
        in: "He is an immunologist at the University of California, San Francisco.")
        == ["University of California, San Francisco ORG"])
  }

  @Test func peopleAndUnlistedNamesAfterTheCommaStayApart() throws {
    #expect(
      try joined(
        [("University of Pennsylvania", "ORG"), ("Andrew Vaughan", "PERSON")],
        in: "Researchers at the University of Pennsylvania, Andrew Vaughan said, found it.")
        == ["University of Pennsylvania ORG", "Andrew Vaughan PERSON"])
    #expect(
      try joined(
        [("University of California", "ORG"), ("San Diego Zoo", "ORG")],
        in: "The University of California, San Diego Zoo and others signed.")
        == ["University of California ORG", "San Diego Zoo ORG"])
  }
}
