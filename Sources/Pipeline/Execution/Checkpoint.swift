import Foundation

/// The progress of a run, saved every few seconds into the output folder
/// (`.nlpipe-checkpoint.json`) so that `--resume` can continue after a crash, a kill -9 or a
/// full disk: the first `position` input items are fully written, and each output file of the
/// folder was exactly `files[name]` bytes long at that moment (synced to disk before the
/// checkpoint is written). Files are keyed by their name in the folder, so the folder may be
/// reached through a symlink or another spelling of its path. `input` is the digest of the
/// first `position` input items (see ``InputDigest``), `inputFiles` the number of input files
/// listed, `rows` the records each counting file held (for the manifest), and `resources` the size and modification time of each file the stage configs name:
/// `--resume` refuses to continue when any of them changed. `version` is the format
/// (``currentVersion``; absent before version 2): `--resume` refuses any other.
struct Checkpoint: Codable, Equatable {
  /// The format this nlpipe writes and reads. 2: the input digest is ``XXHash64``-based (stop
  /// 28); before, FNV-1a byte at a time, and no `version` field.
  static let currentVersion = 2

  var version: Int? = Self.currentVersion
  var pipelineSHA256: String
  var shard: String?
  var position: Int
  var documentsIn: Int
  var documentsOK: Int
  var documentsFailed: Int
  var warnings: Int
  var files: [String: Int]
  var rows: [String: Int]?
  var input: String?
  var inputFiles: Int?
  var resources: [String: String]?

  static let fileName = ".nlpipe-checkpoint.json"

  static func url(in directory: URL) -> URL {
    directory.appendingPathComponent(fileName)
  }

  /// Reads the checkpoint in a folder, if there is one; refuses one of another format
  /// version (its input digest cannot be compared).
  static func read(in directory: URL) throws -> Checkpoint? {
    let url = url(in: directory)
    guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
    let checkpoint: Checkpoint
    do {
      checkpoint = try JSONDecoder().decode(Checkpoint.self, from: data)
    } catch {
      throw OutputError("cannot resume: \(url.path) is damaged (\(error))")
    }
    let version = checkpoint.version ?? 1
    guard version == currentVersion else {
      throw OutputError(
        "cannot resume: \(url.path) was written by \(version < currentVersion ? "an older" : "a newer") "
          + "nlpipe (checkpoint version \(version); this one reads version \(currentVersion)); "
          + "finish the run with the nlpipe that started it, or start again with --overwrite")
    }
    return checkpoint
  }

  /// Writes it atomically.
  func write(in directory: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try OutputFile.write([UInt8](try encoder.encode(self)), to: Self.url(in: directory))
  }
}
