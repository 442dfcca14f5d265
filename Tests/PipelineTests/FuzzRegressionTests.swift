import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// One input kept from a fuzz run (`Fixtures/fuzz/TARGET/NAME`, see its README).
struct FuzzFixture: Sendable, CustomTestStringConvertible {
  var target: String
  var name: String
  var bytes: [UInt8]
  var testDescription: String { "\(target)/\(name)" }

  /// The input as the fuzz targets read it: invalid UTF-8 repaired.
  static func text(_ bytes: some Collection<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }
}

/// The crash reproducers and corpus inputs in `Fixtures/fuzz/`, replayed through the entry
/// points the libFuzzer targets in `Fuzz/` call, with the same invariants (`Fuzz/run.sh`).
enum FuzzFixtures {
  static let targets = [
    "FuzzCleanup", "FuzzBoilerplate", "FuzzSentences", "FuzzPipelineFile", "FuzzRuleFile",
    "FuzzDecoder", "FuzzExtraction", "FuzzJSON", "FuzzGzip",
  ]

  static let folder: URL? = Bundle.module.url(forResource: "Fixtures/fuzz", withExtension: nil)

  /// The fixtures of one target, by name.
  static func inputs(_ target: String) -> [FuzzFixture] {
    guard let folder else { return [] }
    let directory = folder.appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().compactMap { name in
      guard
        let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
      else { return nil }
      return FuzzFixture(target: target, name: name, bytes: Array(data))
    }
  }

  /// A built-in stage with a config, built through the loader as the fuzz targets do.
  static func stage(_ name: String) throws -> any Stage {
    let loader = PipelineLoader(registry: try BuiltinStages.registry())
    let definition = try loader.load(
      yaml: "input: .\nstages:\n  - \(name): {}\n", file: "fuzz.yaml",
      baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    return try #require(definition.stages.first?.stage)
  }

  /// The first byte picks the format, the rest is the document (FuzzCleanup, FuzzBoilerplate).
  static func document(_ fixture: FuzzFixture, even: SourceFormat, odd: SourceFormat) -> Document {
    let format = (fixture.bytes.first ?? 0) & 1 == 0 ? even : odd
    return Document(
      id: "fuzz", location: "fuzz", format: format,
      source: FuzzFixture.text(fixture.bytes.dropFirst()))
  }
}

/// The `external` stage's config reader without starting a program (as in FuzzPipelineFile).
private struct InertExternalStage: Stage {
  typealias Config = ExternalConfig
  static let name = ExternalStage.name
  static let summary = ExternalStage.summary
  let config: Config

  init(config: Config, context: StageContext) throws { self.config = config }

  static func contract(_ config: Config) -> StageContract { ExternalStage.contract(config) }
  func process(_ document: inout Document) throws {}
}

@Suite struct FuzzRegressionTests {
  @Test func everyTargetHasFixtures() throws {
    let folder = try #require(FuzzFixtures.folder)
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.md").path))
    for target in FuzzFixtures.targets {
      #expect(!FuzzFixtures.inputs(target).isEmpty, "no fixture for \(target)")
    }
    #expect(FuzzFixtures.inputs("FuzzRuleFile").filter { $0.name.hasPrefix("crash-") }.count == 2)
  }

