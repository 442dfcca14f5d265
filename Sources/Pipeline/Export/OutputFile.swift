import Foundation

/// A buffered output file written under a temporary name (`.NAME.partial` beside it) and
/// renamed into place on ``commit()``, so a reader never sees a half-written file under the
/// final name. A partial file can be reopened at a known size to resume an interrupted run.
public final class OutputFile {
  /// The final path.
  public let url: URL
  /// The temporary path written until ``commit()``.
  public let temporary: URL
  /// Bytes already in the file when it was opened (non-zero only when resuming).
  public let resumedSize: Int
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  private var flushed: Int
  private let flushSize = 1 << 20

  /// Creates (truncates) the temporary file next to `url`, or, with `resumeAt`, reopens it
  /// and cuts it back to that many bytes (dropping whatever was written after a checkpoint).
  public init(_ url: URL, resumeAt size: Int? = nil) throws {
    self.url = url
    self.temporary = Self.temporaryURL(for: url)
    let manager = FileManager.default
    if let size, size > 0 {
      // Killed while renaming files into place: take the finished file back.
      if !manager.fileExists(atPath: temporary.path), manager.fileExists(atPath: url.path) {
        try? manager.moveItem(at: url, to: temporary)
      }
      guard let handle = FileHandle(forUpdatingAtPath: temporary.path) else {
        throw OutputError("cannot resume: \(temporary.path) is missing")
      }
      do {
        try handle.truncate(atOffset: UInt64(size))
        try handle.seekToEnd()
      } catch {
        throw OutputError("cannot resume \(temporary.path): \(error.localizedDescription)")
      }
      self.handle = handle
      self.resumedSize = size
    } else {
      guard manager.createFile(atPath: temporary.path, contents: nil),
        let handle = FileHandle(forWritingAtPath: temporary.path)
      else {
        throw OutputError("cannot create \(temporary.path)")
      }
      self.handle = handle
      self.resumedSize = 0
    }
    self.flushed = resumedSize
    buffer.reserveCapacity(flushSize * 2)
  }

  /// The temporary name used for `url`.
  public static func temporaryURL(for url: URL) -> URL {
    url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial")
  }

  /// Bytes written so far (flushed or buffered).
  public var size: Int { flushed + buffer.count }

  /// Appends bytes.
  public func write(_ bytes: [UInt8]) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= flushSize { try flush() }
  }

  /// Appends a string's UTF-8.
  public func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= flushSize { try flush() }
  }

  /// Hands buffered bytes to the operating system.
  public func flush() throws {
    guard !buffer.isEmpty else { return }
    do {
      try handle.write(contentsOf: buffer)
    } catch {
      throw OutputError("cannot write \(temporary.path): \(Self.describe(error))")
    }
    flushed += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  /// Whether ``seal()`` has run: every byte is on disk and the file is closed.
  public private(set) var isSealed = false

  /// Flushes, syncs and closes the file, still under its temporary name: the step that can
  /// fail on a full disk. A run seals all its files before it renames any (see
  /// ``OutputFiles/publish()``), so a full disk leaves only temporary files.
  public func seal() throws {
    guard !isSealed else { return }
    try flush()
    do {
      try handle.synchronize()
    } catch  where Self.isLostWrite(error) {
      throw OutputError("cannot write \(temporary.path): \(Self.describe(error))")
    } catch {
      // A file system that cannot sync (EINVAL, ENOTSUP) still has the bytes written.
    }
    try? handle.close()
    isSealed = true
  }

  /// Whether ``publish()`` has renamed the file into place.
  public private(set) var isPublished = false

  /// Renames a sealed file into place (once).
  public func publish() throws {
    guard !isPublished else { return }
    if rename(temporary.path, url.path) != 0 {
      throw OutputError("cannot move \(temporary.path) to \(url.path) (errno \(errno))")
    }
    isPublished = true
  }

  /// Seals the file and renames it into place.
  public func commit() throws {
    try seal()
    try publish()
  }

  /// Whether an I/O error means the disk is full.
  static func isDiskFull(_ error: Error) -> Bool {
    let nsError = error as NSError
    return
      (nsError.domain == NSPOSIXErrorDomain
      && (nsError.code == Int(ENOSPC) || nsError.code == Int(EDQUOT)))
      || (nsError.domain == NSCocoaErrorDomain
        && nsError.code == CocoaError.fileWriteOutOfSpace.rawValue)
  }

  /// Whether a failed sync may have lost bytes (a full disk, an I/O error).
  static func isLostWrite(_ error: Error) -> Bool {
    let nsError = error as NSError
    return isDiskFull(error) || (nsError.domain == NSPOSIXErrorDomain && nsError.code == Int(EIO))
  }

  /// An I/O error's text, with what to do when the disk is full.
  static func describe(_ error: Error) -> String {
    let text = error.localizedDescription
    return isDiskFull(error)
      ? text + " (the disk is full: free space, then rerun with --resume to continue)" : text
  }

  /// Closes and deletes the temporary file.
  public func discard() {
    try? handle.close()
    try? FileManager.default.removeItem(at: temporary)
  }

  /// Writes a whole file atomically.
  public static func write(_ bytes: [UInt8], to url: URL) throws {
    let file = try OutputFile(url)
    try file.write(bytes)
    try file.commit()
  }
}

