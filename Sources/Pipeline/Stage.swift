import Foundation

/// One processing step of a pipeline: the plugin protocol for built-in and user stages.
///
/// A stage is built once per run from its typed ``Config`` and then shared, read-only, by all
/// workers: ``process(_:)`` is called concurrently on different documents, so a stage keeps
/// no mutable state (load models in `init`, keep them in `let`s).
///
/// To add one: write a type conforming to `Stage` (one file), and register it
/// (`try registry.register(MyStage.self)`). Its config keys then appear in `nlpipe stages`.
public protocol Stage: Sendable {
  /// The stage's configuration, read from the pipeline file.
  associatedtype Config: StageConfig

  /// The name used in pipeline files (`- sentences: {...}`).
  static var name: String { get }
  /// One line on what the stage does, for `nlpipe stages`.
  static var summary: String { get }

  /// Whether a pipeline may hold the stage more than once (default true). A stage that
  /// replaces what it provides (the sentences, the entities) says false: a second copy would
  /// silently undo the first, so the loader refuses it.
  static var repeatable: Bool { get }

  /// Builds the stage (load models, compile rules). Errors here are load-time errors.
  init(config: Config, context: StageContext) throws

  /// Capabilities that earlier stages must have provided.
  var requires: Set<Capability> { get }
  /// Capabilities available after this stage.
  var provides: Set<Capability> { get }
  /// Document fields this stage may set (exported as extra columns of `documents.csv`).
  var fields: [String] { get }
  /// Custom annotation layers this stage may fill (exported to `annotations.csv`).
  var layers: [String] { get }

  /// Processes one document in place. Throwing fails this document only.
  func process(_ document: inout Document) throws

  /// What the stage writes (export stages): the executor opens its sink once the run's
  /// output plan is resolved, and a worker process uses only its encoder.
  func makeOutput(_ run: RunContext) throws -> (any DocumentOutput)?
}

extension Stage {
  public static var repeatable: Bool { true }
  public var fields: [String] { [] }
  public var layers: [String] { [] }
  public func makeOutput(_ run: RunContext) throws -> (any DocumentOutput)? { nil }
}

/// A stage's typed configuration, read key by key from the pipeline file.
///
/// Implement `init(reading:)` with the reader's typed getters; each getter names its key,
/// default and help text, which is also how `nlpipe stages` documents the keys. Keys the
/// config never asks for are reported as unknown.
public protocol StageConfig: Sendable {
  init(reading reader: inout ConfigReader) throws
}

/// For stages without settings.
public struct EmptyConfig: StageConfig {
  public init() {}
  public init(reading reader: inout ConfigReader) throws {}
}

/// What a stage may know about the pipeline it is built in.
public struct StageContext: Sendable {
  /// The folder of the pipeline file: relative paths in configs resolve against it.
  public var baseDirectory: URL
  /// The pipeline's name.
  public var pipelineName: String
  /// Number of worker threads that will call ``Stage/process(_:)``.
  public var jobs: Int
  /// True when the pipeline is only checked (`nlpipe validate`), never run: a stage checks
  /// its config and resources but starts no program (an `external` command is not run).
  public var checkOnly: Bool

  public init(baseDirectory: URL, pipelineName: String, jobs: Int, checkOnly: Bool = false) {
    self.baseDirectory = baseDirectory
    self.pipelineName = pipelineName
    self.jobs = jobs
    self.checkOnly = checkOnly
  }

  /// Resolves a path from a config against the pipeline file's folder.
  public func resolve(_ path: String) -> URL {
    if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
    return baseDirectory.appendingPathComponent(path).standardizedFileURL
  }
}

/// An error that fails one document, with an optional byte offset into its text or source.
public struct DocumentError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var offset: Int?

  public init(_ message: String, offset: Int? = nil) {
    self.message = message
    self.offset = offset
  }

  public var description: String {
    if let offset { return "\(message) (at byte \(offset))" }
    return message
  }
}
