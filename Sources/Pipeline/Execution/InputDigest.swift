import Foundation

/// A running 64-bit digest of the input items a run has written, in order, so that `--resume`
/// can check that the documents it skips are the ones the interrupted run wrote.
///
/// A file counts by its path, size and modification time; a JSON line by its bytes. FNV-1a 64:
/// cheap, stable across processes; it detects changes, it is not meant to resist tampering.
struct InputDigest: Equatable, Sendable {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  /// The digest as 16 hex digits (how checkpoints store it).
  var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Folds in one item's own digest.
  mutating func append(_ item: UInt64) {
    var bits = item
    for _ in 0..<8 {
      value ^= bits & 0xFF
      value = value &* 0x0000_0100_0000_01B3
      bits >>= 8
    }
  }

  /// The digest of one input item.
  static func of(_ item: InputItem) -> UInt64 {
    var digest = InputDigest()
    switch item {
    case .file(let url, let id, let display, _):
      digest.add(Array((id + "\u{0}" + display).utf8))
      if let stamp = FileStamp(url.path) {
        digest.append(UInt64(truncatingIfNeeded: stamp.size))
        digest.append(UInt64(truncatingIfNeeded: stamp.seconds))
        digest.append(UInt64(truncatingIfNeeded: stamp.nanoseconds))
      }
    case .line(let bytes, let file, let fileId, let number):
      digest.add(Array((file + "\u{0}" + fileId).utf8))
      digest.append(UInt64(truncatingIfNeeded: number))
      digest.add(bytes)
    case .unreadable(let id, let location, let message):
      digest.add(Array((id + "\u{0}" + location + "\u{0}" + message).utf8))
    }
    return digest.value
  }

  private mutating func add(_ bytes: [UInt8]) {
    for byte in bytes {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01B3
    }
    append(UInt64(bytes.count))
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
