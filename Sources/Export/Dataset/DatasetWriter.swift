import Foundation
import Pipeline

/// The dataset an export stage writes (`jsonl`, `json`, `csv`, `conllu`) into one folder:
/// known, with its encoder, before any file is opened.
public struct DatasetOutput: DocumentOutput {
  public let directory: URL?
  public let encoder: any DocumentEncoder
  let folder: URL
  let options: Dataset.Options

  public init(directory: URL, options: Dataset.Options) {
    self.directory = directory
    self.folder = directory
    self.options = options
    self.encoder = DatasetEncoder(options: options)
  }

  public func openSink(_ files: OutputFiles) throws -> any DocumentSink {
    try DatasetWriter(directory: folder, options: options, files: files)
  }
}

/// Writes a dataset: appends the parts ``DatasetEncoder`` produced, in input order, counting
/// each file's rows.
public final class DatasetWriter: DocumentSink {
  private let jsonl: OutputFile?
  private let json: OutputFile?
  private var jsonHasItems: Bool
  private let tables: [(name: String, file: OutputFile)]
  private let conllu: OutputFile?
  private static let jsonOpening = Array("[\n".utf8)

  /// Opens the files, creating the folder (reopens them, when the run resumes).
  init(directory: URL, options: Dataset.Options, files: OutputFiles) throws {
    // `files` creates the folder (after checking it), with the first file.
    func file(_ name: String) throws -> OutputFile {
      let file = try files.open(directory.appendingPathComponent(name))
      file.countRows()
      return file
    }
    jsonl = options.formats.contains(.jsonl) ? try file("documents.jsonl") : nil
    let json = options.formats.contains(.json) ? try file("documents.json") : nil
    if let json, json.resumedSize == 0 { try json.write(Self.jsonOpening) }
    self.json = json
    jsonHasItems = (json?.resumedSize ?? 0) > Self.jsonOpening.count
    var tables: [(String, OutputFile)] = []
    for table in options.tables {
      let output = try file(table.fileName)
      if output.resumedSize == 0 {
        var header: [UInt8] = []
        CSVRow.append(
          table.header(
            fields: options.fields, documentText: options.documentText, tagged: options.tagged),
          to: &header)
        try output.write(header)
      }
      tables.append((table.fileName, output))
    }
    self.tables = tables
    conllu = options.formats.contains(.conllu) ? try file(Dataset.conlluFile) : nil
  }

  public func write(_ encoded: EncodedDocument) throws {
    if jsonl != nil || json != nil {
      let object = try encoded.part(Dataset.jsonPart).bytes
      if let jsonl {
        try jsonl.write(object, rows: 1)
        try jsonl.write("\n")
      }
      if let json {
        if jsonHasItems { try json.write(",\n") }
        try json.write(object, rows: 1)
        jsonHasItems = true
      }
    }
    for (name, file) in tables {
      let part = try encoded.part(name)
      try file.write(part.bytes, rows: part.rows)
    }
    if let conllu {
      let part = try encoded.part(Dataset.conlluFile)
      try conllu.write(part.bytes, rows: part.rows)
    }
  }

  public func finish() throws {
    try json?.write("\n]\n")
    for file in [jsonl, json].compactMap({ $0 }) + tables.map(\.file) + [conllu].compactMap({ $0 })
    {
      try file.seal()
    }
  }
}