  /// Content blocks non-empty, in order, not overlapping, in the text; source ranges in the source.
  private func checkBlocks(_ document: Document, _ fixture: FuzzFixture) {
    let textCount = document.text.utf8.count
    let sourceCount = document.source.utf8.count
    var previous = 0
    for block in document.blocks {
      #expect(
        block.start >= previous && block.start <= block.end && block.end <= textCount,
        "\(fixture.name): block \(block.start)..<\(block.end)")
      if block.isContent {
        #expect(block.start < block.end)
        previous = block.end
      }
      if let start = block.sourceStart, let end = block.sourceEnd {
        #expect(
          0 <= start && start <= end && end <= sourceCount,
          "\(fixture.name): source \(start)..<\(end) of \(sourceCount)")
      } else {
        #expect(block.sourceStart == nil && block.sourceEnd == nil)
      }
    }
    #expect(!document.isMarkup)
  }

  /// The document after `stage`, or nil when the stage refused it with a clear error.
  private func processed(_ stage: any Stage, _ document: Document) throws -> Document? {
    var document = document
    do {
      try stage.process(&document)
    } catch let error as DocumentError {
      #expect(!error.message.isEmpty)
      return nil
    }
    return document
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzCleanup"))
  func cleanup(_ fixture: FuzzFixture) throws {
    let stage = try FuzzFixtures.stage("cleanup")
    guard
      let document = try processed(stage, FuzzFixtures.document(fixture, even: .html, odd: .xml))
    else { return }
    checkBlocks(document, fixture)
    if fixture.name.hasPrefix("deepest-tag-nesting") {
      #expect(document.warnings.contains { $0.contains("nested deeper than") })
    }
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzBoilerplate"))
  func boilerplate(_ fixture: FuzzFixture) throws {
    let stage = try FuzzFixtures.stage("boilerplate")
    guard
      let document = try processed(stage, FuzzFixtures.document(fixture, even: .text, odd: .html))
    else { return }
    checkBlocks(document, fixture)
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzSentences"))
  func sentences(_ fixture: FuzzFixture) throws {
    let stage = try FuzzFixtures.stage("sentences")
    var document = Document(
      id: "fuzz", location: "fuzz", format: .text, source: FuzzFixture.text(fixture.bytes))
    try stage.process(&document)
    let bytes = Array(document.text.utf8)
    var previous = 0
    for sentence in document.sentences {
      #expect(
        sentence.start >= previous && sentence.start < sentence.end && sentence.end <= bytes.count)
      #expect(sentence.start == bytes.count || bytes[sentence.start] & 0xC0 != 0x80)
      #expect(sentence.end == bytes.count || bytes[sentence.end] & 0xC0 != 0x80)
      #expect(sentence.sourceStart == sentence.start && sentence.sourceEnd == sentence.end)
      previous = sentence.end
    }
    previous = 0
    for token in document.tokens {
      #expect(token.start >= previous && token.start < token.end && token.end <= bytes.count)
      previous = token.end
    }
    // Every token lies in a sentence: the splitter drops nothing but whitespace.
    let covered = document.tokens.allSatisfy { document.sentenceIndex(containing: $0.start) != nil }
    #expect(covered)
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzExtraction"))
  func extraction(_ fixture: FuzzFixture) throws {
    let loader = PipelineLoader(registry: try BuiltinStages.registry())
    let definition = try loader.load(
      yaml: "input: .\nstages:\n  - sentences: {}\n  - entities: {}\n  - relations: {open: true}\n",
      file: "fuzz.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
    var document = Document(
      id: "fuzz", location: "fuzz", format: .text, source: FuzzFixture.text(fixture.bytes))
    for loaded in definition.stages { try #require(loaded.stage).process(&document) }
    let bytes = Array(document.text.utf8)
    func boundary(_ offset: Int) -> Bool { offset == bytes.count || bytes[offset] & 0xC0 != 0x80 }
    var previous = 0
    for entity in document.entities {
      #expect(entity.start >= previous && entity.start < entity.end && entity.end <= bytes.count)
      #expect(boundary(entity.start) && boundary(entity.end))
      previous = entity.end
    }
    for relation in document.relations {
      #expect(relation.head != relation.tail)
      #expect(relation.head < document.entities.count && relation.tail < document.entities.count)
      #expect(relation.sentence < document.sentences.count)
      if let start = relation.evidenceStart, let end = relation.evidenceEnd {
        #expect(0 <= start && start < end && end <= bytes.count)
      }
      #expect(relation.attributes["head_phrase"]?.isEmpty != true)
      #expect(relation.attributes["tail_phrase"]?.isEmpty != true)
    }
    if fixture.name == "non-ascii-capitals.txt" {
      #expect(document.entities.contains { document.slice($0) == "Mevlüt Çavuşoğlu" })
      #expect(
        document.relations.contains {
          $0.relation == "visited" && document.slice(document.entities[$0.tail]) == "Ağdam"
        })
    }
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzPipelineFile"))
  func pipelineFile(_ fixture: FuzzFixture) throws {
    var registry = StageRegistry()
    func add<S: Stage>(_ type: S.Type) throws { try registry.register(type) }
    for type in BuiltinStages.all where type.name != ExternalStage.name { try add(type) }
    try add(InertExternalStage.self)
    let loader = PipelineLoader(registry: registry)
    do {
      let definition = try loader.load(
        yaml: FuzzFixture.text(fixture.bytes), file: "fuzz.yaml",
        baseDirectory: URL(fileURLWithPath: "/tmp"))
      #expect(!definition.stages.isEmpty)
    } catch {
      // Fixtures named `loads-...` are valid pipeline files.
      #expect(!fixture.name.hasPrefix("loads-"), "\(error)")
      #expect(!error.message.isEmpty)
    }
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzRuleFile"))
  func ruleFile(_ fixture: FuzzFixture) { replayRuleFile(fixture) }

  private func replayRuleFile(_ fixture: FuzzFixture) {
    do {
      let book = try RuleBook.parse(FuzzFixture.text(fixture.bytes), file: "fuzz.yaml")
      // Crash reproducers are rule files that must be refused.
      #expect(!fixture.name.hasPrefix("crash-"), "\(fixture.name) loaded")
      #expect(Set(book.rules.map(\.id)).count == book.rules.count)
      #expect(book.rules.allSatisfy { !$0.id.isEmpty && (0...1).contains($0.confidence) })
    } catch let error as LoadError {
      // Fixtures named `loads-...` are valid rule files.
      #expect(!fixture.name.hasPrefix("loads-"), "\(error)")
      #expect(!error.message.isEmpty)
    } catch {
      Issue.record("not a LoadError: \(error)")
    }
  }

  @Test(arguments: FuzzFixtures.inputs("FuzzDecoder"))
  func decoder(_ fixture: FuzzFixture) {
    for format in [SourceFormat.text, .html] {
      do {
        let decoded = try SourceDecoder.decode(
          fixture.bytes, encoding: .auto, format: format, maxInvalidRatio: 0.01)
        #expect(decoded.replacedBytes <= fixture.bytes.count)
        if fixture.name.hasPrefix("utf16be-") { #expect(decoded.encoding == .utf16be) }
      } catch {
        #expect(!error.message.isEmpty)
      }
    }
  }
}
