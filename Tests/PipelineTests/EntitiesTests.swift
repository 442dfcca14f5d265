import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// A small PTB-like tokenizer for these tests (the `sentences` stage provides the real one):
/// splits on spaces, splits off leading and trailing punctuation and a trailing "'s", keeps
/// "U.S." and "1.6" whole. The whole text is one sentence.
enum EntityTestTokenizer {
  static func document(_ text: String, id: String = "doc") -> Document {
    var document = Document(id: id, location: id, format: .text, source: text)
    let bytes = Array(text.utf8)
    var tokens: [Token] = []
    var index = 0
    let punctuation: Set<UInt8> = Set(",;:!?\"()[]".utf8)
    while index < bytes.count {
      if bytes[index] == 0x20 || bytes[index] == 0x0A {
        index += 1
        continue
      }
      var end = index
      while end < bytes.count && bytes[end] != 0x20 && bytes[end] != 0x0A { end += 1 }
      var start = index
      var tail: [Token] = []
      while start < end && punctuation.contains(bytes[start]) {
        tokens.append(Token(start: start, end: start + 1))
        start += 1
      }
      var stop = end
      while stop > start && (punctuation.contains(bytes[stop - 1]) || bytes[stop - 1] == 0x2E) {
        let inner = bytes[start..<stop - 1]
        let letterBefore =
          stop - 2 >= start && (bytes[stop - 2] | 0x20) >= 0x61 && (bytes[stop - 2] | 0x20) <= 0x7A
        if bytes[stop - 1] == 0x2E && inner.contains(0x2E) && letterBefore { break }
        tail.insert(Token(start: stop - 1, end: stop), at: 0)
        stop -= 1
      }
      if stop - start > 2 && bytes[stop - 2] == 0x27 && bytes[stop - 1] == 0x73 {
        tail.insert(Token(start: stop - 2, end: stop), at: 0)
        stop -= 2
      }
      if stop > start { tokens.append(Token(start: start, end: stop)) }
      tokens += tail
      index = end
    }
    document.tokens = tokens
    document.sentences = [Sentence(start: 0, end: bytes.count)]
    return document
  }
}

@Suite struct EntitiesTests {
  /// The passes are tested without the learned name-group classifier, which can drop or retype
  /// a name of a one-sentence document; `EntityGroupClassifierTests` test it.
  static let stage: EntitiesStage? = try? makeStage { $0.groupClassifier = false }

  static func makeStage(_ edit: (inout EntitiesStage.Config) -> Void = { _ in }) throws
    -> EntitiesStage
  {
    var reader = try ConfigReader(node: nil, file: "test", section: "entities", origin: nil)
    var config = try EntitiesStage.Config(reading: &reader)
    edit(&config)
    let context = StageContext(
      baseDirectory: URL(fileURLWithPath: "/tmp"), pipelineName: "test", jobs: 1)
    return try EntitiesStage(config: config, context: context)
  }

  func run(_ text: String, stage: EntitiesStage? = EntitiesTests.stage) throws -> (
    Document, [(String, String)]
  ) {
    let stage = try #require(stage)
    var document = EntityTestTokenizer.document(text)
    try stage.process(&document)
    return (document, document.entities.map { (document.slice($0), $0.label) })
  }

  func has(_ found: [(String, String)], _ text: String, _ label: String) -> Bool {
    found.contains { $0.0 == text && $0.1 == label }
  }

