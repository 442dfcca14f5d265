import Foundation

/// Lists the files of an input folder: each real folder visited once (a symbolic link loop or
/// two links to one folder never repeat files), only regular files taken (a FIFO, a socket or
/// a link to a device would block or never end), and what cannot be taken reported, never
/// skipped silently: names that are not UTF-8, broken links, special files.
enum InputListing {
  /// One listed path: a file to read, or why the path cannot be read.
  struct Entry {
    var path: String
    /// Nil for a regular file; the reason otherwise.
    var problem: String?
  }

  /// The entries under `root` (a folder), sorted by path. Hidden names (`.x`) are left out.
  static func list(_ root: String, glob: String, recursive: Bool) throws -> [Entry] {
    var entries: [Entry] = []
    var visited: Set<FileIdentity> = []
    guard let rootIdentity = FileIdentity(path: root) else {
      throw InputError("cannot read input folder \(root)")
    }
    visited.insert(rootIdentity)
    var pending = [root]
    while let folder = pending.popLast() {
      var folders: [(path: String, identity: FileIdentity, isLink: Bool)] = []
      for name in try names(in: folder) where name.first != UInt8(ascii: ".") {
        guard let text = String(validating: name, as: UTF8.self) else {
          if matches(glob, name) {
            let shown = String(decoding: name, as: UTF8.self)
            entries.append(
              Entry(
                path: folder + "/" + shown,
                problem: "the file name is not valid UTF-8 (shown with U+FFFD: \(shown)); "
                  + "rename it to read it"))
          }
          continue
        }
        let path = folder + "/" + text
        var info = stat()
        guard stat(path, &info) == 0 else {
          if matches(glob, name) {
            entries.append(
              Entry(path: path, problem: "cannot read it: \(String(cString: strerror(errno)))"))
          }
          continue
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          if recursive {
            var own = stat()
            let isLink = lstat(path, &own) == 0 && own.st_mode & S_IFMT == S_IFLNK
            folders.append((path, FileIdentity(info), isLink))
          }
        case S_IFREG:
          if matches(glob, name) { entries.append(Entry(path: path, problem: nil)) }
        default:
          if matches(glob, name) {
            entries.append(
              Entry(
                path: path,
                problem: "not a regular file (\(kind(info.st_mode))): only regular files are read"
              ))
          }
        }
      }
      // A folder reached by several paths is taken once: by its real name before a link,
      // then by name order; depth first, so the listing is stable.
      folders.sort { ($0.isLink ? 1 : 0, $0.path) < ($1.isLink ? 1 : 0, $1.path) }
      let fresh = folders.filter { visited.insert($0.identity).inserted }.map(\.path)
      pending += fresh.sorted().reversed()
    }
    return entries.sorted { $0.path < $1.path }
  }

  /// Why `path` (an input given as one file) cannot be read, or nil for a regular file.
  static func problem(ofFile path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else {
      return "cannot read it: \(String(cString: strerror(errno)))"
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      return "not a regular file (\(kind(info.st_mode))): only regular files are read"
    }
    return nil
  }

  /// A file type in words.
  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFIFO: return "a FIFO"
    case S_IFSOCK: return "a socket"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFDIR: return "a folder"
    default: return "a special file"
    }
  }

  private static func matches(_ glob: String, _ name: [UInt8]) -> Bool {
    glob.isEmpty || fnmatch(glob, name.map { CChar(bitPattern: $0) } + [0], 0) == 0
  }

  /// The raw names in a folder (bytes, as the file system has them).
  private static func names(in folder: String) throws -> [[UInt8]] {
    guard let directory = opendir(folder) else {
      throw InputError(
        "cannot list input folder \(folder): \(String(cString: strerror(errno)))")
    }
    defer { closedir(directory) }
    var names: [[UInt8]] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        Array(raw.prefix { $0 != 0 })
      }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      names.append(name)
    }
    return names
  }
}

/// A file's device and inode: the same folder reached by two paths has one identity.
struct FileIdentity: Hashable {
  var device: UInt64
  var inode: UInt64

  init(_ info: stat) {
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
  }

  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    self.init(info)
  }
}
