import Foundation

/// `manifest.json`: what ran, on what, with which settings, how it went, and the files the
/// run wrote into the folder with their sizes and row counts. Pretty-printed, keys sorted.
public struct Manifest: Codable, Equatable, Sendable {
  /// The pipeline file that ran.
  public struct PipelineInfo: Codable, Equatable, Sendable {
    public var name: String
    public var file: String
    public var sha256: String
  }

  /// Where the documents came from.
  public struct Input: Codable, Equatable, Sendable {
    public var path: String
    public var glob: String
  }

  /// One stage: its name, its settings and the seconds spent in it.
  public struct StageEntry: Codable, Equatable, Sendable {
    public var name: String
    public var config: JSONValue
    public var seconds: Double
  }

  /// Document counts.
  public struct Documents: Codable, Equatable, Sendable {
    public var `in`: Int
    public var ok: Int
    public var failed: Int
    public var crashed: Int
    public var timedOut: Int

    enum CodingKeys: String, CodingKey {
      case `in`, ok, failed, crashed
      case timedOut = "timed_out"
    }
  }

  /// One file of the folder: its size, and its records (lines of a JSON-lines file, items of
  /// `documents.json`, data rows of a CSV table, sentences of `documents.conllu`) when it
  /// counts them.
  public struct File: Codable, Equatable, Sendable {
    public var bytes: Int
    public var rows: Int?
  }

  public var tool: String
  public var version: String
  /// ``NLPipe/datasetSchema`` of the files (nil in manifests written before it was recorded).
  public var datasetSchema: Int?
  public var pipeline: PipelineInfo
  public var input: Input
  public var jobs: Int
  public var isolation: String
  public var shard: String?
  public var documentsInOtherShards: Int?
  public var documentsResumed: Int?
  public var started: String
  public var finished: String
  public var stages: [StageEntry]
  public var documents: Documents
  public var warnings: Int
  public var stoppedEarly: Bool
  public var wallSeconds: Double
  public var docsPerSecond: Double
  /// The folder's files by name (`manifest.json` itself aside); nil for `--stats` with
  /// `--stdout`, which writes no folder.
  public var files: [String: File]?

  enum CodingKeys: String, CodingKey {
    case tool, version
    case datasetSchema = "dataset_schema"
    case pipeline, input, jobs, isolation, shard
    case documentsInOtherShards = "documents_in_other_shards"
    case documentsResumed = "documents_resumed"
    case started, finished, stages, documents, warnings
    case stoppedEarly = "stopped_early"
    case wallSeconds = "wall_seconds"
    case docsPerSecond = "docs_per_second"
    case files
  }

  init(
    pipeline: PipelineDefinition, options: RunOptions, summary: RunSummary, started: Date,
    finished: Date
  ) {
    let iso = ISO8601DateFormatter()
    tool = NLPipe.name
    version = NLPipe.version
    datasetSchema = NLPipe.datasetSchema
    self.pipeline = PipelineInfo(name: pipeline.name, file: pipeline.file, sha256: pipeline.sha256)
    input = Input(path: pipeline.input.displayPath, glob: pipeline.input.glob)
    jobs = options.jobs
    isolation = options.isolation == nil ? "none" : "process"
    if let shard = options.shard {
      self.shard = "\(shard.index)/\(shard.count)"
      documentsInOtherShards = summary.documentsInOtherShards
    }
    if options.resume { documentsResumed = summary.documentsResumed }
    self.started = iso.string(from: started)
    self.finished = iso.string(from: finished)
    stages = pipeline.stages.enumerated().map { index, stage in
      StageEntry(
        name: stage.name, config: .object(stage.config),
        seconds: summary.stageSeconds.indices.contains(index) ? summary.stageSeconds[index] : 0)
    }
    documents = Documents(
      in: summary.documentsIn, ok: summary.documentsOK, failed: summary.documentsFailed,
      crashed: summary.documentsCrashed, timedOut: summary.documentsTimedOut)
    warnings = summary.warnings
    stoppedEarly = summary.stoppedEarly
    wallSeconds = summary.wallSeconds
    docsPerSecond = summary.wallSeconds > 0 ? Double(summary.documentsIn) / summary.wallSeconds : 0
  }

  /// The file's bytes: pretty-printed JSON with sorted keys and a final newline.
  public func bytes() throws -> [UInt8] { try Self.prettyJSON(self) }

  /// A manifest's bytes (this one, a merged one): pretty-printed JSON with sorted keys and a
  /// final newline.
  public static func prettyJSON(_ value: some Encodable) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
      return [UInt8](try encoder.encode(value)) + [0x0A]
    } catch {
      throw OutputError("cannot encode manifest.json: \(error)")
    }
  }

  /// Reads a folder's `manifest.json`.
  public static func read(in directory: URL) throws -> Manifest {
    let url = directory.appendingPathComponent("manifest.json")
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw OutputError("cannot read \(url.path)")
    }
    do {
      return try JSONDecoder().decode(Manifest.self, from: data)
    } catch {
      throw OutputError("\(url.path) is not a manifest nlpipe can read (\(error))")
    }
  }
}
