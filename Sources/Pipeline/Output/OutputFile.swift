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
  /// Records written (lines, CSV rows, sentences), resumed ones included; nil for a file
  /// that does not count them (the manifest lists the counts).
  public private(set) var rows: Int?
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  private var flushed: Int
  private let flushSize = 1 << 20

  /// Creates (truncates) the temporary file next to `url`, or, with `resumeAt`, reopens it
  /// and cuts it back to that many bytes (dropping whatever was written after a checkpoint).
  /// `rows` is the number of records the file held at that size, when it counts them.
  public init(_ url: URL, resumeAt size: Int? = nil, rows: Int? = nil) throws {
    self.url = url
    self.rows = rows
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
      // Never pad a file that lost bytes with zeros: that is damage, not progress.
      let actual = (try? handle.seekToEnd()).map { Int($0) } ?? 0
      guard actual >= size else {
        try? handle.close()
        throw OutputError(
          "cannot resume: \(temporary.path) is \(actual) bytes, shorter than the \(size) bytes "
            + "the checkpoint recorded (it was changed or lost data); use --overwrite to start again"
        )
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

  /// Appends bytes that hold `rows` records, and counts them.
  public func write(_ bytes: [UInt8], rows added: Int) throws {
    rows = (rows ?? 0) + added
    try write(bytes)
  }

  /// Starts counting records (from zero, or from the resumed count), for a file that has none
  /// yet (an empty dataset still lists its files with 0 rows).
  public func countRows() {
    if rows == nil { rows = 0 }
  }

  /// Appends a string's UTF-8.
  public func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= flushSize { try flush() }
  }

  /// Flushes and syncs to disk (before a checkpoint records the size).
  public func sync() throws {
    try flush()
    guard !isSealed else { return }
    do {
      try handle.synchronize()
    } catch  where Self.isLostWrite(error) {
      throw OutputError("cannot write \(temporary.path): \(Self.describe(error))")
    } catch {
      // A file system that cannot sync still has the bytes written.
    }
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

  /// Whether ``discard()`` has run.
  public private(set) var isDiscarded = false

  /// Closes and deletes the temporary file.
  public func discard() {
    isDiscarded = true
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

/// Output could not be written.
public struct OutputError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
