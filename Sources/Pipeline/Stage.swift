import Foundation

/// One processing step of a pipeline: the plugin protocol for built-in and user stages.
///
/// A pipeline file is handled in three steps: every stage's config is read and its
/// ``contract(_:)`` declared (what it requires and provides, from the config alone), the
/// order is checked on the contracts, and only then are the stages built. `nlpipe validate`
/// stops before building: it runs ``check(_:context:)`` instead, so it loads no model and
/// starts no program.
///
/// A built stage is shared, read-only, by all workers: ``process(_:)`` is called
/// concurrently on different documents, so a stage keeps no mutable state (load models in
/// `init`, keep them in `let`s).
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

  /// What the stage requires, provides and adds to the output, from its config alone
  /// (nothing is loaded yet). The default declares nothing: no requirement, nothing provided,
  /// repeatable. Throwing is a load-time error at the stage's line.
  static func contract(_ config: Config) throws -> StageContract

  /// Checks, without building the stage, that what the config names exists (a model file is
  /// readable, a program is on `PATH`): what `nlpipe validate` runs instead of `init`.
  /// Loads no model and starts no program. The default checks nothing.
  static func check(_ config: Config, context: StageContext) throws

  /// Builds the stage (load models, compile rules). Errors here are load-time errors.
  init(config: Config, context: StageContext) throws

  /// Processes one document in place. Throwing fails this document only.
  func process(_ document: inout Document) throws

  /// What the stage writes (export stages, whose contract says
  /// ``StageContract/writesOutput``): the executor opens its sink once the run's output plan
  /// is resolved, and a worker process uses only its encoder.
  func makeOutput(_ run: RunContext) throws -> (any DocumentOutput)?
}

extension Stage {
  public static func contract(_ config: Config) throws -> StageContract { StageContract() }
  public static func check(_ config: Config, context: StageContext) throws {}
  public func makeOutput(_ run: RunContext) throws -> (any DocumentOutput)? { nil }
}

/// What a stage declares about itself before it is built: the loader checks the stage order
/// on these, and the run plans its output from them.
public struct StageContract: Sendable, Equatable {
  /// Capabilities that earlier stages must have provided.
  public var requires: Set<Capability>
  /// Capabilities available after this stage.
  public var provides: Set<Capability>
  /// Document fields this stage may set (exported as extra columns of `documents.csv`).
  public var fields: [String]
  /// Custom annotation layers this stage may fill (exported to `annotations.csv`).
  public var layers: [String]
  /// Whether the stage replaces the text, so that it must come before every stage that
  /// annotates offsets into it (by default: it provides clean text or content).
  public var rewritesText: Bool
  /// Whether a pipeline may hold the stage more than once. A stage that replaces what it
  /// provides (the sentences, the entities) says false: a second copy would silently undo
  /// the first, so the loader refuses it.
  public var repeatable: Bool
  /// Whether ``Stage/makeOutput(_:)`` gives an output (an export stage). A run whose stages run in
  /// worker processes builds only these stages in the run itself.
  public var writesOutput: Bool

  public init(
    requires: Set<Capability> = [], provides: Set<Capability> = [], fields: [String] = [],
    layers: [String] = [], rewritesText: Bool? = nil, repeatable: Bool = true,
    writesOutput: Bool = false
  ) {
    self.requires = requires
    self.provides = provides
    self.fields = fields
    self.layers = layers
    self.rewritesText =
      rewritesText ?? (provides.contains(.cleanText) || provides.contains(.content))
    self.repeatable = repeatable
    self.writesOutput = writesOutput
  }
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

  public init(baseDirectory: URL, pipelineName: String, jobs: Int) {
    self.baseDirectory = baseDirectory
    self.pipelineName = pipelineName
    self.jobs = jobs
  }

  /// Resolves a path from a config against the pipeline file's folder.
  public func resolve(_ path: String) -> URL {
    if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
    return baseDirectory.appendingPathComponent(path).standardizedFileURL
  }

  /// Throws unless `url` is a readable file; it is not read (for ``Stage/check(_:context:)``).
  public func requireReadableFile(_ url: URL, _ what: String) throws {
    var folder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &folder),
      !folder.boolValue, FileManager.default.isReadableFile(atPath: url.path)
    else { throw DocumentError("\(what) \(url.path) is not a readable file") }
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
