import Foundation
import Pipeline

/// Runs a program written in any language as a pipeline stage.
///
/// The program reads one JSON line per document on stdin and writes one JSON line back on
/// stdout (schema: ``PluginRequest``, ``PluginReply``, and `docs/custom-stages.md`). It is
/// started once per worker and kept running for the whole batch. A crash, a timeout, a
/// malformed reply or a reply for the wrong document fails that document only (it goes to
/// `errors.jsonl`) and the process is restarted; `max_consecutive_failures` failed documents
/// in a row stop the run with the last error. The plugin's stderr is forwarded to nlpipe's
/// stderr with `[external NAME]` in front of each line.
public struct ExternalStage: Stage {
  public typealias Config = ExternalConfig

  public static let name = "external"
  public static let summary =
    "run a program in any language as a stage: one JSON line per document on its stdin, one reply line on its stdout"

  private let config: Config
  private let pool: ProcessPool
  private let streak: FailureStreak

  /// Declared by the pipeline file: what the program requires, provides and sets.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(
      requires: Set(config.requires.map { Capability($0) }),
      provides: Set(config.provides.map { Capability($0) }), fields: config.fields,
      layers: config.layers)
  }

  /// The working directory must be a folder and the program must exist; nothing is started.
  public static func check(_ config: Config, context: StageContext) throws {
    _ = try launchSettings(config, context: context)
  }

  public init(config: Config, context: StageContext) throws {
    self.config = config
    streak = FailureStreak(limit: config.maxConsecutiveFailures)
    let (directory, environment) = try Self.launchSettings(config, context: context)
    let launch = PluginLaunch(
      command: config.command,
      environment: environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" },
      directory: directory.path, logPrefix: "[external \(config.name)] ",
      log: StderrForwarder.standardError)
    do {
      pool = try ProcessPool(
        name: config.name, launch: launch, timeout: config.timeout,
        startupTimeout: config.startupTimeout)
    } catch {
      throw DocumentError("plugin '\(config.name)' \(error)")
    }
  }

  /// The program's working directory and environment; throws when the directory is not a
  /// folder or the program cannot be found.
  private static func launchSettings(_ config: Config, context: StageContext) throws -> (
    URL, [String: String]
  ) {
    let directory = context.resolve(config.directory)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      throw DocumentError("plugin working directory \(directory.path) is not a folder")
    }
    var environment = ProcessInfo.processInfo.environment
    // Python buffers stdout when it is a pipe; a plugin that forgets to flush would stall.
    environment["PYTHONUNBUFFERED"] = "1"
    for (name, value) in config.environment { environment[name] = value }
    guard
      findProgram(
        config.command[0], in: directory, path: environment["PATH"] ?? "/usr/bin:/bin") != nil
    else {
      throw DocumentError(
        "plugin '\(config.name)': cannot find program '\(config.command[0])' "
          + (config.command[0].contains("/")
            ? "(relative to \(directory.path))" : "on PATH"))
    }
    return (directory, environment)
  }

  /// The executable a command runs: a path (relative to the working directory) or a name
  /// looked up on `PATH`, as the shell does.
  static func findProgram(_ program: String, in directory: URL, path: String) -> String? {
    let files = FileManager.default
    if program.contains("/") {
      let full = program.hasPrefix("/") ? program : directory.appendingPathComponent(program).path
      return files.isExecutableFile(atPath: full) ? full : nil
    }
    for folder in path.split(separator: ":") {
      let full = URL(fileURLWithPath: String(folder)).appendingPathComponent(program).path
      if files.isExecutableFile(atPath: full) { return full }
    }
    return nil
  }

  public func process(_ document: inout Document) throws {
    do {
      try exchange(&document)
      streak.succeeded()
    } catch {
      throw streak.failed(error, plugin: config.name) ?? error
    }
  }

  /// One request and its reply, applied to the document.
  private func exchange(_ document: inout Document) throws {
    let scalars = config.offsets == .chars ? ScalarOffsets(document.text) : nil
    let request = PluginRequest.encode(document, parts: config.send, scalars: scalars)
    let object = try pool.exchange(request, id: document.id)
    let reply: PluginReply
    do {
      reply = try PluginReply(
        object, document: document, origin: config.name, fields: config.fields,
        layers: config.layers, scalars: scalars)
    } catch {
      throw DocumentError("plugin '\(config.name)': \(error.message)", offset: error.offset)
    }
    if let message = reply.error {
      throw DocumentError("plugin '\(config.name)' failed the document: \(message)")
    }
    reply.apply(to: &document)
  }
}
