/// How far the writer got: the next input position to write, the digest of the items written
/// so far, and what a checkpoint records about the run (see ``Checkpoint``).
struct RunPosition {
  /// The next input position the writer takes.
  private(set) var next = 0
  private var digest = InputDigest()
  private let pipelineSHA256: String
  private let shard: String?
  private let inputFiles: Int
  private let resources: [String: String]

  init(pipeline: PipelineDefinition, shard: Shard?, inputFiles: Int) {
    pipelineSHA256 = pipeline.sha256
    self.shard = shard.map { "\($0.index)/\($0.count)" }
    self.inputFiles = inputFiles
    resources = ResourceFingerprint.of(pipeline)
  }

  /// Continues an interrupted run: checks that nothing it read changed, skips the items it
  /// wrote, and takes over its counts.
  mutating func resume(
    from checkpoint: Checkpoint, skipping input: InputItems, summary: inout RunSummary
  ) throws {
    try ResumeCheck(checkpoint: checkpoint, resources: resources, inputFiles: inputFiles)
      .verify(skipping: input, digest: &digest)
    next = checkpoint.position
    summary.documentsIn = checkpoint.documentsIn
    summary.documentsOK = checkpoint.documentsOK
    summary.documentsFailed = checkpoint.documentsFailed
    summary.warnings = checkpoint.warnings
    summary.documentsResumed = checkpoint.documentsIn
  }

  /// Notes one more item written.
  mutating func advance(_ itemDigest: UInt64) {
    next += 1
    digest.append(itemDigest)
  }

  /// Syncs the files and records the progress in every output folder (none with `--stdout`).
  func checkpoint(_ summary: RunSummary, in plan: OutputPlan) throws {
    guard !plan.directories.isEmpty else { return }
    try plan.files.checkpoint(
      Checkpoint(
        pipelineSHA256: pipelineSHA256, shard: shard, position: next,
        documentsIn: summary.documentsIn, documentsOK: summary.documentsOK,
        documentsFailed: summary.documentsFailed, warnings: summary.warnings, files: [:],
        input: digest.hex, inputFiles: inputFiles, resources: resources))
  }
}
