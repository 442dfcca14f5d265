import Foundation

/// `--resume` on a dataset that is already complete (a resubmitted array job): nothing to do.
enum FinishedRun {
  /// The finished run's counts, from its manifest; throws when it was made by another
  /// version of the pipeline file.
  static func summary(of directory: URL, pipeline: PipelineDefinition, directories: [URL])
    throws -> RunSummary
  {
    let manifest: Manifest
    do {
      manifest = try Manifest.read(in: directory)
    } catch {
      throw OutputError("cannot resume: \(error)")
    }
    guard manifest.pipeline.sha256 == pipeline.sha256 else {
      throw OutputError(
        "nothing to resume: \(directory.path) holds a finished dataset of another version of the "
          + "pipeline file (use --overwrite to redo it)")
    }
    var summary = RunSummary()
    summary.alreadyComplete = true
    summary.documentsIn = manifest.documents.in
    summary.documentsOK = manifest.documents.ok
    summary.documentsFailed = manifest.documents.failed
    summary.documentsResumed = summary.documentsIn
    summary.warnings = manifest.warnings
    summary.outputDirectories = directories
    return summary
  }
}
