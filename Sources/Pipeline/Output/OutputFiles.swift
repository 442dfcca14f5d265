import Foundation

/// The output files of one run, and the folders they live in.
///
/// Sinks open their files here. Before the first file of a folder is opened, the folder is
/// checked: a folder that already holds a dataset is refused unless the run overwrites it or
/// resumes it (its checkpoint is read, and files are reopened at the checkpointed sizes). An
/// overwritten dataset stays in place, untouched, until the new one is complete: the new files
/// are written under temporary names and renamed over the old ones by ``publish()``, which
/// then removes the old dataset files the new run did not write. The executor checkpoints all
/// files through here.
public final class OutputFiles {
  /// What to do with folders that already hold a dataset.
  public struct Policy: Sendable {
    public var resume: Bool
    public var overwrite: Bool
    public var pipelineSHA256: String
    public var shard: String?
    /// Paths no output folder may equal, hold or lie inside (the input).
    public var protected: [URL] = []

    public init(
      resume: Bool, overwrite: Bool, pipelineSHA256: String, shard: String?,
      protected: [URL] = []
    ) {
      self.resume = resume
      self.overwrite = overwrite
      self.pipelineSHA256 = pipelineSHA256
      self.shard = shard
      self.protected = protected
    }
  }

  /// File names a dataset folder may hold (besides `.NAME.partial` and the checkpoint).
  public static let datasetNames: Set<String> = [
    "manifest.json", "errors.jsonl", "documents.jsonl", "documents.json", "documents.csv",
    "sentences.csv", "entities.csv", "relations.csv", "tokens.csv", "blocks.csv",
    "annotations.csv", "documents.conllu", "report.html", "dataset.sqlite",
  ]

  private let policy: Policy
  private var files: [OutputFile] = []
  /// Folders prepared so far, in order.
  private(set) var directories: [URL] = []
  /// Folders this run created (removed again when the run leaves no dataset).
  private var created: [URL] = []
  /// Dataset files found in each folder being overwritten (by folder path).
  private var stale: [String: [String]] = [:]
  /// The interrupted run's checkpoint, when resuming.
  private(set) var resumed: Checkpoint?
  /// Whether the run continues an interrupted one (known once a file is opened).
  public var isResuming: Bool { resumed != nil }
  /// Each resumed folder's file sizes, by folder path and file name.
  private var resumedSizes: [String: [String: Int]] = [:]
  /// Each resumed folder's row counts, by folder path and file name.
  private var resumedRows: [String: [String: Int]] = [:]
  /// A folder found to hold a finished dataset, when resuming.
  private(set) var finished: URL?

  public init(policy: Policy) {
    self.policy = policy
  }

  /// Deletes the temporary files opened so far, for a run that stops before it starts (an
  /// interrupted run's files, kept for `--resume`, are left alone).
  func discardUnlessResuming() {
    guard resumed == nil, !policy.resume else { return }
    discardAll()
  }

