import ArgumentParser
import Foundation
import Pipeline

/// `nlpipe init FOLDER`: writes a starter pipeline file for a folder of documents.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Write a starter pipeline file for a folder of documents.",
    discussion:
      "Looks at the folder (file formats, sub-folders, JSON lines with HTML) and writes a "
      + "commented pipeline: boilerplate removal for markup, sentences, entities, relations, "
      + "and an export of CSV, JSON lines and the HTML report. The file is checked before "
      + "this command returns.")

  @Argument(help: "The folder of documents.")
  var folder: String

  @Option(name: [.short, .long], help: "The pipeline file to write.")
  var output = "pipeline.yaml"

  @Flag(help: "Replace the pipeline file if it exists.")
  var force = false

  func run() throws {
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let folderURL = URL(fileURLWithPath: folder, relativeTo: cwd).standardizedFileURL
    let fileURL = URL(fileURLWithPath: output, relativeTo: cwd).standardizedFileURL
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folderURL.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      printError("error: \(folder) is not a folder")
      throw ExitCode(2)
    }
    if !force, FileManager.default.fileExists(atPath: fileURL.path) {
      printError("error: \(output) exists; pass --force to replace it, or -o to name another file")
      throw ExitCode(1)
    }
    let starter = StarterPipeline(folder: folderURL, file: fileURL)
    let survey: StarterPipeline.Survey
    do {
      survey = try starter.survey()
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    let yaml = starter.yaml(for: survey)
    do {
      _ = try PipelineLoader(registry: try CLI.registry()).load(
        yaml: yaml, file: output, baseDirectory: fileURL.deletingLastPathComponent())
      try OutputFile.write(Array(yaml.utf8), to: fileURL)
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    let found = survey.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
    print(
      "wrote \(output) for \(folder) (\(found.isEmpty ? "no files yet" : found.joined(separator: ", ")))\n"
        + "next: nlpipe run \(output) --limit 20   (a quick look; then without --limit)")
  }
}
