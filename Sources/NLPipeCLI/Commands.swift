import ArgumentParser
import Export
import Foundation
import Pipeline
import Stages

/// `nlpipe`: run declarative NLP pipelines over document folders and export datasets.
struct NLPipeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nlpipe",
    abstract: "Run declarative NLP pipelines over documents and export CSV/JSON datasets.",
    version: NLPipe.version,
    subcommands: [
      RunCommand.self, ValidateCommand.self, StagesCommand.self, MergeCommand.self,
      BenchCommand.self, TrainCommand.self, InitCommand.self, WorkerSubcommand.self,
    ]
  )
}

/// Options shared by commands that load a pipeline file.
struct PipelineOptions: ParsableArguments {
  @Argument(help: "The pipeline file (YAML).")
  var file: String

  @Option(help: "Read documents from PATH instead of the pipeline's input.path (glob dropped).")
  var input: String?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Change a setting of the pipeline file (repeatable): STAGE.KEY=VALUE, input.KEY=VALUE or name=VALUE; VALUE is YAML.",
      valueName: "STAGE.KEY=VALUE"))
  var settings: [String] = []

  /// Whether a stage of the pipeline writes a dataset (an `export` stage).
  static func hasExport(_ definition: PipelineDefinition) -> Bool {
    definition.stages.contains { $0.contract.writesOutput }
  }

  /// Loads the pipeline file and builds the stages `building` names (validate builds none:
  /// it loads no model and starts no program).
  func load(jobs: Int, building: StageBuilding = .all) throws -> PipelineDefinition {
    var loader = PipelineLoader(
      registry: try CLI.registry(), inputOverride: input, jobs: jobs)
    loader.building = building
    do {
      loader.overrides = try settings.map(ConfigOverride.init(parsing:))
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

  @Flag(help: "Read JSON-lines documents ({\"id\", \"text\"|\"html\"}) from standard input.")
  var stdin = false

  @Flag(
    help:
      "Write one JSON line per document to standard output (documents.jsonl schema; failures as {\"id\", \"error\"}) instead of files."
  )
  var stdout = false

  @Option(
    help: ArgumentHelp(
      "Process only shard I of N (0 <= I < N): documents whose id's FNV-1a 64 hash modulo N is I.",
      valueName: "I/N"))
  var shard: Shard?

  @Flag(
    help: "Continue an interrupted run into the same output folder, skipping finished documents.")
  var resume = false

  @Flag(help: "Replace a dataset already in the output folder.")
  var overwrite = false

  @Option(help: .hidden)
  var checkpointSeconds: Double = 2

  @Option(help: "Also write the run manifest (counts, per-stage seconds) to FILE.")
  var stats: String?

  @OptionGroup var processing: ProcessingOptions

  @Option(
    help: ArgumentHelp(
      "Read only the first N documents of the input (a quick trial run).", valueName: "N"))
  var limit: Int?

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    if resume, overwrite { throw ValidationError("--resume and --overwrite exclude each other") }
    if resume, stdout {
      throw ValidationError("--resume continues output files; not with --stdout")
    }
    if stdout, output != nil {
      throw ValidationError("--output names a dataset folder; --stdout writes none")
    }
    guard checkpointSeconds > 0 else {
      throw ValidationError("--checkpoint-seconds must be more than 0")
    }
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    // With worker processes, only the workers run the stages: the run builds only what
    // writes the output.
    let definition = try pipeline.load(
      jobs: jobs, building: processing.isolation == .process ? .output : .all)
    // Without an export stage a run's results would go nowhere (only errors.jsonl).
    if !stdout, !PipelineOptions.hasExport(definition) {
      printError(
        "\(pipeline.file): error: the pipeline has no `export` stage, so a run would write no "
          + "dataset: add `- export: {dir: ...}` as the last stage, or run with --stdout "
          + "(one JSON line per document on standard output)")
      throw ExitCode(2)
    }
    let outputURL = output.map {
      URL(
        fileURLWithPath: $0,
        relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      )
      .standardizedFileURL
    }
    var options = RunOptions(
      jobs: jobs, failFast: failFast, progress: !quiet && isatty(STDERR_FILENO) != 0,
      outputOverride: outputURL, readStandardInput: stdin, writeStandardOutput: stdout,
      shard: shard, resume: resume, overwrite: overwrite,
      statsFile: stats.map { URL(fileURLWithPath: $0).standardizedFileURL },
      documentTimeout: processing.docTimeout)
    options.limit = limit
    options.handleSignals = true
    if stdout { options.streamOutput = { @Sendable run in StreamOutput(run) } }
    if processing.isolation == .process {
      options.isolation = WorkerSubcommand.command(
        pipeline: pipeline, definition: definition, jobs: jobs, stream: stdout,
        shard: shard, documentTimeout: processing.docTimeout)
    }
    var executor = Executor(pipeline: definition, options: options)
    executor.checkpointInterval = checkpointSeconds
    let summary: RunSummary
    do {
      summary = try executor.run()
    } catch let interrupted as RunInterrupted {
      printError("nlpipe: \(interrupted)")
      throw ExitCode(128 + interrupted.signal)
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    if summary.alreadyComplete {
      if !quiet {
        printError(
          "\(definition.name): nothing to resume: the dataset in "
            + summary.outputDirectories.map(\.path).joined(separator: ", ")
            + " is complete (\(summary.documentsIn) documents)")
      }
      return
    }
    if summary.stoppedEarly, let reason = summary.stopReason {
      printError("error: the run stopped early: \(reason)")
      if !stdout {
        printError(
          "the dataset is not published; fix the problem and rerun with --overwrite, or "
            + "continue with --resume")
      }
      throw ExitCode(1)
    }
    if summary.stoppedEarly {
      if let first = summary.firstFailure {
        printError(
          "error: \(first.location): stage \(first.stage): \(first.message) (--fail-fast)")
      }
      if !stdout {
        printError(
          "the run stopped at its first failed document: the dataset is not published; fix the "
            + "problem and rerun with --overwrite, or continue past it with --resume")
      }
      throw ExitCode(1)
    }
    if !quiet {
      let rate = summary.wallSeconds > 0 ? Double(summary.documentsIn) / summary.wallSeconds : 0
      let folders = summary.outputDirectories.map(\.path).joined(separator: ", ")
      var extra = ""
      if summary.documentsResumed > 0 {
        extra += ", \(summary.documentsResumed) taken over from the interrupted run"
      }
      if summary.documentsInOtherShards > 0 {
        extra += ", \(summary.documentsInOtherShards) in other shards"
      }
      if summary.documentsCrashed > 0 {
        extra += ", \(summary.documentsCrashed) of the failed crashed a worker process"
      }
      if summary.documentsTimedOut > 0 {
        extra += ", \(summary.documentsTimedOut) of the failed were killed at --doc-timeout"
      }
      printError(
        "\(definition.name): \(summary.documentsIn) documents, \(summary.documentsOK) ok, "
          + "\(summary.documentsFailed) failed\(extra) in "
          + "\(String(format: "%.2f", summary.wallSeconds)) s (\(Int(rate)) docs/s) -> "
          + (folders.isEmpty ? "stdout" : folders))
      if summary.documentsFailed > 0, !stdout {
        printError("failed documents are listed in errors.jsonl")
      }
    }
    // Streaming keeps errors in-band and an empty partition or shard is normal.
    if stdout || summary.documentsInOtherShards > 0 { return }
    if summary.documentsIn == 0 {
      printError("error: no documents found in \(definition.input.displayPath)")
      throw ExitCode(1)
    }
    if summary.documentsOK == 0 { throw ExitCode(1) }
    // The dataset is complete, but some documents crashed a stage: say so in the status.
    if summary.documentsCrashed > 0 { throw ExitCode(3) }
  }
}

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check a pipeline file without running it.")

  @OptionGroup var pipeline: PipelineOptions

  func run() throws {
    let definition = try pipeline.load(jobs: 1, building: .none)
    do {
      _ = try InputItems(definition.input)
    } catch {
      printError("\(pipeline.file): error: input: \(error)")
      throw ExitCode(2)
    }
    if !PipelineOptions.hasExport(definition) {
      print(
        "\(pipeline.file): note: no `export` stage: `nlpipe run` needs --stdout for this "
          + "pipeline (results as JSON lines on standard output)")
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

struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine the datasets of several runs (e.g. --shard I/N outputs) into one.")

  @Argument(help: "Dataset folders to merge, in order.")
  var folders: [String]

  @Option(help: "Folder to write the merged dataset to.")
  var output: String

  @Flag(help: "Replace a dataset already in the output folder.")
  var overwrite = false

  func run() throws {
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let merger = DatasetMerger(
      inputs: folders.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL },
      output: URL(fileURLWithPath: output, relativeTo: cwd).standardizedFileURL)
    do {
      let count = try merger.merge(overwrite: overwrite)
      printError("merged \(folders.count) datasets, \(count) documents -> \(output)")
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
  }
}

/// Writes a line to stderr.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}
