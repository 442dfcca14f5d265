import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Documents are never emptied or routed nowhere in silence (issue 14, part A).
@Suite struct SilentLossTests {
  func boilerplate(_ text: String) throws -> Document {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipeline = try loadPipeline(
      "input: in.txt\nstages:\n  - boilerplate: {}\n  - export: {dir: out}\n", in: folder)
    var document = Document(id: "d", location: "d", format: .text, source: text)
    try #require(pipeline.stages[0].stage).process(&document)
    return document
  }

  @Test(arguments: [
    "LONDON 1996-08-30",
    "West Indian all-rounder Phil Simmons took four for 38 on Friday .",
    "But NationsBank 's bid , representing a premium of 40 percent for Boatmen 's stock , was large enough to get the deal done .",
    "A short note.\nAnother short line.\n\nA third one.",
  ])
  func plainTextWithoutChromeIsKeptWhole(_ text: String) throws {
    let document = try boilerplate(text)
    #expect(document.text == text)
    #expect(document.warnings.isEmpty)
  }

  @Test func textDroppedWholeIsAWarning() throws {
    let document = try boilerplate("Sign in\nSubscribe\nRelated articles\n")
    #expect(document.text.isEmpty)
    #expect(document.warnings.count == 1)
    #expect(document.warnings.first?.contains("dropped the whole text") == true)
  }

  @Test func aRunWithoutExportIsRefusedUnlessItStreams() throws {
    try CLIBinary.requireBuilt()
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("Angela Merkel visited Paris.", "docs/a.txt", in: folder)
    let file = folder.appendingPathComponent("p.yaml").path
    try write("input: docs\nstages:\n  - sentences: {}\n", "p.yaml", in: folder)
    let (status, _, errors) = try CLIBinary.run(["run", file, "--quiet"])
    #expect(status == 2)
    #expect(errors.contains("no `export` stage"))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    let (streamed, output, _) = try CLIBinary.run(
      ["run", file, "--stdin", "--stdout", "--quiet"],
      input: #"{"id": "x", "text": "Hi there."}"# + "\n")
    #expect(streamed == 0)
    #expect(output.contains(#""id":"x""#))
    let (valid, said, _) = try CLIBinary.run(["validate", file])
    #expect(valid == 0)
    #expect(said.contains("note: no `export` stage"))
  }

  @Test func theTextPipelineKeepsCleanTextWhole() throws {
    let definition = try PipelineLoader(registry: try testRegistry()).load(
      path: CLIBinary.root.appendingPathComponent("pipelines/text.yaml").path)
    #expect(!definition.stages.contains { $0.name == "boilerplate" })
    #expect(definition.stages.last?.name == "export")
  }
}
