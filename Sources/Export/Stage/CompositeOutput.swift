import Foundation
import Pipeline

/// Several outputs of one export stage writing into the same folder (the dataset files, the
/// SQLite database, the HTML report).
///
/// Its encoder runs every output's encoder and merges their parts into one
/// ``EncodedDocument``: parts are named after the files they feed, so they never clash, and
/// each sink reads its own parts by name.
public struct CompositeOutput: DocumentOutput {
  public let directory: URL?
  public let encoder: any DocumentEncoder
  let outputs: [any DocumentOutput]

  /// Combines outputs; the first folder among theirs is the composite's.
  public init(_ outputs: [any DocumentOutput]) {
    self.outputs = outputs
    self.directory = outputs.first { $0.directory != nil }?.directory ?? nil
    self.encoder = Encoder(encoders: outputs.map(\.encoder))
  }

  public func openSink(_ files: OutputFiles) throws -> any DocumentSink {
    CompositeSink(try outputs.map { try $0.openSink(files) })
  }

  struct Encoder: DocumentEncoder {
    let encoders: [any DocumentEncoder]

    func encode(_ document: Document) throws -> EncodedDocument {
      var merged = EncodedDocument()
      for encoder in encoders { try merged.merge(try encoder.encode(document)) }
      return merged
    }
  }
}

/// Hands every encoded document and failure to each of several sinks, which read their own
/// parts.
public final class CompositeSink: DocumentSink {
  private let sinks: [any DocumentSink]

  public init(_ sinks: [any DocumentSink]) { self.sinks = sinks }

  public func write(_ encoded: EncodedDocument) throws {
    for sink in sinks { try sink.write(encoded) }
  }

  public func recordFailure(_ record: ErrorRecord) throws {
    for sink in sinks { try sink.recordFailure(record) }
  }

  public func finish() throws {
    for sink in sinks { try sink.finish() }
  }
}
