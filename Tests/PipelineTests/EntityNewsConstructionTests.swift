import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// The constructions of stop 30 (set C2): a nationality word, untagged words and an
/// institution's head as one organisation; firms before their analysts; sites typed as
/// organisations; places with a qualifier of position; military ranks without a full stop;
/// titles with a prefix; headings of one common word. Made-up sentences through the real
/// sentence splitter, tokenizer and bundled gazetteers, with the model's spans given by the
/// test (relabelled by the span rules as the stage does), so that what the construction
/// does, not what the bundled model happens to find, is checked.
@Suite struct EntityNewsConstructionTests {
  /// A model span over the first occurrence of `name` in `text`, in token positions of the
  /// sentence `tokens` (which must start and end on `name`'s edges).
  func modelSpan(
    _ name: String, in text: String, tokens: ArraySlice<Token>, label: String,
    confidence: Double, entry: Int? = nil
  ) throws -> EntityTagger.ModelSpan {
    let start = text.utf8.distance(
      from: text.startIndex, to: try #require(text.range(of: name)).lowerBound)
    let first = try #require(tokens.firstIndex { $0.start == start }) - tokens.startIndex
    let last =
      try #require(tokens.firstIndex { $0.end == start + name.utf8.count }) - tokens.startIndex
    return EntityTagger.ModelSpan(
      first: first, end: last + 1, label: label, confidence: confidence, entry: entry)
  }

  /// The first sentence of `text`: the tagger, its tokens and extracted features, and the
  /// text's bytes, handed to `body`.
  func withSentence<T>(
    _ text: String,
    _ body: (
      EntityTagger, UnsafeBufferPointer<UInt8>, ArraySlice<Token>, FeatureExtractor.Sentence,
      [Gazetteer.Match]
    ) throws -> T
  ) throws -> T {
    let sentences = try #require(EntityCleanupTests.sentences)
    let tagger = try #require(EntitiesTests.stage).tagger
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let range = try #require(document.sentenceTokenRanges().first)
    let tokens = document.tokens[range]
    return try Array(text.utf8).withUnsafeBufferPointer { buffer in
      let matches = tagger.gazetteer.matches(in: buffer, tokens: tokens)
      let sentence = tagger.extractor.extract(buffer, tokens: tokens, matches: matches, tags: nil)
      return try body(tagger, buffer, tokens, sentence, matches)
    }
  }

  /// The entities of the first sentence of `text` after the sentence passes, the model having
  /// found `model` (substring, label).
  func entities(_ text: String, model: [(String, String)] = []) throws -> [(
    text: String, label: String
  )] {
    var spans: [EntityTagger.ModelSpan] = []
    let found = try withSentence(text) { tagger, buffer, tokens, sentence, matches in
      for (name, label) in model {
        let byteStart = text.utf8.distance(
          from: text.startIndex, to: try #require(text.range(of: name)).lowerBound)
        let byteEnd = byteStart + name.utf8.count
        let first = try #require(tokens.firstIndex { $0.start == byteStart }) - tokens.startIndex
        let last = try #require(tokens.firstIndex { $0.end == byteEnd }) - tokens.startIndex
        spans.append(
          tagger.relabelled(
            EntityTagger.ModelSpan(first: first, end: last + 1, label: label, confidence: 0.9),
            buffer, tokens, sentence, matches))
      }
      var passes = EntityPasses(
        tagger: tagger, text: buffer, tokens: tokens, sentence: sentence, matches: matches)
      passes.addModelSpans(spans, minConfidence: 0)
      passes.addPlacesInsideTokens()
      passes.addOrganisationsBeforeRoles()
      passes.addFirmsBeforeAnalysts()
      passes.addGazetteerNames()
      let places = tagger.places.matches(in: buffer, tokens: tokens)
      passes.addSubdivisions(places, from: tagger.places, retypeBelow: 0.5, addMissing: true)
      passes.addQualifiedPlaces()
      passes.addDemonymInstitutions()
      passes.addConstructionNames(places: places)
      return passes.entities().entities.map {
        (String(decoding: buffer[$0.start..<$0.end], as: UTF8.self), $0.label)
      }
    }
    return found
  }

  func label(_ name: String, in found: [(text: String, label: String)]) -> String? {
    found.first { $0.text == name }?.label
  }

  @Test func aNationalityUntaggedWordsAndAHeadAreOneOrganisation() throws {
    let found = try entities(
      "A scholar with the American Zorbex Institute in Washington said so.",
      model: [("American", "MISC"), ("Institute", "ORG")])
    #expect(label("American Zorbex Institute", in: found) == "ORG")
    #expect(label("American", in: found) == nil)
    // "Ministry of X": the run keeps what follows "of", up to a title.
    let ministry = try entities(
      "Officers of the Chinese Ministry of Quellan Security Spokesman Gao Feng spoke.",
      model: [("Chinese", "MISC"), ("Quellan Security", "ORG"), ("Gao Feng", "PERSON")])
    #expect(label("Chinese Ministry of Quellan Security", in: ministry) == "ORG")
    #expect(label("Gao Feng", in: ministry) == "PERSON")
  }

  @Test func aNationalityBeforeATaggedOrganisationOrInACapitalHeadingIsLeftAlone() throws {
    // Every word tagged: CoNLL-2003 writes "German" and "Foreign Ministry" as two names.
    let found = try entities(
      "The German Foreign Ministry said on Monday it would reply.",
      model: [("German", "MISC"), ("Foreign Ministry", "ORG")])
    #expect(label("German", in: found) == "MISC")
    #expect(label("Foreign Ministry", in: found) == "ORG")
    let heading = try entities(
      "SOCCER - SCOTTISH LEAGUE STANDINGS", model: [("SCOTTISH", "MISC")])
    #expect(label("SCOTTISH", in: heading) == "MISC")
    #expect(!heading.contains { $0.text.contains("LEAGUE") })
  }

  @Test func aNameBeforeAnAnalystAndAPersonIsAFirm() throws {
    let found = try entities(
      "Brackwell analyst Jonah Smith said the shares were cheap.",
      model: [("Brackwell", "PERSON"), ("Jonah Smith", "PERSON")])
    #expect(label("Brackwell", in: found) == "ORG")
    #expect(label("Jonah Smith", in: found) == "PERSON")
    // A free capitalised word before the model's span belongs to the firm's name.
    let two = try entities(
      "The note by Brell Harrow economist Ada Quist came out on Tuesday.",
      model: [("Harrow", "LOC"), ("Ada Quist", "PERSON")])
    #expect(label("Brell Harrow", in: two) == "ORG")
    // No person after the role: nothing says firm.
    let none = try entities(
      "He met Brackwell, an analyst, on Tuesday.", model: [("Brackwell", "PERSON")])
    #expect(label("Brackwell", in: none) == "PERSON")
  }

  @Test func aSitesHeadMakesAModelOrganisationAPlace() throws {
    let found = try entities(
      "They walked from Grelling Park to Dunmore Square past the Hexley Center.",
      model: [
        ("Grelling Park", "ORG"), ("Dunmore Square", "ORG"), ("Hexley Center", "ORG"),
      ])
    #expect(label("Grelling Park", in: found) == "LOC")
    #expect(label("Dunmore Square", in: found) == "LOC")
    // "Center" also ends institutes' names: a model ORG keeps its label.
    #expect(label("Hexley Center", in: found) == "ORG")
    let person = try entities(
      "The play opened at Jeonmun Theater on Friday.", model: [("Jeonmun Theater", "PERSON")])
    #expect(label("Jeonmun Theater", in: person) == "LOC")
  }

  @Test func aQualifierOfPositionJoinsItsPlace() throws {
    let whole = try entities(
      "Authorities said Inner Mongolia confirmed a case.",
      model: [("Inner Mongolia", "PERSON")])
    #expect(label("Inner Mongolia", in: whole) == "LOC")
    let cut = try entities(
      "Officials said Inner Mongolia had a case.",
      model: [("Inner", "PERSON"), ("Mongolia", "LOC")])
    #expect(label("Inner Mongolia", in: cut) == "LOC")
    #expect(label("Inner", in: cut) == nil)
    // A model ORG is a team as often as not ("Eastern Michigan" in sport).
    let team = try entities(
      "Eastern Michigan beat Toledo on Saturday.",
      model: [("Eastern", "ORG"), ("Michigan", "LOC")])
    #expect(label("Eastern", in: team) == "ORG")
    #expect(label("Michigan", in: team) == "LOC")
  }

  @Test func ranksWithoutAFullStopAreTitles() throws {
    #expect(
      try EntityTitledNameTests().titles("Lt Col Ayo Bankole met Maj Tade Ojo and Gen Z fans.")
        == ["Lt Col", "Maj", "Gen"])
    let found = try EntityTitledNameTests().entities(
      "Lt Col Ayo Bankole inspected the troops on Monday.")
    #expect(found.contains { $0.text == "Ayo Bankole" && $0.label == "PERSON" })
    #expect(!found.contains { $0.text.contains("Lt") || $0.text.contains("Col") })
  }

  @Test func aTitleWithAPrefixIsATitle() throws {
    let found = try entities(
      "He met Chinese vice-premier Liu Qiang in Beijing.", model: [("Liu Qiang", "ORG")])
    #expect(label("Liu Qiang", in: found) == "PERSON")
    let former = try entities(
      "The ex-president Hollis Varn spoke.", model: [("Hollis Varn", "ORG")])
    #expect(label("Hollis Varn", in: former) == "PERSON")
  }

  @Test func aHeadingOfOneCommonWordNamesNothing() throws {
    func lone(_ text: String) throws -> Bool {
      try withSentence(text) { tagger, buffer, tokens, sentence, _ in
        tagger.isLoneCommonWord(buffer, tokens, sentence)
      }
    }
    #expect(try lone("News"))
    #expect(try lone("Keyboard:"))
    #expect(try !lone("Pittsburgh"))
    #expect(try !lone("News from Pittsburgh"))
    // Through the stage: the heading's word is no entity.
    let found = try EntityCleanupTests().entities(
      "News\n\nThe council met in Pittsburgh on Monday.")
    #expect(!found.contains { $0.text == "News" })
  }
}
