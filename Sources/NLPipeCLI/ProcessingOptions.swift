import ArgumentParser
import Pipeline

/// Where and how a run processes its documents: options of `nlpipe run` that `nlpipe bench`
/// takes too and passes on to the runs it measures.
struct ProcessingOptions: ParsableArguments {
  @Option(
    help:
      "process: run the stages in worker processes, so that a crash costs one document (default); none: on threads of this process."
  )
  var isolation: Isolation = .process

  @Option(
    help:
      "Fail a document whose stages take longer than SECONDS (0: no limit); with --isolation process, a stage that does not stop is killed with its worker."
  )
  var docTimeout: Double = 0

  func validate() throws {
    guard docTimeout >= 0 else { throw ValidationError("--doc-timeout must be 0 or more seconds") }
  }

  /// The same options as command-line arguments (for a child run).
  var arguments: [String] {
    ["--isolation", isolation.rawValue, "--doc-timeout", "\(docTimeout)"]
  }
}

/// `--isolation`: where the stages run.
enum Isolation: String, ExpressibleByArgument, CaseIterable {
  case none, process
}

/// `--shard I/N`.
extension Shard: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }

  /// `I/N`, as the option is written.
  var argument: String { "\(index)/\(count)" }
}
