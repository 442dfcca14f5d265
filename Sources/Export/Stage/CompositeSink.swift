import Foundation
import Pipeline

/// Fans one stage's documents out to several sinks writing into the same folder (the
/// dataset files and the HTML report).
///
/// Its encoder runs every sink's encoder and puts a leading chunk with each one's chunk
/// count (4 bytes each, little-endian) in front of their chunks, which ``write(_:)`` uses
/// to hand every sink back exactly its own chunks.
public final class CompositeSink: DocumentSink {
  public let directory: URL?
  public let encoder: any DocumentEncoder
  private let sinks: [any DocumentSink]

  /// Combines sinks; the first folder among theirs is the composite's.
  public init(_ sinks: [any DocumentSink]) {
    self.sinks = sinks
    self.directory = sinks.first { $0.directory != nil }?.directory ?? nil
    self.encoder = Encoder(encoders: sinks.map(\.encoder))
  }

  struct Encoder: DocumentEncoder {
    let encoders: [any DocumentEncoder]

    func encode(_ document: Document) throws -> EncodedDocument {
      var counts: [UInt8] = []
      var chunks: [[UInt8]] = [[]]
      for encoder in encoders {
        let encoded = try encoder.encode(document)
        withUnsafeBytes(of: UInt32(encoded.chunks.count).littleEndian) { counts += $0 }
        chunks += encoded.chunks
      }
      chunks[0] = counts
      return EncodedDocument(chunks: chunks)
    }
  }

  public func write(_ encoded: EncodedDocument) throws {
    guard let counts = encoded.chunks.first, counts.count == 4 * sinks.count else {
      throw OutputError("internal error: malformed composite chunk header")
    }
    var next = 1
    for (index, sink) in sinks.enumerated() {
      let count = counts[4 * index..<4 * index + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
      guard next + count <= encoded.chunks.count else {
        throw OutputError("internal error: composite chunk count out of range")
      }
      try sink.write(EncodedDocument(chunks: Array(encoded.chunks[next..<next + count])))
      next += count
    }
  }

  public func recordFailure(_ record: ErrorRecord) throws {
    for sink in sinks { try sink.recordFailure(record) }
  }

  public func finish() throws {
    for sink in sinks { try sink.finish() }
  }
}
