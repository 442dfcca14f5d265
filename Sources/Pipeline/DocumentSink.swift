import Foundation

/// Receives finished documents in input order, on one thread (the executor's writer).
///
/// Export stages return a sink from ``Stage/makeSink(_:)``. A sink writes to temporary files
/// and only makes them visible in ``finish()``, so an interrupted run never leaves a dataset
/// that looks whole.
public protocol DocumentSink: AnyObject {
  /// The folder the sink writes to (the run's `errors.jsonl` and `manifest.json` go there too).
  var directory: URL { get }
  /// Writes one document (as it was when it reached the sink's stage).
  func write(_ document: Document) throws
  /// Completes the output: flush and rename temporary files into place.
  func finish() throws
  /// Drops temporary files after a failed run.
  func abandon()
}

/// What a sink may know about the run.
public struct RunContext: Sendable {
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

  public init(
    pipelineName: String, baseDirectory: URL, outputOverride: URL?, fields: [String],
    layers: [String], capabilities: Set<Capability>
  ) {
    self.pipelineName = pipelineName
    self.baseDirectory = baseDirectory
    self.outputOverride = outputOverride
    self.fields = fields
    self.layers = layers
    self.capabilities = capabilities
  }
}
