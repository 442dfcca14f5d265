import Foundation
import Pipeline

/// The `--stdout` output: one JSON line per document on a file descriptor (see
/// ``StreamSink``), with the `documents.jsonl` encoder.
public struct StreamOutput: DocumentOutput {
  public var directory: URL? { nil }
  public let encoder: any DocumentEncoder
  let fileDescriptor: Int32

  public init(fileDescriptor: Int32 = STDOUT_FILENO, options: Dataset.Options) {
    self.fileDescriptor = fileDescriptor
    var jsonOnly = options
    jsonOnly.formats = [.jsonl]
    self.encoder = DatasetEncoder(options: jsonOnly)
  }

  /// The stream output of a run (``StreamOutputMaker``): the documents as they leave the
  /// last stage, with its fields, layers and tags.
  public init(_ run: RunContext) {
    self.init(
      options: Dataset.Options(
        formats: [.jsonl], fields: run.fields, layers: run.layers,
        tagged: run.capabilities.contains(.pos)))
  }

  public func openSink(_ files: OutputFiles) throws -> any DocumentSink {
    StreamSink(fileDescriptor: fileDescriptor)
  }
}

/// Writes one JSON line per document to a file descriptor (standard output for `--stdout`):
/// the `documents.jsonl` schema for documents that succeeded, and
/// `{"id", "source", "error": {"stage", "message", "offset"}}` for those that failed, in
/// input order. This is the contract for Spark's `RDD.pipe`, Hadoop Streaming, Dask and GNU
/// parallel.
public final class StreamSink: DocumentSink {
  private let handle: FileHandle
  private var buffer: [UInt8] = []

  public init(fileDescriptor: Int32 = STDOUT_FILENO) {
    self.handle = FileHandle(fileDescriptor: fileDescriptor, closeOnDealloc: false)
  }

  public func write(_ encoded: EncodedDocument) throws {
    buffer.append(contentsOf: try encoded.part(Dataset.jsonPart).bytes)
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
