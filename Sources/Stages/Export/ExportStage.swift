import Foundation
import Pipeline

/// Writes the dataset: `documents.jsonl`, `documents.json` and the CSV tables.
///
/// The stage itself leaves documents unchanged; its sink receives each finished document in
/// input order (see ``DatasetWriter`` for the schema).
public struct ExportStage: Stage {
  public struct Config: StageConfig {
    public var formats: [String]
    public var dir: String
    public var tokens: Bool
    public var blocks: Bool

    public init(reading reader: inout ConfigReader) throws {
      formats = try reader.strings(
        "formats", default: ["csv", "json", "jsonl"],
        choices: Dataset.Format.allCases.map(\.rawValue),
        help: "dataset files to write")
      dir = try reader.string(
        "dir", default: "out/<pipeline name>",
        help: "output folder, relative to the pipeline file (--output overrides it)")
      tokens = try reader.bool("tokens", default: false, help: "also export tokens")
      blocks = try reader.bool(
        "blocks", default: false,
        help: "also export text blocks with their boilerplate decisions and scores (explain)")
      if formats.isEmpty { throw reader.error("formats", "key 'formats' lists no format") }
    }
  }

  public static let name = "export"
  public static let summary = "write the dataset (CSV, JSON, JSON lines) to a folder"

  private let config: Config
  private let context: StageContext

  public init(config: Config, context: StageContext) throws {
    self.config = config
    self.context = context
  }

  public var requires: Set<Capability> { [] }
  public var provides: Set<Capability> { [] }

  public func process(_ document: inout Document) throws {}

  public func makeSink(_ run: RunContext) throws -> (any DocumentSink)? {
    let directory: URL
    if let override = run.outputOverride {
      directory = override
    } else if config.dir == "out/<pipeline name>" {
      directory = context.resolve("out/\(run.pipelineName)")
    } else {
      directory = context.resolve(config.dir)
    }
    let formats = Set(config.formats.compactMap(Dataset.Format.init(rawValue:)))
    return try DatasetWriter(
      directory: directory,
      options: Dataset.Options(
        formats: formats, tokens: config.tokens, blocks: config.blocks, fields: run.fields,
        layers: run.layers), files: run.files)
  }
}
