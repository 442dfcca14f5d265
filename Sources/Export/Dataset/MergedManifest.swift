import Foundation
import Pipeline

/// The `manifest.json` of a merged dataset (`nlpipe merge`): the summed document counts, the
/// parts it was merged from, and its files with their sizes and row counts (a file's rows are
/// the sum of its parts' rows, when every part's manifest lists them). Pretty-printed, keys
/// sorted, like a run's ``Pipeline/Manifest``.
struct MergedManifest: Codable, Equatable {
  /// One merged folder.
  struct Part: Codable, Equatable {
    var folder: String
    var shard: String?
    var pipelineSHA256: String

    enum CodingKeys: String, CodingKey {
      case folder, shard
      case pipelineSHA256 = "pipeline_sha256"
    }
  }

  /// The summed document counts.
  struct Documents: Codable, Equatable {
    var `in`: Int
    var ok: Int
    var failed: Int
  }

  var tool: String
  var version: String
  var datasetSchema: Int
  var mergedFrom: [Part]
  var documents: Documents
  var warnings: Int
  var files: [String: Manifest.File]

  enum CodingKeys: String, CodingKey {
    case tool, version
    case datasetSchema = "dataset_schema"
    case mergedFrom = "merged_from"
    case documents, warnings, files
  }

  init(inputs: [URL], manifests: [Manifest], files: OutputFiles, in output: URL) {
    tool = NLPipe.name
    version = NLPipe.version
    // The parts share one schema (the merger checks): the merged files keep it.
    datasetSchema = manifests.first?.datasetSchema ?? 1
    mergedFrom = zip(inputs, manifests).map { input, manifest in
      Part(folder: input.path, shard: manifest.shard, pipelineSHA256: manifest.pipeline.sha256)
    }
    documents = Documents(
      in: manifests.reduce(0) { $0 + $1.documents.in },
      ok: manifests.reduce(0) { $0 + $1.documents.ok },
      failed: manifests.reduce(0) { $0 + $1.documents.failed })
    warnings = manifests.reduce(0) { $0 + $1.warnings }
    var merged = files.sealedFiles(in: output)
    for name in merged.keys {
      let counts = manifests.map { $0.files?[name]?.rows }
      let listed = counts.compactMap { $0 }
      merged[name]?.rows = listed.count == counts.count ? listed.reduce(0, +) : nil
    }
    self.files = merged
  }

  /// The file's bytes: pretty-printed JSON with sorted keys and a final newline.
  func bytes() throws -> [UInt8] { try Manifest.prettyJSON(self) }
}
