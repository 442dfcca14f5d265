import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

/// `nlpipe train ner --gold-docs GOLD.json --gold-texts DIR`: sentences of annotated
/// documents, their names marked from the document-level gold.
@Suite struct EntityTrainingGoldDocumentsTests {
  /// The example's text and its names as "text/TYPE".
  func describe(_ example: NERExample) -> (String, [String]) {
    let names = example.entities.map { span in
      let start = example.tokens[span.first].start
      let end = example.tokens[span.end - 1].end
      return String(decoding: example.bytes[start..<end], as: UTF8.self) + "/" + span.type
    }
    return (String(decoding: example.bytes, as: UTF8.self), names)
  }

  @Test func occurrencesAreMarkedAndUnsureSentencesDropped() throws {
    let gold = Data(
      """
      {"docs": {"d1": {"entities": {"PERSON": [["Ada Lovelace", "Lovelace"],
        ["Charles Babbage", "Babbage"]], "LOC": [["London"]], "MISC": [["Engine"]]},
        "optional_entities": ["Royal Society"], "relations": []}}}
      """.utf8)
    let documents = try NewsGold.documents(gold, origin: "test")
    #expect(documents.map(\.id) == ["d1"])
    let annotation = GoldDocumentTraining.Annotation(try #require(documents.first))
    let text =
      "Ada Lovelace met Charles Babbage in London. Lovelace wrote to Babbage often. "
      + "She later met Menabrea in London. The weather was fine in London. "
      + "Italian engineers praised Lovelace. Babbage spoke at the Royal Society. "
      + "Nobody wrote back."
    let training = GoldDocumentTraining(demonyms: ["Italian"])
    let examples = try training.examples([(text, annotation)]).map(describe)
    #expect(
      examples.map(\.0) == [
        "Ada Lovelace met Charles Babbage in London.", "Lovelace wrote to Babbage often.",
        "The weather was fine in London.",
      ])
    #expect(
      examples.map(\.1) == [
        ["Ada Lovelace/PER", "Charles Babbage/PER", "London/LOC"],
        ["Lovelace/PER", "Babbage/PER"], ["London/LOC"],
      ])
  }

  @Test func newsGoldReadsGroupsByTypeAndNamesBadFiles() throws {
    let gold = Data(
      """
      {"docs": {"b": {"entities": {"ORG": [["Acme", "Acme Corp."]], "LOC": [["Paris"]]},
        "relations": [["Acme", "located_in", "Paris"]]},
        "a": {"entities": {}, "optional_relations": [["X", "met_with", "Y"]]}}}
      """.utf8)
    let documents = try NewsGold.documents(gold, origin: "gold.json")
    #expect(documents.map(\.id) == ["a", "b"])
    #expect(documents[1].groups.map(\.type) == ["LOC", "ORG"])
    #expect(documents[1].groups.map(\.forms) == [["Paris"], ["Acme", "Acme Corp."]])
    #expect(documents[1].relations == [["Acme", "located_in", "Paris"]])
    #expect(documents[0].optionalRelations == [["X", "met_with", "Y"]])
    let bad = Data(#"{"docs": {"d": {"entities": {"PERSON": ["Ada"]}}}}"#.utf8)
    #expect(
      throws: LoadError(
        file: "gold.json", message: "document d: PERSON is not a list of name groups")
    ) {
      try NewsGold.documents(bad, origin: "gold.json")
    }
    #expect(
      throws: LoadError(file: "x.json", message: "expected a JSON object with a \"docs\" object")
    ) {
      try NewsGold.documents(Data("[1]".utf8), origin: "x.json")
    }
  }

  @Test func occurrencesMustStartAndEndOnTokenEdges() {
    let sentence = Array("Londoners like London .".utf8)
    let tokens = [
      Token(start: 0, end: 9), Token(start: 10, end: 14), Token(start: 15, end: 21),
      Token(start: 22, end: 23),
    ]
    let found = GoldDocumentTraining.occurrences(Array("London".utf8), sentence, tokens)
    #expect(found.map(\.0) == [2])
    #expect(found.map(\.1) == [3])
  }
}
