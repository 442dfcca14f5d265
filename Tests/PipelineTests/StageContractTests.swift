import Foundation
import Pipeline
import Stages
import Testing

/// A stage that cannot be built (test-only): it shows which loads build stages and which
/// only declare and check them.
struct UnbuildableStage: Stage {
  static let name = "unbuildable"
  static let summary = "test: requires tokens, refuses to be built"
  struct NotBuilt: Error, CustomStringConvertible {
    var description: String { "the unbuildable stage was built" }
  }
  static func contract(_ config: EmptyConfig) -> StageContract {
    StageContract(requires: [.tokens], provides: ["checked"])
  }
  init(config: EmptyConfig, context: StageContext) throws { throw NotBuilt() }
  func process(_ document: inout Document) throws {}
}

/// Declare, check, then build: contracts come from configs alone, the order is checked on
/// them before anything is built, `validate` builds nothing, and every problem of a file is
/// reported.
@Suite struct StageContractTests {
  private func loader(_ building: StageBuilding = .all) throws -> PipelineLoader {
    var registry = try testRegistry()
    try registry.register(UnbuildableStage.self)
    var loader = PipelineLoader(registry: registry)
    loader.building = building
    return loader
  }

  private func load(_ yaml: String, _ building: StageBuilding = .all) throws
    -> PipelineDefinition
  {
    try loader(building).load(
      yaml: yaml, file: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
  }

  private func errors(_ yaml: String, _ building: StageBuilding = .all) throws -> [LoadError] {
    try firstError(yaml, building)?.all ?? []
  }

  private func firstError(_ yaml: String, _ building: StageBuilding = .all) throws -> LoadError? {
    let loader = try loader(building)
    do {
      _ = try loader.load(
        yaml: yaml, file: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
    } catch {
      return error
    }
    Issue.record("expected a load error")
    return nil
  }

  @Test func everyProblemOfTheFileIsReportedAtItsLine() throws {
    let yaml = """
      input: docs
      nmae: x
      stages:
        - words
        - wordz: {}
        - caps: {labell: X}
        - export: {}
      """
    let found = try errors(yaml)
    #expect(found.map(\.line) == [2, 5, 6])
    #expect(found[0].message.contains("unknown top-level key 'nmae'"))
    #expect(found[1].message.contains("unknown stage 'wordz'"))
    #expect(found[2].message.contains("unknown key 'labell' for stage 'caps'"))
    // The thrown error is the first problem and prints them all, one per line.
    let error = try #require(try firstError(yaml))
    #expect(error.line == 2)
    #expect(error.description.split(separator: "\n").count == 3)
  }

  @Test func theOrderIsCheckedOnContractsBeforeAnyStageIsBuilt() throws {
    let found = try errors("input: docs\nstages:\n  - unbuildable\n  - words\n  - export: {}\n")
    #expect(found.count == 1)
    #expect(found.first?.line == 3)
    #expect(found.first?.message.contains("requires tokens") == true)
    #expect(found.first?.message.contains("move it after 'words'") == true)
    // In the right order the file is fine until the stage is built.
    let yaml = "input: docs\nstages:\n  - words\n  - unbuildable\n  - export: {}\n"
    #expect(try errors(yaml).first?.message.contains("was built") == true)
    #expect(try load(yaml, .none).stages.allSatisfy { $0.stage == nil })
  }

  @Test func twoOrderProblemsAreBothReported() throws {
    let found = try errors(
      "input: docs\nstages:\n  - caps\n  - words\n  - upper\n  - words\n  - export: {}\n")
    #expect(found.map(\.line) == [3, 5])
    #expect(found[0].message.contains("requires tokens"))
    #expect(found[1].message.contains("rewrites the text"))
  }

  @Test func contractsComeFromTheConfigAlone() throws {
    let pipeline = try load(
      "input: docs\nstages:\n  - cleanup: {metadata: false}\n  - sentences: {tokens: false}\n"
        + "  - export: {}\n", .none)
    #expect(pipeline.stages[0].contract.fields.isEmpty)
    #expect(pipeline.stages[0].contract.rewritesText)
    #expect(!pipeline.stages[0].contract.repeatable)
    #expect(pipeline.stages[1].contract.provides == [.sentences])
    #expect(pipeline.stages[2].contract.writesOutput)
    #expect(pipeline.stages.allSatisfy { $0.stage == nil })
  }

  @Test func validateReadsNoModelButChecksThatItIsThere() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // A model file that exists but is not a model: only building reads it.
    try write("not a model at all", "broken.bin", in: folder)
    func yaml(_ tagger: String) -> String {
      "input: docs\nstages:\n  - words\n  - entities: {model: broken.bin}\n\(tagger)"
        + "  - export: {}\n"
    }
    let path = folder.appendingPathComponent("p.yaml")
    try write(yaml(""), "p.yaml", in: folder)
    var checking = try loader(.none)
    checking.checkOnly = true
    let checked = try checking.load(path: path.path)
    #expect(checked.stages.allSatisfy { $0.stage == nil })
    #expect(throws: LoadError.self) { try loader().load(path: path.path) }
    // A model that is not there is a problem for validate too, at the stage's line.
    try write(yaml("  - tagger: {model: missing.bin}\n"), "p.yaml", in: folder)
    do throws(LoadError) {
      _ = try checking.load(path: path.path)
      Issue.record("a missing model passed validate")
    } catch {
      #expect(error.all.count == 1)
      #expect(error.line == 5)
      #expect(error.message.contains("missing.bin is not a readable file"))
    }
  }

  @Test func aRunWithWorkerProcessesBuildsOnlyWhatWritesTheOutput() throws {
    let pipeline = try load(
      "input: docs\nstages:\n  - words\n  - unbuildable\n  - caps\n  - export: {}\n", .output)
    #expect(pipeline.stages.map { $0.stage != nil } == [false, false, false, true])
    // Such a pipeline cannot run on threads: the run says so instead of failing every document.
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("Some Text", "docs/a.txt", in: folder)
    var definition = pipeline
    definition.input = try load("input: \(folder.path)/docs\nstages:\n  - words\n").input
    #expect(throws: OutputError.self) {
      try Executor(
        pipeline: definition,
        options: RunOptions(jobs: 1, outputOverride: folder.appendingPathComponent("out"))
      ).run()
    }
  }
}

