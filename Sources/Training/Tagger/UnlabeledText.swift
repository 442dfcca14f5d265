import Foundation
import Stages

/// Reads unlabeled text for the tagger's casing feature: a `.txt` file, a folder (its `.txt`
/// files, by name), or a `.jsonl` file (the `"text"` string of each line).
public enum UnlabeledText {
  /// The default unlabeled text, relative to the folder that holds the syntax corpora: the
  /// article-extraction gold texts. The evaluation texts of the entity and relation stages
  /// (news-relations-dev, re3d dev) are not read, and the article-extraction texts that are
  /// also news-relations-dev texts (same file name) are left out by ``defaultExcluded``.
  public static let defaultSources = ["article-extraction-dev/gold"]
  /// Folders whose `.txt` file names are left out of the default unlabeled text.
  public static let defaultExcluded = ["news-relations-dev/texts"]

  /// The texts of every path, in order (UTF-8 bytes, one entry per file or JSON line); a
  /// folder's `.txt` files named in `excluding` are left out (see
  /// ``NERCorpus/textNames(in:)``).
  public static func load(_ paths: [URL], excluding: Set<String> = []) throws -> [[UInt8]] {
    try paths.flatMap { try sources($0, excluding: excluding).map(\.bytes) }
  }

  /// The texts of one path with where each came from (a file's path, or `path:line` for a
  /// JSON line): a folder's `.txt` files by name (those named in `excluding` left out), the
  /// `"text"` of every line of a `.jsonl` file, or a whole file. The one reader of unlabelled
  /// text: the tagger's casing classes (``load(_:excluding:)``) and the entity model's
  /// lexicon and word classes (``NERCorpus/texts(_:excluding:)``) read through it.
  public static func sources(_ path: URL, excluding: Set<String> = []) throws -> [(
    origin: String, bytes: [UInt8]
  )] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
      throw TaggerModelError("unlabeled text \(path.path) does not exist")
    }
    if isFolder.boolValue {
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: path.path)
      } catch {
        throw TaggerModelError("cannot list \(path.path): \(error.localizedDescription)")
      }
      return try names.sorted().filter { $0.hasSuffix(".txt") && !excluding.contains($0) }.map {
        let file = path.appendingPathComponent($0)
        return (file.path, try read(file))
      }
    }
    if path.pathExtension == "jsonl" { return try jsonLines(path) }
    return [(path.path, try read(path))]
  }

  /// The texts of `paths`, leaving out the `.txt` files named as those of the `excluded`
  /// folders.
  public static func load(_ paths: [URL], excludingNamesIn excluded: [URL]) throws -> [[UInt8]] {
    let names: Set<String>
    do {
      names = try NERCorpus.textNames(in: excluded)
    } catch {
      throw TaggerModelError("cannot list an excluded folder: \(error.localizedDescription)")
    }
    return try load(paths, excluding: names)
  }

  /// The default unlabeled text (``defaultSources`` without the names in
  /// ``defaultExcluded``) of `corpora`, the folder that holds the syntax corpora's folder.
  public static func loadDefault(corpora: URL) throws -> [[UInt8]] {
    try load(
      defaultSources.map { corpora.appendingPathComponent($0) },
      excludingNamesIn: defaultExcluded.map { corpora.appendingPathComponent($0) })
  }

  private static func read(_ url: URL) throws -> [UInt8] {
    do {
      return [UInt8](try Data(contentsOf: url))
    } catch {
      throw TaggerModelError("cannot read \(url.path): \(error.localizedDescription)")
    }
  }

  private static func jsonLines(_ url: URL) throws -> [(origin: String, bytes: [UInt8])] {
    let bytes = try read(url)
    var texts: [(origin: String, bytes: [UInt8])] = []
    for (number, line) in bytes.split(separator: 10, omittingEmptySubsequences: false)
      .enumerated() where !line.allSatisfy({ $0 == 13 || $0 == 32 })
    {
      let object = try? JSONSerialization.jsonObject(with: Data(line))
      guard let record = object as? [String: Any], let text = record["text"] as? String else {
        throw TaggerModelError(
          "\(url.path):\(number + 1): expected a JSON object with a \"text\" string")
      }
      texts.append(("\(url.path):\(number + 1)", Array(text.utf8)))
    }
    return texts
  }
}
