import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Names found only inside title-case quotations (slogans, songs, titles) are dropped
/// (``TitleCaseQuotes``); made-up sentences, none from a dev set.
@Suite struct EntityTitleCaseQuoteTests {
  func quotations(_ text: String) -> [String] {
    Array(text.utf8).withUnsafeBufferPointer { buffer in
      TitleCaseQuotes.quotations(buffer).map { String(decoding: buffer[$0], as: UTF8.self) }
    }
  }

  /// Every occurrence of each name as a model PERSON, split into sentences by the real
  /// splitter, then `pass` over them: the texts of the mentions kept, in order.
  static func keptMentions(
    _ text: String, names: [String],
    pass: (inout [Entity], UnsafeBufferPointer<UInt8>, Document, EntitiesStage) -> Void
  ) throws -> [String] {
    let stage = try #require(EntitiesTests.stage)
    let sentences = try #require(EntityCleanupTests.sentences)
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let bytes = Array(text.utf8)
    var entities: [Entity] = []
    for name in names {
      let needle = Array(name.utf8)
      for start in 0...(bytes.count - needle.count)
      where bytes[start..<start + needle.count].elementsEqual(needle) {
        entities.append(
          Entity(
            start: start, end: start + needle.count, label: "PERSON", origin: "model",
            confidence: 0.9))
      }
    }
    entities.sort { $0.start < $1.start }
    bytes.withUnsafeBufferPointer { pass(&entities, $0, document, stage) }
    return entities.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
  }

  /// ``keptMentions(_:names:pass:)`` with ``TitleCaseQuotes/apply``.
  func kept(_ text: String, names: [String]) throws -> [String] {
    try Self.keptMentions(text, names: names) { entities, buffer, document, stage in
      TitleCaseQuotes.apply(
        &entities, text: buffer, tokens: document.tokens,
        commonWords: stage.tagger.model.commonWords)
    }
  }

  @Test func quotationsPairTheirMarks() {
    #expect(
      quotations("They chanted “Fund our schools,” and “Put kids first.”")
        == ["Fund our schools,", "Put kids first."])
    // Doubled straight quotes, as CSV writes them, are one mark.
    #expect(
      quotations("It was \"\"Operation Steel Curtain\"\", a sweep.") == ["Operation Steel Curtain"])
    // An unpaired inch mark before a quotation: the mark facing a word opens again.
    #expect(quotations("a 12\" gun, \"Iron Fist\" began") == ["Iron Fist"])
    // Not across lines.
    #expect(quotations("“Open\nclosed” and “Gone”") == ["Gone"])
  }

  @Test func namesOnlyInTitleCaseQuotationsAreDropped() throws {
    #expect(
      try kept(
        "Teachers played “We’re Not Gonna Take It” from the steps.",
        names: ["Gonna", "Take It"]) == [])
    #expect(
      try kept(
        "Signs read \"Less Money on Testing, More Money on Students\" outside.",
        names: ["Less Money", "More Money on Students"]) == [])
  }

  @Test func namesAlsoOutsideOrInOtherQuotationsStay() throws {
    // Named outside the quotation too: a name.
    #expect(
      try kept(
        "Fans sang “Hey Jude, Come Back to Liverpool” before Liverpool won.",
        names: ["Liverpool"]) == ["Liverpool", "Liverpool"])
    // A list of names is no title: no common word is capitalised.
    #expect(
      try kept(
        "The list read “Ana Lima, Rui Costa, Bruno Alves” and more.",
        names: ["Ana Lima", "Rui Costa"]) == ["Ana Lima", "Rui Costa"])
    // A quoted sentence is no title.
    #expect(
      try kept("She said “Tell Maria the plan is off” and left.", names: ["Maria"]) == ["Maria"])
  }
}
