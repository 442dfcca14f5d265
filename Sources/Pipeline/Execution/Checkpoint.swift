import Foundation

/// The progress of a run, saved every few seconds into the output folder
/// (`.nlpipe-checkpoint.json`) so that `--resume` can continue after a crash, a kill -9 or a
/// full disk: the first `position` input items are fully written, and each output file of the
/// folder was exactly `files[name]` bytes long at that moment (synced to disk before the
/// checkpoint is written). Files are keyed by their name in the folder, so the folder may be
/// reached through a symlink or another spelling of its path. `input` is the digest of the
/// first `position` input items (see ``InputDigest``), `inputFiles` the number of input files
/// listed, `rows` the records each counting file held (for the manifest), and `resources` the size and modification time of each file the stage configs name:
/// `--resume` refuses to continue when any of them changed.
struct Checkpoint: Codable, Equatable {
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

  /// Reads the checkpoint in a folder, if there is one.
  static func read(in directory: URL) throws -> Checkpoint? {
    let url = url(in: directory)
    guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
    do {
      return try JSONDecoder().decode(Checkpoint.self, from: data)
    } catch {
      throw OutputError("cannot resume: \(url.path) is damaged (\(error))")
    }
  }

  /// Writes it atomically.
  func write(in directory: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try OutputFile.write([UInt8](try encoder.encode(self)), to: Self.url(in: directory))
  }
}
