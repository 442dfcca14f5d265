import Foundation

/// A running 64-bit digest of the input items a run has written, in order, so that `--resume`
/// can check that the documents it skips are the ones the interrupted run wrote.
///
/// A file counts by its id, path, size and modification time; a JSON line by its file, number
/// and bytes. Each field's bytes are hashed with ``XXHash64`` (8 bytes at a time; the length is
/// part of the hash, so fields cannot run into each other) and the words are folded in with its
/// mix. Stable across processes; it detects changes, it is not meant to resist tampering.
/// Checkpoints before version 2 (``Checkpoint/currentVersion``) hold FNV-1a digests, byte at a
/// time: a third of a run thread's time on an export-only pipeline.
struct InputDigest: Equatable, Sendable {
  private(set) var value: UInt64 = XXHash64.prime5

  /// The digest as 16 hex digits (how checkpoints store it).
  var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Folds in one item's own digest (or any 64-bit word).
  mutating func append(_ item: UInt64) {
    value = XXHash64.mix(value, item)
  }

  /// The digest of one input item.
  static func of(_ item: InputItem) -> UInt64 {
    var digest = InputDigest()
    switch item {
    case .file(let url, let id, let display, _):
      digest.append(1)
      digest.append(XXHash64.hash(id))
      digest.append(XXHash64.hash(display))
      if let stamp = FileStamp(url.path) {
        digest.append(UInt64(truncatingIfNeeded: stamp.size))
        digest.append(UInt64(truncatingIfNeeded: stamp.seconds))
        digest.append(UInt64(truncatingIfNeeded: stamp.nanoseconds))
      }
    case .line(let bytes, let file, let fileId, let number):
      digest.append(2)
      digest.append(XXHash64.hash(file))
      digest.append(XXHash64.hash(fileId))
      digest.append(UInt64(truncatingIfNeeded: number))
      digest.append(XXHash64.hash(bytes))
    case .unreadable(let id, let location, let message):
      digest.append(3)
      digest.append(XXHash64.hash(id))
      digest.append(XXHash64.hash(location))
      digest.append(XXHash64.hash(message))
    }
    return XXHash64.avalanche(digest.value)
  }
}

/// The files a pipeline's stage configs name (rule files, models, lexicons, plugin scripts),
/// with their size and modification time: `--resume` refuses to continue when one changed.
enum ResourceFingerprint {
  /// `path -> "size:mtime"` for every existing regular file named by a config value (or by a
  /// whitespace-separated word of one, for plugin command lines), resolved against the
  /// pipeline file's folder.
  static func of(_ pipeline: PipelineDefinition) -> [String: String] {
    var result: [String: String] = [:]
    func visit(_ value: JSONValue) {
      switch value {
      case .string(let text):
        for word in Set([text] + text.split(whereSeparator: \.isWhitespace).map(String.init)) {
          note(word)
        }
      case .array(let items):
        items.forEach(visit)
      case .object(let fields):
        fields.values.forEach(visit)
      default:
        break
      }
    }
    func note(_ path: String) {
      guard !path.isEmpty, path.count < 4096 else { return }
      let url =
        path.hasPrefix("/")
        ? URL(fileURLWithPath: path) : pipeline.baseDirectory.appendingPathComponent(path)
      guard let stamp = FileStamp(url.path), stamp.isRegularFile else { return }
      result[url.standardizedFileURL.path] = "\(stamp.size):\(stamp.seconds).\(stamp.nanoseconds)"
    }
    for stage in pipeline.stages { visit(.object(stage.config)) }
    return result
  }
}

/// A file's size and modification time (`stat`).
struct FileStamp: Equatable {
  var size: Int64
  var seconds: Int
  var nanoseconds: Int
  var isRegularFile: Bool

  init?(_ path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    size = Int64(info.st_size)
    #if canImport(Darwin)
      seconds = Int(info.st_mtimespec.tv_sec)
      nanoseconds = Int(info.st_mtimespec.tv_nsec)
    #else
      seconds = Int(info.st_mtim.tv_sec)
      nanoseconds = Int(info.st_mtim.tv_nsec)
    #endif
    isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
  }
}
