import Foundation
import Pipeline

/// Writes the dataset: `documents.jsonl`, `documents.json`, the CSV tables and
/// `documents.conllu`, with `sqlite` the database `dataset.sqlite` (see ``SQLiteWriter``), and
/// with `html` the report page `report.html` (see ``ReportWriter``).
///
/// The stage itself leaves documents unchanged; its output receives each finished document in
/// input order (see ``Dataset`` for the schema). `Nationalities` is the table the report
/// counts nationality words with (the Stages module registers the relations stage's demonyms).
public struct ExportStage<Nationalities: NationalityTable>: Stage {
  public struct Config: StageConfig {
    public var formats: [String]
    public var dir: String
    public var tokens: Bool
    public var blocks: Bool
    public var text: Bool
    public var reportDocuments: Int
    public var reportTopEntities: Int
    public var reportGraphNodes: Int

    public init(reading reader: inout ConfigReader) throws {
      formats = try reader.strings(
        "formats", default: ["csv", "json", "jsonl"],
        choices: Dataset.Format.allCases.map(\.rawValue) + [
          ExportStage.reportFormat, ExportStage.sqliteFormat,
        ],
        help:
          "dataset files to write (conllu: documents.conllu; html: the report page report.html; sqlite: dataset.sqlite)"
      )
      dir = try reader.string(
        "dir", default: "out/<pipeline name>",
        help: "output folder, relative to the pipeline file (--output overrides it)")
      tokens = try reader.bool("tokens", default: false, help: "also export tokens")
      blocks = try reader.bool(
        "blocks", default: false,
        help: "also export text blocks with their boilerplate decisions and scores (explain)")
      text = try reader.bool(
        "text", default: false,
        help: "documents.csv: add a text column with each document's text")
      reportDocuments = try reader.int(
        "report_documents", default: 50, in: 0...1_000_000,
        help: "html report: documents shown in full (text, entities, relations), from the start")
      reportTopEntities = try reader.int(
        "report_top_entities", default: 30, in: 1...10_000,
        help: "html report: rows in the top-entities table")
      reportGraphNodes = try reader.int(
        "report_graph_nodes", default: 30, in: 2...500,
        help: "html report: most entities drawn in the relation graph")
      if formats.isEmpty { throw reader.error("formats", "key 'formats' lists no format") }
    }
  }

  public static var name: String { "export" }
  public static var summary: String {
    "write the dataset (CSV, JSON, JSON lines) and an HTML report to a folder"
  }
  /// The `formats` entry that adds the HTML report.
  static var reportFormat: String { "html" }
  /// The `formats` entry that adds the SQLite database `dataset.sqlite`.
  static var sqliteFormat: String { "sqlite" }

  private let config: Config
  private let context: StageContext

  public init(config: Config, context: StageContext) throws {
    self.config = config
    self.context = context
  }

  /// It writes the dataset: the one stage a run builds when the others run in worker processes.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(writesOutput: true)
  }

  public func process(_ document: inout Document) throws {}

  public func makeOutput(_ run: RunContext) throws -> (any DocumentOutput)? {
    let directory: URL
    if let override = run.outputOverride {
      directory = override
    } else if config.dir == "out/<pipeline name>" {
      directory = context.resolve("out/\(run.pipelineName)")
    } else {
      directory = context.resolve(config.dir)
    }
    let formats = Set(config.formats.compactMap(Dataset.Format.init(rawValue:)))
    var outputs: [any DocumentOutput] = []
    if !formats.isEmpty {
      var options = Dataset.Options(
        formats: formats, tokens: config.tokens, blocks: config.blocks, fields: run.fields,
        layers: run.layers, tagged: run.capabilities.contains(.pos))
      options.documentText = config.text
      outputs.append(DatasetOutput(directory: directory, options: options))
    }
    if config.formats.contains(Self.sqliteFormat) {
      outputs.append(
        SQLiteOutput(
          directory: directory,
          options: Dataset.Options(
            formats: [], tokens: config.tokens, fields: run.fields, layers: run.layers),
          pipelineName: run.pipelineName))
    }
    if config.formats.contains(Self.reportFormat) {
      outputs.append(
        ReportOutput(
          directory: directory,
          options: ReportOptions(
            pipelineName: run.pipelineName, documents: config.reportDocuments,
            topEntities: config.reportTopEntities, graphNodes: config.reportGraphNodes),
          demonyms: Nationalities.bundled(), documentsInFlight: run.documentsInFlight))
    }
    return outputs.count == 1 ? outputs[0] : CompositeOutput(outputs)
  }
}
