import Foundation

/// One unit of input, cheap to hold: a file to read, or one JSON line already read.
public enum InputItem: Sendable {
  /// A whole file is one document; its id is its path under the input folder without
  /// extensions (`a/x` for `a/x.txt`), so files in different sub-folders never share one.
  case file(URL, id: String, display: String, format: InputSpec.Format)
  /// One line of a JSON-lines file; a line without an id gets `fileId-number` (`fileId` is
  /// the file's id, its path under the input folder without extensions).
  case line([UInt8], file: String, fileId: String, number: Int)
  /// An input that could not even be read (it becomes an error record).
  case unreadable(id: String, location: String, message: String)
}

/// Enumerates the documents of an ``InputSpec`` lazily, in a stable order (file paths sorted;
/// JSON lines in file order). Used by one thread at a time.
public final class InputItems {
  private let spec: InputSpec
  private var files: [InputListing.Entry]
  private var fileIndex = 0
  private var lines: (reader: LineReader, display: String, id: String)?
  /// The number of files, when known up front (JSON-lines input counts lines as they come).
  public let fileCount: Int
  /// Whether every input is a whole-file document (then ``fileCount`` is the document count).
  public let countIsExact: Bool
  /// `--limit N`: ``next()`` ends the input after this many items.
  public var limit: Int?
  private var itemsGiven = 0

  /// Reads JSON-lines documents from standard input (`--stdin`), lazily.
  public init(standardInput spec: InputSpec) throws {
    self.spec = spec
    self.files = []
    self.fileCount = 0
    self.countIsExact = false
    guard let reader = LineReader(fileDescriptor: STDIN_FILENO, maxLength: spec.maxBytes) else {
      throw InputError("cannot read standard input")
    }
    self.lines = (reader, "stdin", "stdin")
  }

  /// Lists the input; throws when the path does not exist or cannot be listed.
  public init(_ spec: InputSpec) throws {
    self.spec = spec
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: spec.path.path, isDirectory: &isDirectory) else {
      throw InputError("input path '\(spec.displayPath)' does not exist (\(spec.path.path))")
    }
    if isDirectory.boolValue {
      files = try InputListing.list(spec.path.path, glob: spec.glob, recursive: spec.recursive)
    } else {
      files = [
        InputListing.Entry(
          path: spec.path.path, problem: InputListing.problem(ofFile: spec.path.path))
      ]
    }
    fileCount = files.count
    countIsExact = !files.contains {
      $0.problem == nil && spec.format(of: ($0.path as NSString).lastPathComponent) == .jsonl
    }
  }

  /// The next input item, or nil when the input is exhausted (or the limit reached).
  public func next() -> InputItem? {
    if let limit, itemsGiven >= limit { return nil }
    guard let item = nextItem() else { return nil }
    itemsGiven += 1
    return item
  }

  private func nextItem() -> InputItem? {
    while true {
      if let (reader, display, fileId) = lines {
        do {
          switch try reader.next() {
          case .text(let bytes, let number)
          where bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }):
            _ = number
            continue
          case .text(let bytes, let number):
            return .line(bytes, file: display, fileId: fileId, number: number)
          case .tooLong(let number, let length):
            return .unreadable(
              id: "\(fileId)-\(number)", location: "\(display):\(number)",
              message: "line \(number) is \(length) bytes, more than input.max_mb allows")
          case nil:
            lines = nil
          }
        } catch {
          lines = nil
          return .unreadable(id: fileId, location: display, message: error.message)
        }
      }
      guard fileIndex < files.count else { return nil }
      let entry = files[fileIndex]
      fileIndex += 1
      let url = URL(fileURLWithPath: entry.path)
      let display = displayName(entry.path)
      let id = documentId(entry.path)
      if let problem = entry.problem {
        return .unreadable(id: id, location: display, message: problem)
      }
      let format = spec.format(of: url.lastPathComponent)
      if format == .jsonl {
        guard let reader = LineReader(path: url.path, maxLength: spec.maxBytes) else {
          return .unreadable(
            id: id, location: display, message: "cannot open \(url.path)")
        }
        lines = (reader, display, id)
        continue
      }
      return .file(url, id: id, display: display, format: format)
    }
  }

  /// The path under the input folder (nil for the input file itself).
  private func relativePath(_ path: String) -> Substring? {
    let root = spec.path.path
    guard path.hasPrefix(root + "/") else { return nil }
    return path.dropFirst(root.count + 1)
  }

  /// A file's document id: its path under the input folder without `.gz` and extension.
  private func documentId(_ path: String) -> String {
    guard let relative = relativePath(path) else { return Self.stem(path) }
    let folder = (String(relative) as NSString).deletingLastPathComponent
    return folder.isEmpty ? Self.stem(path) : folder + "/" + Self.stem(path)
  }

  private func displayName(_ path: String) -> String {
    guard let relative = relativePath(path) else { return spec.displayPath }
    let base =
      spec.displayPath.hasSuffix("/") ? String(spec.displayPath.dropLast()) : spec.displayPath
    return base + "/" + relative
  }

  /// A file name without directory, `.gz` and extension.
  public static func stem(_ path: String) -> String {
    var name = (path as NSString).lastPathComponent
    if name.hasSuffix(".gz") { name.removeLast(3) }
    let stem = (name as NSString).deletingPathExtension
    return stem.isEmpty ? name : stem
  }
}

/// The input as a whole cannot be read (missing path, unreadable folder).
public struct InputError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
