import Foundation

/// What one export stage (or `--stdout`) writes, known before any file is opened: its folder,
/// the files it will write there, and the encoder the workers run.
///
/// Export stages return one from ``Stage/makeOutput(_:)``. Serialising is split from writing:
/// ``encoder`` turns each document into an ``EncodedDocument`` on the worker threads (or in a
/// worker process, which never opens a file), in parallel, and the sink that ``openSink(_:)``
/// returns only appends those parts, in input order, on the executor's writer thread.
public protocol DocumentOutput: Sendable {
  /// The folder written to (the run's `errors.jsonl` and `manifest.json` go there too); nil
  /// for an output that writes no files (standard output).
  var directory: URL? { get }
  /// Serialises documents; pure, called concurrently from worker threads.
  var encoder: any DocumentEncoder { get }
  /// Opens the files through `files` (which checkpoints them and reopens them where they
  /// stopped for `--resume`) and returns the sink that writes them.
  func openSink(_ files: OutputFiles) throws -> any DocumentSink
}

/// Receives encoded documents in input order, on one thread (the executor's writer).
///
/// A sink writes to temporary files (opened through ``OutputFiles``) and seals them in
/// ``finish()``; the executor renames every sealed file into place once all sinks have
/// finished, so an interrupted run, or one that fills the disk, never leaves a dataset that
/// looks whole.
public protocol DocumentSink: AnyObject {
  /// Appends one encoded document (as it was when it reached the output's stage).
  func write(_ encoded: EncodedDocument) throws
  /// Notes a failed document, in input order (the executor also writes `errors.jsonl`).
  func recordFailure(_ record: ErrorRecord) throws
  /// Completes the output: final bytes, then ``OutputFile/seal()`` on each file (the
  /// executor publishes them).
  func finish() throws
}

extension DocumentSink {
  public func recordFailure(_ record: ErrorRecord) throws {}
}

/// What an output may know about the run.
public struct RunContext: Sendable {
  /// The pipeline's name.
  public var pipelineName: String
  /// The pipeline file's folder.
  public var baseDirectory: URL
  /// `--output DIR`, which replaces every export stage's own `dir`.
  public var outputOverride: URL?
  /// Document fields declared by the stages before the output.
  public var fields: [String]
  /// Custom annotation layers declared by the stages before the output.
  public var layers: [String]
  /// Capabilities provided before the output.
  public var capabilities: Set<Capability>
  /// Documents the run holds at most between encoding one and writing it (the document queue's
  /// window): a document among the first N written is among the first N + this many encoded.
  public var documentsInFlight: Int

  public init(
    pipelineName: String, baseDirectory: URL, outputOverride: URL?, fields: [String],
    layers: [String], capabilities: Set<Capability>, documentsInFlight: Int
  ) {
    self.pipelineName = pipelineName
    self.baseDirectory = baseDirectory
    self.outputOverride = outputOverride
    self.fields = fields
    self.layers = layers
    self.capabilities = capabilities
    self.documentsInFlight = documentsInFlight
  }
}

/// Serialises a finished document into the parts a sink appends (pure, thread-safe, opens
/// no file).
public protocol DocumentEncoder: Sendable {
  func encode(_ document: Document) throws -> EncodedDocument
}

/// Makes the output of a run that streams JSON lines to standard output (`--stdout`); the
/// Export module provides it (`StreamOutput.init(_:)`).
public typealias StreamOutputMaker = @Sendable (RunContext) -> any DocumentOutput
