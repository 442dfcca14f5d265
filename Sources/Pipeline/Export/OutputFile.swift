import Foundation

/// A buffered output file written under a temporary name and renamed into place on
/// ``commit()``, so a reader never sees a half-written file under the final name.
public final class OutputFile {
  /// The final path.
  public let url: URL
  private let temporary: URL
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  private let flushSize = 1 << 20

  /// Creates (truncates) the temporary file next to `url`.
  public init(_ url: URL) throws {
    self.url = url
    self.temporary = url.deletingLastPathComponent().appendingPathComponent(
      "." + url.lastPathComponent + ".partial")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary.path)
    else {
      throw OutputError("cannot create \(temporary.path)")
    }
    self.handle = handle
    buffer.reserveCapacity(flushSize * 2)
  }

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

  private func flush() throws {
    guard !buffer.isEmpty else { return }
    do {
      try handle.write(contentsOf: buffer)
    } catch {
      throw OutputError("cannot write \(temporary.path): \(error.localizedDescription)")
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, syncs and renames the file into place.
  public func commit() throws {
    try flush()
    try? handle.synchronize()
    try? handle.close()
    if rename(temporary.path, url.path) != 0 {
      throw OutputError("cannot move \(temporary.path) to \(url.path) (errno \(errno))")
    }
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

/// Output could not be written.
public struct OutputError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
