import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// The constructions of stop 31 (set D): double-barrelled surnames after a model PERSON,
/// venues named by their head noun, participles and adverbs that open a sentence. Made-up
/// sentences through the real sentence splitter, tokenizer and bundled gazetteers, with the
/// model's spans given by the test, so that what the construction does, not what the bundled
/// model happens to find, is checked.
@Suite struct EntitySetDTests {
  let constructions = EntityNewsConstructionTests()

  /// The entities of the first sentence of `text` after the model's spans `model`
  /// (substring, label) and the hyphenated-surname pass.
  func withSurnames(_ text: String, model: [(String, String)]) throws -> [(
    text: String, label: String
  )] {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, matches in
      var spans: [EntityTagger.ModelSpan] = []
      for (name, label) in model {
        spans.append(
          try constructions.modelSpan(
            name, in: text, tokens: tokens, label: label, confidence: 0.9))
      }
      var passes = EntityPasses(
        tagger: tagger, text: buffer, tokens: tokens, sentence: sentence, matches: matches)
      passes.addModelSpans(spans, minConfidence: 0)
      passes.addHyphenatedSurnames()
      return passes.entities().entities.map {
        (String(decoding: buffer[$0.start..<$0.end], as: UTF8.self), $0.label)
      }
    }
  }

  @Test func hyphenatedNamesAreCapitalisedParts() {
    func check(_ word: String) -> Bool {
      Array(word.utf8).withUnsafeBufferPointer { HyphenatedSurnames.isHyphenatedName($0[...]) }
    }
    #expect(check("Ngo-Anh"))
    #expect(check("Caldwell-Pope"))
    #expect(check("Lloyd-Webber-Smith"))
    #expect(!check("US-China"))
    #expect(!check("Anglo-american"))
    #expect(!check("Post-9/11"))
    #expect(!check("Smith-"))
    #expect(!check("Smith"))
    #expect(!check("well-known"))
  }

  @Test func aHyphenatedSurnameJoinsThePersonBeforeIt() throws {
    let found = try withSurnames(
      "Team head Marta Vell-Oshiro said the idea works.", model: [("Marta", "PERSON")])
    #expect(found.map(\.text) == ["Marta Vell-Oshiro"])
    #expect(found.first?.label == "PERSON")
    // After a model ORG, or when the word is lower case or not hyphenated, nothing changes.
    let organisation = try withSurnames(
      "Analysts at Torvane Vell-Oshiro said so.", model: [("Torvane", "ORG")])
    #expect(organisation.map(\.text) == ["Torvane"])
    let plain = try withSurnames(
      "Marta Oshiro-based firms said so.", model: [("Marta", "PERSON")])
    #expect(plain.map(\.text) == ["Marta"])
    // A capitalised word after it: a longer name, not the person's.
    let longer = try withSurnames(
      "Torvane Vell-Oshiro Systems won a contract.", model: [("Torvane", "PERSON")])
    #expect(longer.map(\.text) == ["Torvane"])
    // A hyphenated word another span holds is left to it.
    let taken = try withSurnames(
      "Marta Vell-Oshiro Systems said so.",
      model: [("Marta", "PERSON"), ("Vell-Oshiro Systems", "ORG")])
    #expect(taken.map(\.text) == ["Marta", "Vell-Oshiro Systems"])
  }

  @Test func venuesAreNamedByTheirHead() throws {
    let found = try constructions.entities(
      "The band plays Korvane Arena, Belmire Amphitheatre and Tessaly Pavilion in May.",
      model: [
        ("Korvane Arena", "ORG"), ("Belmire Amphitheatre", "ORG"), ("Tessaly Pavilion", "PERSON"),
      ])
    #expect(constructions.label("Korvane Arena", in: found) == "LOC")
    #expect(constructions.label("Belmire Amphitheatre", in: found) == "LOC")
    #expect(constructions.label("Tessaly Pavilion", in: found) == "LOC")
    let person = try constructions.entities(
      "They sang at Dorwin Auditorium on Friday.", model: [("Dorwin Auditorium", "PERSON")])
    #expect(constructions.label("Dorwin Auditorium", in: person) == "LOC")
    // One word is no venue's name: "Arena" alone keeps the model's label.
    let alone = try constructions.entities(
      "Arena said sales rose.", model: [("Arena", "ORG")])
    #expect(constructions.label("Arena", in: alone) == "ORG")
  }

  @Test func aKindOfCompanyBeforeANameMakesItACompany() throws {
    let found = try constructions.entities(
      "Beauty company Norvex said sales rose at vehicle-maker Tallon and the search engine Quiry.",
      model: [("Norvex", "PERSON"), ("Tallon", "LOC"), ("Quiry", "PERSON")])
    #expect(constructions.label("Norvex", in: found) == "ORG")
    #expect(constructions.label("Quiry", in: found) == "ORG")
    // A model place is never retyped.
    #expect(constructions.label("Tallon", in: found) == "LOC")
    // Words no pass tagged become the company.
    let free = try constructions.entities("Sales fell at retail giant Dormer Depot this year.")
    #expect(constructions.label("Dormer Depot", in: free) == "ORG")
    // A model PERSON of two words stays: "the company Name founded" names a person.
    let founder = try constructions.entities(
      "The company Marta Vell founded grew fast.", model: [("Marta Vell", "PERSON")])
    #expect(constructions.label("Marta Vell", in: founder) == "PERSON")
    // Not after a capitalised word ("Company" in a name).
    let named = try constructions.entities(
      "Shares of Tarn Company Norvex rose.", model: [("Norvex", "PERSON")])
    #expect(constructions.label("Norvex", in: named) == "PERSON")
  }

  /// Every occurrence of each name as a model PERSON, then ``CommonWordOpeners/apply``: the
  /// texts of the mentions kept, in order.
  func keptOpeners(_ text: String, names: [String]) throws -> [String] {
    try EntityTitleCaseQuoteTests.keptMentions(text, names: names) {
      entities, buffer, document, stage in
      CommonWordOpeners.apply(
        &entities, text: buffer, tokens: document.tokens,
        sentences: document.sentenceTokenRanges(), gazetteer: stage.tagger.gazetteer)
    }
  }

  @Test func openingParticiplesAndAdverbsAreNoNames() throws {
    #expect(
      try keptOpeners(
        "Rounding out the list, the agency chose two firms. Regionally, sales fell.",
        names: ["Rounding", "Regionally"]
      ).isEmpty)
    // Quotes before the word do not hide that it opens the sentence.
    #expect(
      try keptOpeners("“Kicking off in June, the tour runs long.”", names: ["Kicking"]).isEmpty)
  }

  @Test func openingNamesThatLookLikeParticiplesStay() throws {
    // Written capitalised inside another sentence too: a name.
    #expect(
      try keptOpeners(
        "Harding said the vote was close. Aides to Harding agreed.", names: ["Harding"])
        == ["Harding", "Harding"])
    // A capitalised word after it: part of a longer name, not a participle's complement.
    #expect(try keptOpeners("Browning Arms said sales rose.", names: ["Browning"]) == ["Browning"])
    // A listed place.
    #expect(try keptOpeners("Beijing said talks would resume.", names: ["Beijing"]) == ["Beijing"])
    // An "-ly" word without a comma after it.
    #expect(try keptOpeners("Kimberly said she would go.", names: ["Kimberly"]) == ["Kimberly"])
    // Not at a sentence's opening.
    #expect(try keptOpeners("The coach, Dunning, said so.", names: ["Dunning"]) == ["Dunning"])
  }

  /// Each name as a model ORG at every occurrence, then ``PluralAcronyms/apply``: the texts
  /// kept, in order.
  func keptAcronyms(_ text: String, names: [String]) throws -> [String] {
    let sentences = try #require(EntityCleanupTests.sentences)
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let bytes = Array(text.utf8)
    var entities: [Entity] = []
    for start in document.tokens.map(\.start) {
      for name in names where bytes[start...].starts(with: Array(name.utf8)) {
        let end = start + name.utf8.count
        guard end == bytes.count || !ASCII.isLetter(bytes[end]) else { continue }
        entities.append(
          Entity(start: start, end: end, label: "ORG", origin: "model", confidence: 0.9))
      }
    }
    bytes.withUnsafeBufferPointer { buffer in
      PluralAcronyms.apply(&entities, text: buffer, tokens: document.tokens)
    }
    return entities.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
  }

  @Test func acronymsWrittenInThePluralAreNoNames() throws {
    #expect(
      try keptAcronyms(
        "Dealers sold more SUVs. The new SUV from NASA has LEDs.",
        names: ["SUVs", "SUV", "NASA", "LEDs"]) == ["NASA"])
    // Without a plural in the document, an acronym stays a name.
    #expect(
      try keptAcronyms("The SUV maker and NASA met.", names: ["SUV", "NASA"]) == ["SUV", "NASA"])
  }
}
