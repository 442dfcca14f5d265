import Foundation
import Testing

@testable import Pipeline

/// Load-time errors name file, line and column and say what was expected.
@Suite struct LoaderTests {
  private func loadError(_ yaml: String) throws -> LoadError {
    let loader = PipelineLoader(registry: try testRegistry())
    do {
      _ = try loader.load(yaml: yaml, file: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
    } catch {
      return error
    }
    Issue.record("expected a load error")
    return LoadError(file: "", message: "")
  }

  @Test func badYAMLIsLocated() throws {
    let error = try loadError("input: docs\nstages:\n  - export: {formats: [csv\n")
    #expect(error.file == "p.yaml")
    #expect(error.line == 4)
    #expect(error.message.hasPrefix("invalid YAML"))
  }

  @Test func unknownStageListsChoices() throws {
    let error = try loadError("input: docs\nstages:\n  - wordz: {}\n  - export: {}\n")
    #expect(error.line == 3)
    #expect(error.column == 5)
    #expect(error.message.contains("unknown stage 'wordz'"))
    #expect(error.message.contains("did you mean 'words'"))
    #expect(error.message.contains("valid stages: "))
    #expect(error.message.contains("export"))
  }

  @Test func unknownKeyListsValidKeys() throws {
    let error = try loadError("input: docs\nstages:\n  - export: {formatz: [csv]}\n")
    #expect(error.line == 3)
    #expect(error.column == 14)
    #expect(error.message.contains("unknown key 'formatz' for stage 'export'"))
    #expect(error.message.contains("did you mean 'formats'"))
    #expect(error.message.contains("valid keys: formats, dir, tokens, blocks"))
  }

  @Test func wrongTypeSaysWhatWasExpected() throws {
    let error = try loadError("input: docs\nstages:\n  - export:\n      formats: csv\n")
    #expect(error.line == 4)
    #expect(error.column == 16)
    #expect(error.message.contains("key 'formats' expects a list"))
  }

  @Test func wrongChoiceListsValidValues() throws {
    let error = try loadError("input: docs\nstages:\n  - export: {formats: [csv, xlsx]}\n")
    #expect(error.message.contains("'xlsx' is not a valid value for 'formats'"))
    #expect(error.message.contains("valid: csv, json, jsonl"))
  }

  @Test func integerOutOfRange() throws {
    let error = try loadError(
      "input: docs\nstages:\n  - words\n  - caps: {min_length: 0}\n  - export: {}\n")
    #expect(error.line == 4)
    #expect(error.message.contains("between 1 and 100"))
  }

  @Test func wrongOrderNamesTheMissingCapability() throws {
    let error = try loadError("input: docs\nstages:\n  - caps: {}\n  - words: {}\n  - export: {}\n")
    #expect(error.line == 3)
    #expect(error.message.contains("stage 'caps' requires tokens"))
    #expect(error.message.contains("move it after 'words'"))
  }

  @Test func rewritingAfterAnnotatingIsAnError() throws {
    let error = try loadError("input: docs\nstages:\n  - words\n  - upper\n  - export\n")
    #expect(error.line == 4)
    #expect(error.message.contains("'upper' rewrites the text, so it must come before 'words'"))
  }

  @Test func aStageThatReplacesItsOutputAppearsOnce() throws {
    let error = try loadError(
      "input: docs\nstages:\n  - sentences\n  - entities\n  - entities: {min_confidence: 0.9}\n")
    #expect(error.line == 5)
    #expect(error.message.contains("stage 'entities' appears twice"))
    #expect(error.message.contains("(line 4)"))
    // Stages that add rather than replace may repeat (two exports to two folders).
    let loader = PipelineLoader(registry: try testRegistry())
    let definition = try loader.load(
      yaml:
        "input: docs\nstages:\n  - words\n  - words\n  - export: {dir: a}\n  - export: {dir: b}\n",
      file: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
    #expect(definition.stages.count == 4)
  }

  @Test func unknownTopLevelKey() throws {
    let error = try loadError("input: docs\nstagess: []\n")
    #expect(error.line == 2)
    #expect(error.message.contains("unknown top-level key 'stagess'"))
  }

  @Test func missingStages() throws {
    let error = try loadError("input: docs\n")
    #expect(error.message.contains("key 'stages' is missing"))
  }

  @Test func htmlInputNeedsCleanupBeforeTextStages() throws {
    let error = try loadError("input: {path: docs, glob: \"*.html\"}\nstages:\n  - words\n")
    #expect(error.message.contains("requires clean-text"))
  }

  @Test func descriptionIsPrintedAsFileLineColumn() {
    let error = LoadError(file: "a.yaml", line: 3, column: 7, message: "bad")
    #expect(error.description == "a.yaml:3:7: error: bad")
  }

  @Test func validPipelineLoadsWithDefaultsAndPaths() throws {
    let loader = PipelineLoader(registry: try testRegistry(), jobs: 3)
    let definition = try loader.load(
      yaml:
        "name: demo\ninput: {path: docs, glob: \"*.txt\"}\nstages:\n  - words\n  - caps: {label: NAME}\n  - export: {formats: [csv]}\n",
      file: "p.yaml", baseDirectory: URL(fileURLWithPath: "/data/project"))
    #expect(definition.name == "demo")
    #expect(definition.input.path.path == "/data/project/docs")
    #expect(definition.input.glob == "*.txt")
    #expect(definition.stages.map(\.name) == ["words", "caps", "export"])
    #expect(definition.stages[1].config["label"] == .string("NAME"))
    #expect(definition.stages[1].config["min_length"] == .number(2))
    #expect(definition.sha256.count == 64)
  }

  @Test func inputOverrideReplacesPathAndGlob() throws {
    let loader = PipelineLoader(registry: try testRegistry(), inputOverride: "/elsewhere/x.jsonl")
    let definition = try loader.load(
      yaml: "input: {path: docs, glob: \"*.txt\"}\nstages: [words, export]\n", file: "p.yaml",
      baseDirectory: URL(fileURLWithPath: "/data"))
    #expect(definition.input.path.path == "/elsewhere/x.jsonl")
    #expect(definition.input.glob.isEmpty)
  }

  @Test func registryRejectsDuplicateNames() throws {
    var registry = try testRegistry()
    #expect(throws: DuplicateStageError.self) { try registry.register(WordsStage.self) }
  }

  @Test func registryDescribesConfigKeys() throws {
    let registry = try testRegistry()
    let caps = registry.descriptions.first { $0.name == "caps" }
    #expect(caps?.keys.map(\.name) == ["label", "min_length"])
    #expect(caps?.keys.first?.defaultValue == "CAP")
  }

  @Test func sha256MatchesKnownVector() {
    #expect(
      SHA256.hex(Array("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex([])
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }
}
