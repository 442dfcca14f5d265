import Foundation
import Testing

@testable import Pipeline

/// Fast feedback: `--set` overrides, `--limit`, the progress line, `nlpipe init`'s starter.
@Suite struct FeedbackTests {
  private static let yaml = """
    name: fb
    input: {path: in.jsonl}
    stages:
      - words
      - caps: {label: CAP}
      - export: {formats: [jsonl], dir: out}
    """

  private func load(_ folder: URL, _ settings: [String]) throws -> PipelineDefinition {
    try write(Self.yaml, "pipeline.yaml", in: folder)
    var loader = PipelineLoader(registry: try testRegistry(), jobs: 2)
    loader.overrides = try settings.map(ConfigOverride.init(parsing:))
    return try loader.load(path: folder.appendingPathComponent("pipeline.yaml").path)
  }

  private func message(_ body: () throws -> Void) -> String {
    do {
      try body()
      return "no error"
    } catch {
      return "\(error)"
    }
  }

  @Test func overridesChangeStageInputAndNameSettingsBeforeTheChecks() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let plain = try load(folder, [])
    let changed = try load(
      folder,
      [
        "caps.label=PERSON", "caps.min_length=3", "export.formats=[csv, jsonl]",
        "input.glob=*.jsonl", "name=trial",
      ])
    #expect(changed.name == "trial")
    #expect(changed.stages[1].config["label"] == .string("PERSON"))
    #expect(changed.stages[1].config["min_length"] == .number(3))
    #expect(changed.stages[2].config["formats"] == .array([.string("csv"), .string("jsonl")]))
    #expect(changed.input.glob == "*.jsonl")
    // A run with other settings cannot resume this one's output.
    #expect(changed.sha256 != plain.sha256)
    // Mistakes are reported like mistakes in the file, with suggestions.
    #expect(
      message { _ = try load(folder, ["cap.label=X"]) }.contains(
        "no stage 'cap' in \(folder.path)/pipeline.yaml (did you mean 'caps'?)"))
    #expect(
      message { _ = try load(folder, ["caps.lable=X"]) }.contains(
        "unknown key 'lable' for stage 'caps' (did you mean 'label'?)"))
    #expect(
      message { _ = try load(folder, ["caps.min_length=many"]) }.contains(
        "key 'min_length' expects an integer"))
    #expect(message { _ = try load(folder, ["words.x=1"]) }.contains("unknown key 'x'"))
    #expect(
      message { _ = try ConfigOverride(parsing: "caps") }.contains("expected STAGE.KEY=VALUE"))
    #expect(
      message { _ = try ConfigOverride(parsing: ".x=1") }.contains("has no STAGE.KEY"))
  }

  @Test func limitReadsOnlyTheFirstDocuments() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(10, in: folder, brokenEvery: 4) { "Word \($0)" }
    var options = RunOptions(jobs: 3)
    options.limit = 4
    let summary = try Executor(pipeline: try load(folder, []), options: options).run()
    // d0, the broken line after it, d1, d2: the limit counts input items, failures included.
    #expect(summary.documentsIn == 4 && summary.documentsFailed == 1)
    let ids = try readJSONLines(folder.appendingPathComponent("out/documents.jsonl")).map {
      $0["id"] as? String ?? ""
    }
    #expect(ids == ["d0", "d1", "d2"])
    for index in 0..<5 { try write("File \(index)\n", "docs/f\(index).txt", in: folder) }
    options.limit = 2
    let files = try Executor(
      pipeline: try load(folder, ["input.path=docs", "input.glob=*.txt"]), options: options
    ).run()
    #expect(files.documentsIn == 2)
  }

  @Test func progressLineShowsFailuresAndTimeLeft() {
    #expect(
      ProgressLine.text(done: 50, total: 200, failed: 2, seconds: 10)
        == "50/200 docs  5 docs/s  2 failed  ETA 0:30   ")
    #expect(ProgressLine.text(done: 7, total: nil, failed: 0, seconds: 1) == "7 docs  7 docs/s   ")
    #expect(ProgressLine.clock(3725) == "1:02:05")
    #expect(ProgressLine.clock(59.2) == "1:00")
  }

  @Test func starterPipelineFitsTheFolderAndRuns() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("<html><body><p>Alice Smith met Bob.</p></body></html>", "docs/a/x.html", in: folder)
    try write("<html><body><p>Paris is big.</p></body></html>", "docs/b/y.html", in: folder)
    let file = folder.appendingPathComponent("pipe.yaml")
    let starter = StarterPipeline(folder: folder.appendingPathComponent("docs"), file: file)
    let survey = try starter.survey()
    #expect(survey.counts == ["html": 2] && survey.nested && survey.extensions == ["html"])
    let yaml = starter.yaml(for: survey)
    #expect(yaml.contains("input: {path: docs, glob: \"*.html\", recursive: true}"))
    #expect(yaml.contains("\n  - boilerplate: {}\n"))
    try write(yaml, "pipe.yaml", in: folder)
    let pipeline = try PipelineLoader(registry: try testRegistry()).load(path: file.path)
    #expect(
      pipeline.stages.map(\.name) == [
        "boilerplate", "sentences", "entities", "relations", "export",
      ])
    var options = RunOptions(jobs: 1)
    options.limit = 1
    let summary = try Executor(pipeline: pipeline, options: options).run()
    #expect(summary.documentsOK == 1)
    #expect(
      FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("out/docs/report.html").path))

    // Plain text: used as it is (boilerplate offered in a comment).
    let text = folder.appendingPathComponent("notes")
    try write("Some text.\n", "notes/n.txt", in: folder)
    try write("{\"id\": \"j\", \"text\": \"x\", \"url\": \"u\"}\n", "notes/n.jsonl", in: folder)
    let plain = StarterPipeline(folder: text, file: text.appendingPathComponent("p.yaml"))
    let plainYAML = plain.yaml(for: try plain.survey())
    #expect(plainYAML.contains("input: {path: ., fields: [url]}"))
    #expect(plainYAML.contains("  # - boilerplate: {}") && !plainYAML.contains("\n  - boilerplate"))
    #expect(
      StarterPipeline.relativePath(
        from: URL(fileURLWithPath: "/a/b"), to: URL(fileURLWithPath: "/a/c/d")) == "../c/d")
    #expect(StarterPipeline.quoted("my docs") == "\"my docs\"")
  }
}