  /// Deletes every temporary file of this run and the folders it created, when empty: a run
  /// that fails before its first document leaves nothing behind.
  func discardAll() {
    for file in files { file.discard() }
    files.removeAll()
    for directory in directories {
      try? FileManager.default.removeItem(at: Checkpoint.url(in: directory))
    }
    for directory in created.reversed() {
      if let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path),
        names.isEmpty
      {
        try? FileManager.default.removeItem(at: directory)
      }
    }
  }

  /// Opens (or, when resuming, reopens) an output file.
  public func open(_ url: URL) throws -> OutputFile {
    let url = url.standardizedFileURL
    let directory = url.deletingLastPathComponent()
    try prepareFolder(directory)
    var size: Int?
    var rows: Int?
    if resumed != nil {
      guard let recorded = resumedSizes[directory.path]?[url.lastPathComponent] else {
        throw OutputError(
          "cannot resume: the checkpoint in \(directory.path) does not list \(url.lastPathComponent); "
            + "use --overwrite to start again")
      }
      size = recorded
      rows = resumedRows[directory.path]?[url.lastPathComponent]
    }
    let file = try OutputFile(url, resumeAt: size, rows: rows)
    files.append(file)
    return file
  }

  /// Writes a whole file under its temporary name now, renamed into place by ``publish()``.
  public func stage(_ bytes: [UInt8], to url: URL) throws {
    let file = try OutputFile(url.standardizedFileURL)
    try file.write(bytes)
    try file.seal()
    files.append(file)
  }

  /// Checks a folder under the run's policy before anything is written to it: refuses one
  /// that already holds a dataset (unless overwriting or resuming), reads the interrupted
  /// run's checkpoint when resuming, and notes a finished dataset. Opening a file prepares its
  /// folder too; the output plan prepares every folder first.
  func prepareFolder(_ directory: URL) throws {
    // One spelling per folder (the form `deletingLastPathComponent()` gives a file's URL).
    let directory = URL(fileURLWithPath: directory.standardizedFileURL.path, isDirectory: true)
    guard !directories.contains(directory) else { return }
    try refuseProtected(directory)
    directories.append(directory)
    let manager = FileManager.default
    if !manager.fileExists(atPath: directory.path) {
      do {
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
      } catch {
        throw OutputError(
          "cannot create output folder \(directory.path): \(error.localizedDescription)")
      }
      created.append(directory)
    }
    guard policy.resume else {
      if !policy.overwrite, let found = datasetFile(in: directory) {
        throw OutputError(
          "\(directory.path) already holds a dataset (\(found)); pass --overwrite to replace it, "
            + "or --resume to continue an interrupted run")
      }
      // The old dataset stays until the new one is complete; an interrupted run's leftovers go.
      let names = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
      stale[directory.path] = names.filter { Self.datasetNames.contains($0) }
      for name in names where name == Checkpoint.fileName || Self.isTemporary(name) {
        try? manager.removeItem(at: directory.appendingPathComponent(name))
      }
      return
    }
    guard let checkpoint = try Checkpoint.read(in: directory) else {
      if manager.fileExists(atPath: directory.appendingPathComponent("manifest.json").path) {
        finished = finished ?? directory
        return
      }
      if resumed != nil {
        throw OutputError(
          "cannot resume: \(directory.path) has no checkpoint, unlike the other output folder")
      }
      return
    }
    if finished != nil {
      throw OutputError(
        "cannot resume: \(directory.path) holds an interrupted run, but another output folder a finished one"
      )
    }
    guard checkpoint.pipelineSHA256 == policy.pipelineSHA256 else {
      throw OutputError(
        "cannot resume: the pipeline file changed since the interrupted run; use --overwrite to start again"
      )
    }
    guard checkpoint.shard == policy.shard else {
      throw OutputError(
        "cannot resume: the interrupted run used --shard \(checkpoint.shard ?? "none"), not \(policy.shard ?? "none")"
      )
    }
    if let resumed, resumed.position != checkpoint.position {
      throw OutputError("cannot resume: the output folders' checkpoints disagree")
    }
    var sizes: [String: Int] = [:]
    // Older checkpoints keyed files by absolute path: their last component is the name.
    for (key, size) in checkpoint.files { sizes[(key as NSString).lastPathComponent] = size }
    resumedSizes[directory.path] = sizes
    resumedRows[directory.path] = checkpoint.rows ?? [:]
    resumed = checkpoint
  }

  /// Refuses an output folder that is, holds or lies inside a protected path (the input).
  private func refuseProtected(_ directory: URL) throws {
    let target = Self.resolved(directory)
    for path in policy.protected {
      let protected = Self.resolved(path)
      if target == protected || protected.hasPrefix(target + "/")
        || target.hasPrefix(protected + "/")
      {
        throw OutputError(
          "the output folder \(directory.path) "
            + (target == protected
              ? "is" : protected.hasPrefix(target + "/") ? "holds" : "lies inside")
            + " the input \(path.path): choose an output folder outside the input")
      }
    }
  }

  /// A path with symlinks resolved (as far as it exists) and no trailing slash.
  public static func resolved(_ url: URL) -> String {
    var existing = url.standardizedFileURL
    var rest: [String] = []
    while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
      rest.insert(existing.lastPathComponent, at: 0)
      existing = existing.deletingLastPathComponent()
    }
    var path = existing.resolvingSymlinksInPath().path
    for component in rest { path = (path as NSString).appendingPathComponent(component) }
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    return path
  }

  private static func isTemporary(_ name: String) -> Bool {
    name.hasPrefix(".") && name.hasSuffix(".partial")
  }

  private func datasetFile(in directory: URL) -> String? {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().first {
      Self.datasetNames.contains($0) || $0 == Checkpoint.fileName || $0.hasSuffix(".partial")
    }
  }

  /// Syncs every file to disk, then records the run's progress in each folder (each folder's
  /// checkpoint lists its own files, by name).
  func checkpoint(_ progress: Checkpoint) throws {
    for file in files where !file.isDiscarded { try file.sync() }
    for directory in directories {
      var progress = progress
      progress.files = [:]
      var rows: [String: Int] = [:]
      for file in files where file.url.deletingLastPathComponent() == directory {
        progress.files[file.url.lastPathComponent] = file.isDiscarded ? 0 : file.size
        if let count = file.rows, !file.isDiscarded { rows[file.url.lastPathComponent] = count }
      }
      progress.rows = rows
      try progress.write(in: directory)
    }
  }

  /// Renames every sealed file into place, once all of them are sealed: a run that fails
  /// while sealing (a full disk) leaves no file under its final name. Then removes the files
  /// of an overwritten dataset that the new run did not write.
  public func publish() throws {
    for file in files where file.isSealed && !file.isPublished { try file.publish() }
    let written = Set(files.filter(\.isPublished).map { $0.url.path })
    for directory in directories {
      for name in stale[directory.path] ?? [] {
        let url = directory.appendingPathComponent(name)
        if !written.contains(url.path) { try? FileManager.default.removeItem(at: url) }
      }
    }
  }

  /// The sealed files of a folder, by name, with their sizes and row counts (for its
  /// manifest).
  public func sealedFiles(in directory: URL) -> [String: Manifest.File] {
    let path = directory.standardizedFileURL.path
    var entries: [String: Manifest.File] = [:]
    for file in files
    where file.isSealed && !file.isDiscarded
      && file.url.deletingLastPathComponent().standardizedFileURL.path == path
    {
      // A file written through another handle (the SQLite database) has its size on disk.
      let onDisk = try? FileManager.default.attributesOfItem(atPath: file.temporary.path)[.size]
      entries[file.url.lastPathComponent] = Manifest.File(
        bytes: (onDisk as? NSNumber)?.intValue ?? file.size, rows: file.rows)
    }
    return entries
  }

  /// Removes the checkpoints once the dataset is complete.
  func clearCheckpoints() {
    for directory in directories {
      try? FileManager.default.removeItem(at: Checkpoint.url(in: directory))
    }
  }
}