  @Test func tokenizerKeepsAbbreviations() {
    let document = EntityTestTokenizer.document("The U.S. said (Aliyev's) 1.6.")
    #expect(
      document.tokens.map { document.slice($0) } == [
        "The", "U.S.", "said", "(", "Aliyev", "'s", ")", "1.6", ".",
      ])
  }

  @Test func labelsAndOffsetsOnHandWrittenSentences() throws {
    let text =
      "Israeli Prime Minister Yair Lapid welcomed the decision by Azerbaijan President Ilham Aliyev to open an embassy in Tel Aviv."
    let (document, found) = try run(text)
    #expect(has(found, "Yair Lapid", "PERSON"))
    #expect(has(found, "Ilham Aliyev", "PERSON"))
    #expect(has(found, "Azerbaijan", "LOC"))
    #expect(has(found, "Tel Aviv", "LOC"))
    #expect(has(found, "Israeli", "MISC"))
    for entity in document.entities {
      #expect(
        document.slice(entity) == String(
          text.utf8.dropFirst(entity.start).prefix(entity.end - entity.start))!)
      #expect(entity.confidence > 0 && entity.confidence <= 1)
    }
    let starts = document.entities.map(\.start)
    #expect(starts == starts.sorted())
    for (left, right) in zip(document.entities, document.entities.dropFirst()) {
      #expect(left.end <= right.start)
    }
  }

  @Test func organisationsAndPlaces() throws {
    let (_, found) = try run(
      "The United Nations and NATO met in Brussels, while Reuters reported from Moscow on the talks."
    )
    #expect(has(found, "United Nations", "ORG"))
    #expect(has(found, "NATO", "ORG"))
    #expect(has(found, "Brussels", "LOC"))
    #expect(has(found, "Moscow", "LOC"))
  }

  @Test func offsetsAfterMultibyteText() throws {
    let text = "Café owners in Türkiye met Recep Tayyip Erdoğan in Ankara."
    let (document, found) = try run(text)
    #expect(has(found, "Ankara", "LOC"))
    let turkey = try #require(document.entities.first { document.slice($0) == "Türkiye" })
    #expect(turkey.label == "LOC")
    #expect(turkey.canonical == "Turkey")
  }

  @Test func patternEntities() throws {
    let (_, found) = try run(
      "On 01 November 2022 the fund raised $1.6 billion, up 40 percent, and 20,000-25,000 people marched at 10:30 GMT on Monday."
    )
    #expect(has(found, "01 November 2022", "DATE"))
    #expect(has(found, "$1.6 billion", "MONEY"))
    #expect(has(found, "40 percent", "PERCENT"))
    #expect(has(found, "20,000-25,000 people", "QUANTITY"))
    #expect(has(found, "10:30 GMT", "TIME"))
    #expect(has(found, "Monday", "DATE"))
  }

  @Test func morePatterns() throws {
    let (document, found) = try run(
      "Sales fell 12% to 5 million euros in 2018, and on November 1, 2022 a 30 km convoy left.")
    #expect(has(found, "12%", "PERCENT"))
    #expect(has(found, "5 million euros", "MONEY"))
    #expect(has(found, "2018", "DATE"))
    #expect(has(found, "November 1, 2022", "DATE"))
    #expect(has(found, "30 km", "QUANTITY"))
    #expect(document.entities.filter { $0.label == "DATE" }.allSatisfy { $0.origin == "pattern" })
  }

  @Test func shortMentionsLinkToFullNames() throws {
    let (document, _) = try run(
      "Azerbaijan President Ilham Aliyev met Benny Gantz in Baku. Gantz said Aliyev's country was a partner."
    )
    let aliyev = document.entities.filter { document.slice($0) == "Aliyev" }
    #expect(!aliyev.isEmpty)
    #expect(aliyev.allSatisfy { $0.canonical == "Ilham Aliyev" && $0.label == "PERSON" })
    let gantz = try #require(document.entities.first { document.slice($0) == "Gantz" })
    #expect(gantz.canonical == "Benny Gantz")
  }

  @Test func gazetteerVariants() throws {
    var gazetteer = try EntityResources.gazetteer()
    gazetteer.add("Zorbia", label: "LOC", kind: "user")
    #expect(gazetteer.lookup("tel-aviv")?.canonical == "Tel Aviv")
    #expect(gazetteer.lookup("Türkiye")?.canonical == "Turkey")
    let document = EntityTestTokenizer.document("Tell us about Tel-Aviv, the US and Zorbia.")
    let names = Array(document.text.utf8).withUnsafeBufferPointer { text in
      gazetteer.matches(in: text, tokens: document.tokens[...]).map {
        (
          document.slice(document.tokens[$0.first].start, document.tokens[$0.end - 1].end),
          gazetteer.entries[$0.entry].canonical
        )
      }
    }
    #expect(names.map(\.0) == ["Tel-Aviv", "US", "Zorbia"])
    #expect(names.map(\.1) == ["Tel Aviv", "United States", "Zorbia"])
  }

  @Test func nameListedInBothCasesMatchesBothWays() throws {
    func matched(_ gazetteer: Gazetteer, _ text: String) -> [String] {
      let document = EntityTestTokenizer.document(text)
      return Array(document.text.utf8).withUnsafeBufferPointer { bytes in
        gazetteer.matches(in: bytes, tokens: document.tokens[...]).map {
          document.slice(document.tokens[$0.first].start, document.tokens[$0.end - 1].end)
        }
      }
    }
    let text = "Both zq-Norvo and Zq-Norvo, then yx-Blint and Yx-Blint, and gw-Tarn and Gw-Tarn."
    var gazetteer = Gazetteer()
    // Lower-case spelling first, then a capitalised one (the order of the bundled list).
    gazetteer.add("zq-Norvo", label: "ORG", kind: "user")
    gazetteer.add("Zq-Norvo", label: "ORG", kind: "user")
    // The other order.
    gazetteer.add("Yx-Blint", label: "ORG", kind: "user")
    gazetteer.add("yx-Blint", label: "ORG", kind: "user")
    // Listed in lower case only: matches only as written.
    gazetteer.add("gw-Tarn", label: "ORG", kind: "user")
    #expect(
      matched(gazetteer, text) == ["zq-Norvo", "Zq-Norvo", "yx-Blint", "Yx-Blint", "gw-Tarn"])
    let bundled = try EntityResources.gazetteer()
    #expect(matched(bundled, "Then al-Qaeda and Al-Qaeda spoke.") == ["al-Qaeda", "Al-Qaeda"])
  }

  @Test func userGazetteerFromConfig() throws {
    let stage = try Self.makeStage { $0.gazetteer = ["ORG": ["Quuxly Widgets"]] }
    let (document, found) = try run("Shares of Quuxly Widgets rose.", stage: stage)
    #expect(has(found, "Quuxly Widgets", "ORG"))
    #expect(document.entities.allSatisfy { $0.end <= document.text.utf8.count })
  }

  @Test func demonymTable() throws {
    let table = try Demonyms.load()
    #expect(table["Israeli"] == "Israel")
    #expect(table["Azeri"] == "Azerbaijan")
    #expect(table["Azerbaijani"] == "Azerbaijan")
    let (document, _) = try run("The Azeri minister spoke.")
    let azeri = try #require(document.entities.first { document.slice($0) == "Azeri" })
    #expect(azeri.label == "MISC")
    #expect(azeri.attributes["country"] == "Azerbaijan")
  }

  @Test func emptyAndBadInput() throws {
    let stage = try #require(Self.stage)
    var empty = Document(id: "e", location: "e", format: .text, source: "")
    try stage.process(&empty)
    #expect(empty.entities.isEmpty)
    var bad = EntityTestTokenizer.document("Paris")
    bad.tokens = [Token(start: 0, end: 50)]
    #expect(throws: DocumentError.self) { try stage.process(&bad) }
  }

  @Test func corruptModelFromConfigFailsAtLoad() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nlpipe-bad-\(UUID().uuidString).bin")
    try Data("NLPNER\r\n123".utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(throws: NERModelError.self) { try Self.makeStage { $0.model = url.path } }
  }
}
