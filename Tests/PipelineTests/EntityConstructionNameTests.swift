import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Names stated by their construction (`ConstructionNames.swift`): made-up sentences through
/// the real sentence splitter and tokenizer and the bundled gazetteers, with the model's
/// spans given by the test (so that what the construction does, not what the bundled model
/// happens to find, is checked).
@Suite struct EntityConstructionNameTests {
  /// The entities of the first sentence of `text` after the passes up to the construction
  /// names, the model having found `model` (substring, label).
  func entities(_ text: String, model: [(String, String)] = []) throws -> [(
    text: String, label: String
  )] {
    let sentences = try #require(EntityCleanupTests.sentences)
    let stage = try #require(EntitiesTests.stage)
    let tagger = stage.tagger
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let range = try #require(document.sentenceTokenRanges().first)
    let tokens = document.tokens[range]
    let bytes = Array(text.utf8)
    var spans: [EntityTagger.ModelSpan] = []
    for (name, label) in model {
      let byteStart = text.utf8.distance(
        from: text.startIndex, to: try #require(text.range(of: name)).lowerBound)
      let byteEnd = byteStart + name.utf8.count
      let first = try #require(tokens.firstIndex { $0.start == byteStart }) - tokens.startIndex
      let last = try #require(tokens.firstIndex { $0.end == byteEnd }) - tokens.startIndex
      spans.append(
        EntityTagger.ModelSpan(first: first, end: last + 1, label: label, confidence: 0.9))
    }
    let found = bytes.withUnsafeBufferPointer { buffer in
      let matches = tagger.gazetteer.matches(in: buffer, tokens: tokens)
      let sentence = tagger.extractor.extract(buffer, tokens: tokens, matches: matches, tags: nil)
      var passes = EntityPasses(
        tagger: tagger, text: buffer, tokens: tokens, sentence: sentence, matches: matches)
      passes.addModelSpans(spans, minConfidence: 0)
      passes.addPlacesInsideTokens()
      passes.addGazetteerNames()
      let places = tagger.places.matches(in: buffer, tokens: tokens)
      passes.addSubdivisions(places, from: tagger.places, retypeBelow: 0.5, addMissing: true)
      passes.addConstructionNames(places: places)
      return passes.entities().entities
    }
    return found.map { (document.slice($0), $0.label) }
  }

  func label(_ name: String, in found: [(text: String, label: String)]) -> String? {
    found.first { $0.text == name }?.label
  }

  @Test func roleBeforeOfAtForNamesAnOrganisation() throws {
    let found = try entities(
      "Tim Ross, the chief executive of Zorblax Widget Holdings, met a spokesman for the Qervian Freedom Front.",
      model: [("Tim Ross", "PERSON")])
    #expect(label("Zorblax Widget Holdings", in: found) == "ORG")
    #expect(label("Qervian Freedom Front", in: found) == "ORG")
    let at = try entities(
      "She is a professor at Hollowmere Tech and members of Brathwick Circle agree.")
    #expect(label("Hollowmere Tech", in: at) == "ORG")
    #expect(label("Brathwick Circle", in: at) == "ORG")
  }

  @Test func aSubjectAfterOfIsNoOrganisation() throws {
    let found = try entities("She is a professor of Comparative Zorbology in the city.")
    #expect(!found.contains { $0.text.contains("Zorbology") })
  }

  @Test func possessiveBeforeAnOrganisationsPartAndJoined() throws {
    let found = try entities(
      "He said Plorvik Dynamics’s recently named executive chair had joined Varnax Group.")
    #expect(label("Plorvik Dynamics", in: found) == "ORG")
    #expect(label("Varnax Group", in: found) == "ORG")
  }

  @Test func headNounsAfterTheAndPlacesByTheirConstruction() throws {
    let found = try entities(
      "He wrote to the Zarnian Ministry about the mayor of Quendale and the town of Brisk Hollow.")
    #expect(label("Zarnian Ministry", in: found) == "ORG")
    #expect(label("Quendale", in: found) == "LOC")
    #expect(label("Brisk Hollow", in: found) == "LOC")
    // One head noun alone is no name.
    let alone = try entities("He wrote to the Ministry about it.")
    #expect(!alone.contains { $0.text == "Ministry" })
  }

  @Test func aPlaceBeforeAListedStateAndBasedPlaces() throws {
    let found = try entities("The shooting happened in Pellow Springs, Texas, last week.")
    #expect(label("Pellow Springs", in: found) == "LOC")
    #expect(label("Texas", in: found) == "LOC")
    // Without a listed place after the comma, nothing is said.
    let unlisted = try entities("The shooting happened in Pellow Springs, Quarnby, last week.")
    #expect(!unlisted.contains { $0.text == "Pellow Springs" })
    let based = try entities("A Mercer Island-based company bought it.")
    #expect(label("Mercer Island", in: based) == "LOC")
  }

  @Test func modelSpansRetypedOnlyWhereTheConstructionIsSure() throws {
    let found = try entities(
      "The general manager of Petofi left, the mayor of Quendale said.",
      model: [("Petofi", "PERSON"), ("Quendale", "ORG")])
    #expect(label("Petofi", in: found) == "ORG")
    #expect(label("Quendale", in: found) == "LOC")
    // "for" may name a client, "joined" a person, a possessive another's party; a model
    // place stays a place.
    let kept = try entities(
      "A spokesman for Petofi said members of Suu Kyi’s party joined Mickey Rivers with the president of Ukrainia.",
      model: [
        ("Petofi", "PERSON"), ("Suu Kyi", "PERSON"), ("Mickey Rivers", "PERSON"),
        ("Ukrainia", "LOC"),
      ])
    #expect(label("Petofi", in: kept) == "PERSON")
    #expect(label("Suu Kyi", in: kept) == "PERSON")
    #expect(label("Mickey Rivers", in: kept) == "PERSON")
    #expect(label("Ukrainia", in: kept) == "LOC")
  }

  @Test func aPersonEndingInAHeadNounIsAnOrganisationOrAPlace() throws {
    let found = try entities(
      "He flew Royal Navy helicopters to the Moscone Center and met Margaret Court there.",
      model: [("Royal Navy", "PERSON"), ("Moscone Center", "PERSON"), ("Margaret Court", "PERSON")])
    #expect(label("Royal Navy", in: found) == "ORG")
    #expect(label("Moscone Center", in: found) == "LOC")
    // "Court", "Hall" and "Service" are surnames too.
    #expect(label("Margaret Court", in: found) == "PERSON")
  }

  @Test func aNameRunningIntoAnotherNameIsLeftAlone() throws {
    let found = try entities(
      "He is deputy director of Inner Mongolia’s health office.",
      model: [("Inner", "PERSON"), ("Mongolia", "LOC")])
    #expect(label("Inner", in: found) == "PERSON")
  }
}
