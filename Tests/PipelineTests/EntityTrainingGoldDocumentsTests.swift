import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

/// `nlpipe train ner --gold GOLD.json --gold-text PREFIX=DIR`: sentences of annotated
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

  @Test func unnamedWordsStayUnlabelledInKeptSentences() throws {
    let annotation = GoldDocumentTraining.Annotation(
      names: [("Ada Lovelace", "PER"), ("Lovelace", "PER"), ("London", "LOC")],
      optional: ["Royal Society"])
    let text =
      "Ada Lovelace met Menabrea in London. Italian engineers praised Lovelace. "
      + "Lovelace spoke at the Royal Society. Nobody wrote back."
    var training = GoldDocumentTraining(demonyms: ["Italian"], unnamed: .unlabelled)
    let examples = try training.examples([(text, annotation)])
    #expect(
      examples.map(describe).map(\.1) == [
        ["Ada Lovelace/PER", "London/LOC"], ["Lovelace/PER"], ["Lovelace/PER"],
      ])
    // "Menabrea" (capitalised, unnamed), "Italian" (a demonym, even first), "Royal Society"
    // (an optional entity) are unlabelled; "Nobody wrote back." has no name and is no example.
    #expect(examples.map(\.unlabelled) == [[3..<4], [0..<1], [4..<6]])
    let tags = NERTrainer.tags(examples[0], types: ["PER", "ORG", "LOC"])
    #expect(tags == [1, 2, 0, -1, 0, 5, 0])
    training.unnamed = .drop
    #expect(try training.examples([(text, annotation)]).isEmpty)
  }

  @Test func ordinaryCapitalisedWordsAreOutside() throws {
    let annotation = GoldDocumentTraining.Annotation(
      names: [("Mike Pompeo", "PER"), ("Kyiv", "LOC")], optional: [])
    let text = "Secretary of State Mike Pompeo visited Kyiv on Monday with Menabrea."
    var training = GoldDocumentTraining(
      demonyms: [], unnamed: .unlabelled, ordinaryWords: ["secretary", "state", "monday"])
    let examples = try training.examples([(text, annotation)])
    #expect(examples.map(describe).map(\.1) == [["Mike Pompeo/PER", "Kyiv/LOC"]])
    // Only "Menabrea" is unnamed; "Secretary" is the first word, "State" and "Monday" are O.
    #expect(examples.map(\.unlabelled) == [[10..<11]])
    training.ordinaryWords = []
    #expect(
      try training.examples([(text, annotation)]).map(\.unlabelled) == [[2..<3, 8..<9, 10..<11]])
    let bundled = try GoldDocumentTraining.bundledOrdinaryWords()
    #expect(["secretary", "minister", "monday", "i"].allSatisfy(bundled.contains))
    #expect(!bundled.contains("pompeo"))
  }

  @Test func longestFormsFirstAndTypographicApostrophes() throws {
    let annotation = GoldDocumentTraining.Annotation(
      names: [("Lowe", "PER"), ("Lowe's", "ORG"), ("New York", "LOC"), ("New York Times", "ORG")],
      optional: [])
    let text = "Lowe\u{2019}s told the New York Times that Lowe lives in New York."
    let examples = try GoldDocumentTraining(demonyms: []).examples([(text, annotation)])
    #expect(
      examples.map(describe).map(\.1) == [
        ["Lowe\u{2019}s/ORG", "New York Times/ORG", "Lowe/PER", "New York/LOC"]
      ])
  }

  /// A folder with the given files, removed after `body`.
  func withFolder(_ files: [String: String], _ body: (URL) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gold-sources-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, content) in files {
      let url = folder.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(content.utf8).write(to: url)
    }
    try body(folder)
  }

  @Test func textsAreFoundByIdPrefixAndHalvesByPosition() throws {
    try withFolder([
      "gold.json": #"{"docs": {"d0": {"entities": {}}, "d1": {"entities": {}}, "d2": {}}}"#,
      "extra.json": #"{"docs": {"web-x": {"entities": {"LOC": [["Paris"]]}}}}"#,
      "news/d0.txt": "zero", "news/d1.txt": "one", "news/d2.txt": "two", "pages/x.txt": "Paris",
    ]) { folder in
      let sources = try GoldDocumentSources(folders: [
        "web-=\(folder.path)/pages", "=\(folder.path)/news",
      ])
      let documents = try sources.documents([
        .init(url: folder.appendingPathComponent("gold.json"), evenPositionsOnly: true),
        .init(url: folder.appendingPathComponent("extra.json")),
      ])
      #expect(documents.map(\.id) == ["d0", "d2", "web-x"])
      #expect(documents.map(\.text) == ["zero", "two", "Paris"])
      #expect(documents[2].textFile.hasSuffix("/pages/x.txt"))
      #expect(documents[2].annotation.names.map(\.type) == ["LOC"])
    }
  }

  @Test func badGoldNamesItsFileAndDocument() throws {
    try withFolder([
      "a.json": #"{"docs": {"d0": {"entities": {"ORG": [["Acme", " "]]}}}}"#,
      "b.json": #"{"docs": {"d9": {"entities": {}}}}"#,
      "c.json": #"{"docs": {"d1": {"entities": {}}}}"#,
      "news/d0.txt": "Acme", "news/d1.txt": "x",
    ]) { folder in
      let sources = try GoldDocumentSources(folders: ["=\(folder.path)/news"])
      let a = folder.appendingPathComponent("a.json")
      let b = folder.appendingPathComponent("b.json")
      let c = folder.appendingPathComponent("c.json")
      #expect(throws: LoadError(file: a.path, message: "document d0: an empty ORG surface form")) {
        try sources.documents([.init(url: a)])
      }
      #expect(
        throws: LoadError(
          file: b.path, message: "document d9: no text in =\(folder.path)/news")
      ) {
        try sources.documents([.init(url: b)])
      }
      #expect(throws: LoadError(file: c.path, message: "document d1 is in \(c.path) too")) {
        try sources.documents([.init(url: c), .init(url: c)])
      }
      #expect(throws: LoadError.self) { try GoldDocumentSources(folders: ["news"]) }
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
