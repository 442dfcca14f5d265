import Foundation
import Stages

/// Reads unlabeled text for the tagger's casing feature: a `.txt` file, a folder (its `.txt`
/// files, by name), or a `.jsonl` file (the `"text"` string of each line).
public enum UnlabeledText {
  /// The texts of every path, in order (UTF-8 bytes, one entry per file or JSON line).
  public static func load(_ paths: [URL]) throws -> [[UInt8]] {
    var texts: [[UInt8]] = []
    for path in paths {
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
        for name in names.sorted() where name.hasSuffix(".txt") {
          texts.append(try read(path.appendingPathComponent(name)))
        }
      } else if path.pathExtension == "jsonl" {
        texts += try jsonLines(path)
      } else {
        texts.append(try read(path))
      }
    }
    return texts
  }

  private static func read(_ url: URL) throws -> [UInt8] {
    do {
      return [UInt8](try Data(contentsOf: url))
    } catch {
      throw TaggerModelError("cannot read \(url.path): \(error.localizedDescription)")
    }
  }

  private static func jsonLines(_ url: URL) throws -> [[UInt8]] {
    let bytes = try read(url)
    var texts: [[UInt8]] = []
    for (number, line) in bytes.split(separator: 10, omittingEmptySubsequences: false)
      .enumerated() where !line.allSatisfy({ $0 == 13 || $0 == 32 })
    {
      let object = try? JSONSerialization.jsonObject(with: Data(line))
      guard let record = object as? [String: Any], let text = record["text"] as? String else {
        throw TaggerModelError(
          "\(url.path):\(number + 1): expected a JSON object with a \"text\" string")
      }
      texts.append(Array(text.utf8))
    }
    return texts
  }
}
