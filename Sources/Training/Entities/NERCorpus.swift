import Foundation
import Pipeline
import Stages

/// Reads JSONL corpora of `{"id", "text", "entities": [[start, end, label], ...]}` lines
/// (code-point offsets, as in `../shared/corpora/ner`). The text is split into tokens on
/// spaces: the CoNLL files are their gold tokens joined by single spaces.
public enum NERCorpus {
  /// Loads every line of a JSONL file.
  public static func load(_ url: URL) throws -> [NERExample] {
    try lines(url).map(\.example)
  }

  /// Loads the lines of a JSONL file leaving out the documents of `fold` (a cross-fitting
  /// model, `--train-fold`): documents are the lines' `doc` numbers (CoNLL-2003 files are
  /// split at -DOCSTART-), at positions in order of those numbers; a line without a `doc`
  /// number, or a fold of more folds than documents, is an error.
  public static func load(_ url: URL, leavingOut fold: TrainFold) throws -> [NERExample] {
    let lines = try lines(url)
    var numbers: [Int] = []
    for line in lines {
      guard let doc = line.doc else {
        throw NERModelError(
          "\(url.path):\(line.number): no \"doc\" number (needed by --train-fold \(fold))")
      }
      numbers.append(doc)
    }
    let positions = TrainFold.positions(of: numbers)
    guard positions.count >= fold.count else {
      throw NERModelError(
        "\(url.path): \(positions.count) documents, fewer than the \(fold.count) folds of "
          + "--train-fold \(fold)")
    }
    return zip(lines, numbers).compactMap { line, doc in
      fold.contains(position: positions[doc] ?? 0) ? nil : line.example
    }
  }

  /// Every line of a JSONL file: its line number, `doc` number (nil when absent) and example.
  private static func lines(_ url: URL) throws -> [(number: Int, doc: Int?, example: NERExample)] {
    let data = try Data(contentsOf: url)
    var examples: [(number: Int, doc: Int?, example: NERExample)] = []
    var lineNumber = 0
    for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { continue }
      guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
        let text = object["text"] as? String
      else {
        throw NERModelError("\(url.path):\(lineNumber): not a JSON object with a \"text\" string")
      }
      let entities = (object["entities"] as? [[Any]]) ?? []
      var spans: [(Int, Int, String)] = []
      for entity in entities {
        guard entity.count >= 3, let start = entity[0] as? Int, let end = entity[1] as? Int,
          let label = entity[2] as? String
        else {
          throw NERModelError("\(url.path):\(lineNumber): entities must be [start, end, label]")
        }
        spans.append((start, end, label))
      }
      examples.append(
        (lineNumber, object["doc"] as? Int, example(text: text, characterSpans: spans)))
    }
    return examples
  }

  /// The `.txt` file names of `folders` (to leave evaluation texts out of unlabelled text by
  /// name: pass them as `excluding` to `texts(_:excluding:)`).
  public static func textNames(in folders: [URL]) throws -> Set<String> {
    Set(
      try folders.flatMap {
        try FileManager.default.contentsOfDirectory(atPath: $0.path).filter { $0.hasSuffix(".txt") }
      })
  }

  /// Unlabelled texts: a folder's `.txt` files (sorted by name; those whose name is in
  /// `excluding` left out), the `text` of every line of a `.jsonl` file, or a whole text file,
  /// read by ``UnlabeledText/sources(_:excluding:)``; a text that is not UTF-8 is an error.
  public static func texts(_ url: URL, excluding: Set<String> = []) throws -> [String] {
    try UnlabeledText.sources(url, excluding: excluding).map { source in
      guard let text = String(validating: source.bytes, as: UTF8.self) else {
        throw NERModelError("\(source.origin): not valid UTF-8")
      }
      return text
    }
  }

  /// Builds an example from a space-tokenised text and code-point entity offsets.
  static func example(text: String, characterSpans: [(Int, Int, String)]) -> NERExample {
    let bytes = Array(text.utf8)
    var byteOffsets: [Int] = []
    byteOffsets.reserveCapacity(bytes.count + 1)
    for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
      byteOffsets.append(offset)
    }
    byteOffsets.append(bytes.count)
    var tokens: [Token] = []
    var start: Int?
    for (offset, byte) in bytes.enumerated() {
      if byte == 0x20 || byte == 0x09 {
        if let open = start { tokens.append(Token(start: open, end: offset)) }
        start = nil
      } else if start == nil {
        start = offset
      }
    }
    if let open = start { tokens.append(Token(start: open, end: bytes.count)) }
    var entities: [NERSpan] = []
    for (startChar, endChar, label) in characterSpans {
      guard startChar >= 0, endChar < byteOffsets.count, startChar < endChar else { continue }
      let startByte = byteOffsets[startChar]
      let endByte = byteOffsets[endChar]
      guard let first = tokens.firstIndex(where: { $0.start >= startByte }),
        let last = tokens.lastIndex(where: { $0.end <= endByte }), last >= first
      else { continue }
      entities.append(NERSpan(first: first, end: last + 1, type: label))
    }
    return NERExample(bytes: bytes, tokens: tokens, entities: entities)
  }
}