/// `nlpipe validate` end to end: every problem of the file, and nothing built.
@Suite struct ValidateCommandTests {
  init() throws { try CLIBinary.requireBuilt() }

  @Test func validatePrintsEveryProblemOfTheFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(
      """
      input: docs
      stagess: []
      stages:
        - sentencez: {}
        - sentences: {tokenz: true}
        - export: {}
      """, "p.yaml", in: folder)
    let (status, _, errors) = try CLIBinary.run(
      ["validate", folder.appendingPathComponent("p.yaml").path])
    #expect(status == 2)
    let lines = errors.split(separator: "\n")
    #expect(lines.count == 3, "\(errors)")
    #expect(lines.first?.contains("p.yaml:2:1: error: unknown top-level key 'stagess'") == true)
    #expect(errors.contains("p.yaml:4:5: error: unknown stage 'sentencez'"))
    #expect(errors.contains("p.yaml:5:17: error: unknown key 'tokenz' for stage 'sentences'"))
  }

  @Test func validateLoadsNoModel() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("not a model", "broken.bin", in: folder)
    try write("A text.", "docs/a.txt", in: folder)
    try write(
      """
      input: docs
      stages:
        - sentences: {}
        - entities: {model: broken.bin}
        - export: {}
      """, "p.yaml", in: folder)
    let path = folder.appendingPathComponent("p.yaml").path
    let (status, output, _) = try CLIBinary.run(["validate", path])
    #expect(status == 0)
    #expect(output.contains("ok"))
    let (runStatus, _, errors) = try CLIBinary.run(
      ["run", path, "--isolation", "none", "--quiet", "--output", folder.path + "/out"])
    #expect(runStatus == 2)
    #expect(errors.contains("p.yaml:4:5: error: stage 'entities'"))
  }
}

/// Option conflicts are refused by the argument parser, before any file is read.
@Suite struct RunOptionTests {
  init() throws { try CLIBinary.requireBuilt() }

  @Test func conflictingOrMalformedOptionsAreRefusedUpFront() throws {
    let cases: [([String], String)] = [
      (
        ["run", "missing.yaml", "--shard", "4/4"], "The value '4/4' is invalid for '--shard <I/N>'"
      ),
      (["run", "missing.yaml", "--stdout", "--output", "x"], "--stdout writes none"),
      (["run", "missing.yaml", "--resume", "--overwrite"], "exclude each other"),
      (["run", "missing.yaml", "--doc-timeout=-1"], "--doc-timeout must be 0 or more"),
      (["bench", "missing.yaml", "--jobs", "1,0"], "comma-separated positive numbers"),
      (["bench", "missing.yaml", "--doc-timeout=-1"], "--doc-timeout must be 0 or more"),
    ]
    for (arguments, message) in cases {
      let (status, _, errors) = try CLIBinary.run(arguments)
      #expect(status == 64, "\(arguments)")
      #expect(errors.contains(message), "\(arguments): \(errors)")
    }
  }
}
