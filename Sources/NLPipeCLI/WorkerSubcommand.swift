import ArgumentParser
import Export
import Foundation
import Pipeline

/// `nlpipe worker`: a worker process of `nlpipe run --isolation process` (started by the run,
/// over descriptors 3 and 4; not for use by hand).
struct WorkerSubcommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker", abstract: "(internal) a worker process of nlpipe run.",
    shouldDisplay: false)

  @OptionGroup var pipeline: PipelineOptions

  @Option var sha256: String
  @Option var jobs: Int = 1
  @Flag var stream = false
  @Option var shard: Shard?
  @Option var docTimeout: Double = 0

  func run() throws {
    let definition = try pipeline.load(jobs: jobs)
    let streamOutput: StreamOutputMaker? = stream ? { @Sendable run in StreamOutput(run) } : nil
    let status = WorkerServer.serve(
      pipeline: definition,
      options: WorkerOptions(
        stream: stream, shard: shard, documentTimeout: docTimeout,
        pipelineSHA256: sha256, streamOutput: streamOutput, jobs: jobs))
    if status != 0 { throw ExitCode(status) }
  }

  /// The command that starts a worker process for a run of this executable.
  static func command(
    pipeline: PipelineOptions, definition: PipelineDefinition, jobs: Int, stream: Bool,
    shard: Shard?, documentTimeout: Double
  ) -> Pipeline.WorkerCommand {
    var arguments = ["worker", pipeline.file, "--sha256", definition.sha256, "--jobs", "\(jobs)"]
    if let input = pipeline.input { arguments += ["--input", input] }
    for setting in pipeline.settings { arguments += ["--set", setting] }
    if stream { arguments.append("--stream") }
    if let shard { arguments += ["--shard", shard.argument] }
    arguments += ["--doc-timeout", "\(documentTimeout)"]
    return Pipeline.WorkerCommand(executable: executable, arguments: arguments)
  }

  /// This executable's path.
  private static var executable: String {
    #if os(Linux)
      if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        return path
      }
    #endif
    return Bundle.main.executablePath ?? CommandLine.arguments[0]
  }
}
