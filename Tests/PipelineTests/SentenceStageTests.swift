import Foundation
import Testing

@testable import Pipeline
@testable import Stages

private func makeStage() throws -> SentencesStage {
  var reader = ConfigReader.describing("sentences")
  let config = try SentencesStage.Config(reading: &reader)
  let context = StageContext(
    baseDirectory: URL(fileURLWithPath: "/tmp"), pipelineName: "test", jobs: 1)
  return try SentencesStage(config: config, context: context)
}

@Test func stageFillsSentencesAndTokens() throws {
  let stage = try makeStage()
  var document = Document(
    id: "d", location: "d.txt", format: .text, source: "Hello World. My name is Jonas.")
  try stage.process(&document)
  #expect(document.sentences.map { document.slice($0) } == ["Hello World.", "My name is Jonas."])
  #expect(document.tokens.map { document.slice($0) }.count == 8)
  var reader = ConfigReader.describing("sentences")
  let contract = SentencesStage.contract(try SentencesStage.Config(reading: &reader))
  #expect(contract.provides == [.sentences, .tokens])
  #expect(contract.requires == [.cleanText])
  #expect(document.sentences[1].sourceStart == 13 && document.sentences[1].sourceEnd == 30)
}

@Test func stageKeepsSentencesInsideBlocks() throws {
  let stage = try makeStage()
  let text = "A heading without period Then a paragraph. It has two sentences"
  var document = Document(id: "d", location: "d.html", format: .html, source: "<h1>...</h1>")
  document.replaceText(
    text,
    blocks: [
      Block(start: 0, end: 24, sourceStart: 4, sourceEnd: 28, kind: "h1"),
      Block(start: 25, end: text.utf8.count, kind: "p"),
    ])
  try stage.process(&document)
  #expect(
    document.sentences.map { document.slice($0) } == [
      "A heading without period", "Then a paragraph.", "It has two sentences",
    ])
  #expect(document.sentences[0].sourceStart == 4 && document.sentences[0].sourceEnd == 28)
  #expect(document.sentences[1].sourceStart == nil)
  for token in document.tokens { #expect(token.end <= 24 || token.start >= 25) }
}

@Test func stageRejectsMarkup() throws {
  let stage = try makeStage()
  var document = Document(id: "d", location: "d.html", format: .html, source: "<p>Hi.</p>")
  #expect(throws: DocumentError.self) { try stage.process(&document) }
}

@Test func stageRegisteredWithKeys() throws {
  let registry = try BuiltinStages.registry()
  let description = try #require(registry.descriptions.first { $0.name == "sentences" })
  #expect(description.keys.map(\.name) == ["tokens", "abbreviations"])
}

@Test func extraAbbreviationsAreUsed() throws {
  let lexicon = try SentenceLexicon.standard(extraAbbreviations: ["Xyz."])
  let splitter = SentenceSplitter(tokenizer: Tokenizer(lexicon: lexicon))
  #expect(splitter.split("We met Xyz. Peterson there.").count == 1)
  let plain = try SentenceSplitter.standard()
  #expect(plain.split("We met Xyz. Peterson there.").count == 2)
}
