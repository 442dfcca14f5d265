import Foundation

/// Receives finished documents in input order, on one thread (the executor's writer).
///
/// Export stages return a sink from ``Stage/makeSink(_:)``. Serialising is split from
/// writing: the sink's ``encoder`` turns each document into bytes on the worker threads, in
/// parallel, and ``write(_:)`` only appends those bytes, in input order. A sink writes to
/// temporary files (``RunContext/files``) and seals them in ``finish()``; the executor renames
/// every sealed file into place once all sinks have finished, so an interrupted run, or one
/// that fills the disk, never leaves a dataset that looks whole.
public protocol DocumentSink: AnyObject {
  /// The folder the sink writes to (the run's `errors.jsonl` and `manifest.json` go there
  /// too); nil for a sink that writes no files (standard output).
  var directory: URL? { get }
  /// Serialises documents; called concurrently from worker threads.
  var encoder: any DocumentEncoder { get }
  /// Appends one encoded document (as it was when it reached the sink's stage).
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

/// What a sink may know about the run, and where it opens its files.
public struct RunContext {
  /// The pipeline's name.
  public var pipelineName: String
  /// The pipeline file's folder.
  public var baseDirectory: URL
  /// `--output DIR`, which replaces every export stage's own `dir`.
  public var outputOverride: URL?
  /// Document fields declared by the stages before the sink.
  public var fields: [String]
  /// Custom annotation layers declared by the stages before the sink.
  public var layers: [String]
  /// Capabilities provided before the sink.
  public var capabilities: Set<Capability>
  /// Open output files here (not with `OutputFile(_:)` directly): the executor checkpoints
  /// them, and reopens them where they stopped for `--resume`.
  public var files: OutputFiles

  public init(
    pipelineName: String, baseDirectory: URL, outputOverride: URL?, fields: [String],
    layers: [String], capabilities: Set<Capability>, files: OutputFiles
  ) {
    self.files = files
    self.pipelineName = pipelineName
    self.baseDirectory = baseDirectory
    self.outputOverride = outputOverride
    self.fields = fields
    self.layers = layers
    self.capabilities = capabilities
  }
}

/// Serialises a finished document into the bytes a sink appends (pure, thread-safe).
public protocol DocumentEncoder: Sendable {
  func encode(_ document: Document) throws -> EncodedDocument
}

/// A document's serialised form: one byte chunk per output file of the sink, in the sink's
/// own file order.
public struct EncodedDocument: Sendable {
  public var chunks: [[UInt8]]

  public init(chunks: [[UInt8]]) { self.chunks = chunks }
}