/// The output files of one run, and the folders they live in.
///
/// Sinks open their files here. Before the first file of a folder is opened, the folder is
/// checked: a folder that already holds a dataset is refused unless the run overwrites it
/// (its dataset files are then removed) or resumes it (its checkpoint is read, and files are
/// reopened at the checkpointed sizes). The executor checkpoints all files through here.
public final class OutputFiles {
  /// What to do with folders that already hold a dataset.
  struct Policy {
    var resume: Bool
    var overwrite: Bool
    var pipelineSHA256: String
    var shard: String?
  }

  /// File names a dataset folder may hold (besides `.NAME.partial` and the checkpoint).
  static let datasetNames: Set<String> = [
    "manifest.json", "errors.jsonl", "documents.jsonl", "documents.json", "documents.csv",
    "sentences.csv", "entities.csv", "relations.csv", "tokens.csv", "blocks.csv",
    "annotations.csv", "documents.conllu", "report.html",
  ]

  private let policy: Policy
  private var files: [OutputFile] = []
  /// Folders prepared so far, in order.
  private(set) var directories: [URL] = []
  /// The interrupted run's checkpoint, when resuming.
  private(set) var resumed: Checkpoint?

  init(policy: Policy) {
    self.policy = policy
  }

  /// Deletes the temporary files opened so far, for a run that stops before it starts (an
  /// interrupted run's files, kept for `--resume`, are left alone).
  func discardUnlessResuming() {
    guard resumed == nil, !policy.resume else { return }
    for file in files { file.discard() }
    files.removeAll()
  }

  /// Opens (or, when resuming, reopens) an output file.
  public func open(_ url: URL) throws -> OutputFile {
    let url = url.standardizedFileURL
    try prepare(url.deletingLastPathComponent())
    let size = resumed.map { $0.files[url.path] ?? 0 }
    let file = try OutputFile(url, resumeAt: size)
    files.append(file)
    return file
  }

  private func prepare(_ directory: URL) throws {
    guard !directories.contains(directory) else { return }
    directories.append(directory)
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        "cannot create output folder \(directory.path): \(error.localizedDescription)")
    }
    guard policy.resume else {
      if !policy.overwrite, let found = datasetFile(in: directory) {
        throw OutputError(
          "\(directory.path) already holds a dataset (\(found)); pass --overwrite to replace it, "
            + "or --resume to continue an interrupted run")
      }
      removeDataset(in: directory)
      return
    }
    guard let checkpoint = try Checkpoint.read(in: directory) else {
      if FileManager.default.fileExists(
        atPath: directory.appendingPathComponent("manifest.json").path)
      {
        throw OutputError(
          "nothing to resume: \(directory.path) holds a finished dataset (use --overwrite to redo it)"
        )
      }
      if resumed != nil {
        throw OutputError(
          "cannot resume: \(directory.path) has no checkpoint, unlike the other output folder")
      }
      removeDataset(in: directory)
      return
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
    resumed = checkpoint
  }

  private func datasetFile(in directory: URL) -> String? {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().first {
      Self.datasetNames.contains($0) || $0 == Checkpoint.fileName || $0.hasSuffix(".partial")
    }
  }

  private func removeDataset(in directory: URL) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    for name in names
    where Self.datasetNames.contains(name) || name == Checkpoint.fileName
      || (name.hasPrefix(".") && name.hasSuffix(".partial"))
    {
      try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
    }
  }

  /// Flushes every file and records the run's progress in each folder.
  func checkpoint(_ progress: Checkpoint) throws {
    var progress = progress
    progress.files = [:]
    for file in files {
      try file.flush()
      progress.files[file.url.path] = file.size
    }
    for directory in directories { try progress.write(in: directory) }
  }

  /// Renames every sealed file into place, once all of them are sealed: a run that fails
  /// while sealing (a full disk) leaves no file under its final name.
  func publish() throws {
    for file in files where file.isSealed && !file.isPublished { try file.publish() }
  }

  /// Removes the checkpoints once the dataset is complete.
  func clearCheckpoints() {
    for directory in directories {
      try? FileManager.default.removeItem(at: Checkpoint.url(in: directory))
    }
  }
}

/// Output could not be written.
public struct OutputError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
