import ArgumentParser
import Foundation
import Pipeline
import Stages

/// `nlpipe`: run declarative NLP pipelines over document folders and export datasets.
struct NLPipeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nlpipe",
    abstract: "Run declarative NLP pipelines over documents and export CSV/JSON datasets.",
    version: NLPipe.version,
    subcommands: [RunCommand.self, ValidateCommand.self, StagesCommand.self]
  )
}

/// Options shared by commands that load a pipeline file.
struct PipelineOptions: ParsableArguments {
  @Argument(help: "The pipeline file (YAML).")
  var file: String

  @Option(help: "Read documents from PATH instead of the pipeline's input.path (glob dropped).")
  var input: String?

  func load(jobs: Int) throws -> PipelineDefinition {
    let loader = PipelineLoader(
      registry: try CLI.registry(), inputOverride: input, jobs: jobs)
    do {
      return try loader.load(path: file)
    } catch {
      printError(error.description)
      throw ExitCode(2)
    }
  }
}

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run a pipeline file and write its dataset.")

  @OptionGroup var pipeline: PipelineOptions

  @Option(help: "Write the dataset to DIR instead of the export stage's dir.")
  var output: String?

  @Option(help: "Documents processed at once (default: active cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Stop at the first failed document and exit non-zero.")
  var failFast = false

  @Flag(help: "No progress line and no summary on stderr.")
  var quiet = false

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
  }

  func run() throws {
    let definition = try pipeline.load(jobs: jobs)
    let outputURL = output.map {
      URL(
        fileURLWithPath: $0,
        relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      )
      .standardizedFileURL
    }
    let options = RunOptions(
      jobs: jobs, failFast: failFast, progress: !quiet && isatty(STDERR_FILENO) != 0,
      outputOverride: outputURL)
    let summary: RunSummary
    do {
      summary = try Executor(pipeline: definition, options: options).run()
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    if !quiet {
      let rate = summary.wallSeconds > 0 ? Double(summary.documentsIn) / summary.wallSeconds : 0
      let folders = summary.outputDirectories.map(\.path).joined(separator: ", ")
      printError(
        "\(definition.name): \(summary.documentsIn) documents, \(summary.documentsOK) ok, "
          + "\(summary.documentsFailed) failed in \(String(format: "%.2f", summary.wallSeconds)) s "
          + "(\(Int(rate)) docs/s) -> \(folders)")
      if summary.documentsFailed > 0 {
        printError("failed documents are listed in errors.jsonl")
      }
    }
    if summary.documentsIn == 0 {
      printError("error: no documents found in \(definition.input.displayPath)")
      throw ExitCode(1)
    }
    if summary.stoppedEarly || summary.documentsOK == 0 { throw ExitCode(1) }
  }
}

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check a pipeline file without running it.")

  @OptionGroup var pipeline: PipelineOptions

  func run() throws {
    let definition = try pipeline.load(jobs: 1)
    do {
      _ = try InputSource(definition.input)
    } catch {
      printError("\(pipeline.file): error: input: \(error)")
      throw ExitCode(2)
    }
    print(
      "\(pipeline.file): ok: pipeline '\(definition.name)', stages: "
        + definition.stages.map(\.name).joined(separator: " -> "))
  }
}

struct StagesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stages", abstract: "List the registered stages and their config keys.")

  func run() throws {
    for description in try CLI.registry().descriptions {
      print("\(description.name): \(description.summary)")
      for key in description.keys {
        print("    \(key.name) (\(key.type), default \(key.defaultValue)): \(key.help)")
      }
      print("")
    }
  }
}

/// Writes a line to stderr.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}
