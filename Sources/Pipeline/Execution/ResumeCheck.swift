import Foundation

/// What `--resume` checks before it continues: the files the stage configs name, the number of
/// input files, and the input items the interrupted run wrote, all unchanged.
struct ResumeCheck {
  let checkpoint: Checkpoint
  let resources: [String: String]
  let inputFiles: Int

  /// Verifies, advancing `items` past the items already written and folding them into
  /// `digest`; throws what changed.
  func verify(skipping items: InputItems, digest: inout InputDigest) throws {
    if let recorded = checkpoint.resources, recorded != resources {
      let changed =
        Set(recorded.keys).union(resources.keys).sorted().first { recorded[$0] != resources[$0] }
        ?? "?"
      throw OutputError(
        "cannot resume: \(changed) (read by the pipeline) changed since the interrupted run; "
          + "use --overwrite to start again")
    }
    if let recorded = checkpoint.inputFiles, recorded != inputFiles {
      throw OutputError(
        "cannot resume: the input now lists \(inputFiles) files, the interrupted run \(recorded); "
          + "use --overwrite to start again")
    }
    for _ in 0..<checkpoint.position {
      guard let item = items.next() else {
        throw OutputError(
          "cannot resume: the input has fewer documents than the interrupted run wrote "
            + "(\(checkpoint.position)); use --overwrite to start again")
      }
      digest.append(InputDigest.of(item))
    }
    if let recorded = checkpoint.input, recorded != digest.hex {
      throw OutputError(
        "cannot resume: the input documents the interrupted run wrote changed since (files "
          + "added, removed, edited or reordered); use --overwrite to start again")
    }
  }
}
