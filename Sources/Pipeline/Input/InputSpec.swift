import Foundation

/// How a pipeline reads its documents (the `input:` section of a pipeline file).
public struct InputSpec: Sendable {
  /// How each input file is interpreted.
  public enum Format: String, Sendable, CaseIterable {
    /// By extension: `.txt` text, `.html`/`.htm`/`.xhtml` HTML, `.xml` XML, `.jsonl` JSON
    /// lines; anything else is read as text. `.gz` is stripped first.
    case auto
    case text
    case html
    case xml
    case jsonl
  }

  /// A file or folder (resolved against the pipeline file's folder).
  public var path: URL
  /// As written in the pipeline file or on the command line, for messages and `source`.
  public var displayPath: String
  /// Shell pattern file names must match (`*.txt`); empty for all files.
  public var glob: String
  /// Whether to descend into sub-folders.
  public var recursive: Bool
  public var format: Format
  /// `auto` (BOM, then declared charset, then UTF-8) or a fixed encoding.
  public var encoding: SourceDecoder.Encoding
  /// Share of undecodable bytes above which a document is rejected rather than repaired.
  public var maxInvalidRatio: Double
  /// Documents larger than this (after decompression) are rejected.
  public var maxBytes: Int
  /// `fields`: JSON-lines keys exported as `documents.csv` columns (every extra key of a
  /// line is a document field either way: in the JSON `fields` and the SQLite database).
  public var fields: [String] = []

  public init(
    path: URL, displayPath: String, glob: String = "", recursive: Bool = false,
    format: Format = .auto, encoding: SourceDecoder.Encoding = .auto,
    maxInvalidRatio: Double = 0.01, maxBytes: Int = 256 << 20
  ) {
    self.path = path
    self.displayPath = displayPath
    self.glob = glob
    self.recursive = recursive
    self.format = format
    self.encoding = encoding
    self.maxInvalidRatio = maxInvalidRatio
    self.maxBytes = maxBytes
  }

  /// Reads the `input:` mapping (or a bare path string).
  public static func read(_ reader: inout ConfigReader, base: URL) throws -> InputSpec {
    let path = try reader.string("path", default: "", help: "a file or folder of documents")
    if path.isEmpty { throw reader.error("path", "key 'path' is required (a file or folder)") }
    let glob = try reader.string(
      "glob", default: "", help: "only file names matching this shell pattern, e.g. \"*.txt\"")
    let recursive = try reader.bool(
      "recursive", default: false, help: "descend into sub-folders")
    let format = try reader.choice(
      "format", default: "auto", from: Format.allCases.map(\.rawValue),
      help: "how files are read; auto goes by extension")
    let encoding = try reader.choice(
      "encoding", default: "auto", from: SourceDecoder.Encoding.allCases.map(\.rawValue),
      help: "auto: BOM, then declared charset, then UTF-8")
    let ratio = try reader.double(
      "max_invalid_ratio", default: 0.01, in: 0...1,
      help: "share of undecodable bytes above which a document is rejected, not repaired")
    let maxMB = try reader.int(
      "max_mb", default: 256, in: 1...65536, help: "largest document accepted, in MiB")
    let fields = try reader.strings(
      "fields", default: [],
      help:
        "JSON lines: keys besides id/text/html/xml to export as documents.csv columns (e.g. url, title, date); every extra key is kept as a document field in JSON and SQLite anyway"
    )
    let url =
      path.hasPrefix("/")
      ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
    var spec = InputSpec(
      path: url.standardizedFileURL, displayPath: path, glob: glob, recursive: recursive,
      format: Format(rawValue: format) ?? .auto,
      encoding: SourceDecoder.Encoding(rawValue: encoding) ?? .auto, maxInvalidRatio: ratio,
      maxBytes: maxMB << 20)
    spec.fields = fields
    return spec
  }

  /// The format a file is read as, from the spec and the file's name.
  public func format(of fileName: String) -> Format {
    if format != .auto { return format }
    var name = fileName.lowercased()
    if name.hasSuffix(".gz") { name.removeLast(3) }
    switch (name as NSString).pathExtension {
    case "html", "htm", "xhtml": return .html
    case "xml": return .xml
    case "jsonl", "ndjson": return .jsonl
    default: return .text
    }
  }

  /// The formats documents of this input may have, as far as the spec alone tells.
  /// Nil when it cannot tell (a folder without a glob, or JSON lines that may carry HTML).
  public var possibleFormats: Set<SourceFormat>? {
    switch format {
    case .text: return [.text]
    case .html: return [.html]
    case .xml: return [.xml]
    case .jsonl: return nil
    case .auto:
      let name = glob.isEmpty ? path.lastPathComponent : glob
      if glob.isEmpty, isFolder { return nil }
      switch self.format(of: name) {
      case .text: return [.text]
      case .html: return [.html]
      case .xml: return [.xml]
      default: return nil
      }
    }
  }

  private var isFolder: Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }
}
