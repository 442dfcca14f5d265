import Foundation

/// Writes one JSON line per document to a file descriptor (standard output for `--stdout`):
/// the `documents.jsonl` schema for documents that succeeded, and
/// `{"id", "source", "error": {"stage", "message", "offset"}}` for those that failed, in
/// input order. This is the contract for Spark's `RDD.pipe`, Hadoop Streaming, Dask and GNU
/// parallel.
public final class StreamSink: DocumentSink {
  public var directory: URL? { nil }
  public let encoder: any DocumentEncoder
  private let handle: FileHandle
  private var buffer: [UInt8] = []

  public init(fileDescriptor: Int32 = STDOUT_FILENO, options: Dataset.Options) {
    self.handle = FileHandle(fileDescriptor: fileDescriptor, closeOnDealloc: false)
    var jsonOnly = options
    jsonOnly.formats = [.jsonl]
    self.encoder = DatasetEncoder(options: jsonOnly)
  }

  public func write(_ encoded: EncodedDocument) throws {
    if let object = encoded.chunks.first { buffer.append(contentsOf: object) }
    buffer.append(0x0A)
    if buffer.count >= 1 << 16 { try flush() }
  }

  public func recordFailure(_ record: ErrorRecord) throws {
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("id", record.id)
    writer.field("source", record.location)
    writer.key("error")
    writer.beginObject()
    writer.field("stage", record.stage)
    writer.field("message", record.message)
    writer.field("offset", record.offset)
    writer.endObject()
    writer.endObject()
    buffer.append(contentsOf: writer.bytes)
    buffer.append(0x0A)
    if buffer.count >= 1 << 16 { try flush() }
  }

  public func finish() throws { try flush() }

  private func flush() throws {
    guard !buffer.isEmpty else { return }
    do {
      try handle.write(contentsOf: buffer)
    } catch {
      throw OutputError("cannot write to standard output: \(error.localizedDescription)")
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
