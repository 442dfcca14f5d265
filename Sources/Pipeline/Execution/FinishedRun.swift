import Foundation

/// `--resume` on a dataset that is already complete (a resubmitted array job): nothing to do.
enum FinishedRun {
  /// The finished run's counts, from its manifest; throws when it was made by another
  /// version of the pipeline file.
  static func summary(of directory: URL, pipeline: PipelineDefinition, directories: [URL])
    throws -> RunSummary
  {
    let url = directory.appendingPathComponent("manifest.json")
    guard let data = FileManager.default.contents(atPath: url.path),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
      throw OutputError("cannot resume: \(url.path) is unreadable")
    }
    let sha = (manifest["pipeline"] as? [String: Any])?["sha256"] as? String
    guard sha == pipeline.sha256 else {
      throw OutputError(
        "nothing to resume: \(directory.path) holds a finished dataset of another version of the "
          + "pipeline file (use --overwrite to redo it)")
    }
    let counts = manifest["documents"] as? [String: Any] ?? [:]
    var summary = RunSummary()
    summary.alreadyComplete = true
    summary.documentsIn = counts["in"] as? Int ?? 0
    summary.documentsOK = counts["ok"] as? Int ?? 0
    summary.documentsFailed = counts["failed"] as? Int ?? 0
    summary.documentsResumed = summary.documentsIn
    summary.warnings = manifest["warnings"] as? Int ?? 0
    summary.outputDirectories = directories
    return summary
  }
}
