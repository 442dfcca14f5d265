import Foundation
import Stages

/// One sentence of syntax training or evaluation data, on gold tokens.
public struct SyntaxSentence: Sendable {
  public var words: [String]
  /// Penn Treebank tags.
  public var pos: [String]
  /// Universal POS tags (empty when the data has none).
  public var upos: [String] = []
  /// Lemmas (empty when the data has none).
  public var lemmas: [String] = []
  /// IOB2 chunk tags (empty when the data has none).
  public var chunks: [String] = []
  /// The document it belongs to (its position in the file).
  public var document: Int

  /// The tokens' hashed facts, from the words joined by spaces.
  func wordInfos() -> [WordInfo] {
    var bytes: [UInt8] = []
    var ranges: [(Int, Int)] = []
    for word in words {
      let start = bytes.count
      bytes += word.utf8
      ranges.append((start, bytes.count))
      bytes.append(32)
    }
    return bytes.withUnsafeBufferPointer { text in
      ranges.enumerated().map { WordInfo.make(text, $1.0, $1.1, position: $0) }
    }
  }
}

/// Readers of the syntax corpora: CoNLL-2003 (`WORD POS CHUNK NER`) and CoNLL-U.
public enum SyntaxCorpus {
  /// Reads a CoNLL-2003 file. Penn tags are brought to the Universal Dependencies conventions
  /// (`(` -> `-LRB-`, `)` -> `-RRB-`, `"` -> alternating `` ` ` ``/`''`, `NN|SYM` -> `NN`,
  /// `TO` in a prepositional chunk -> `IN`).
  public static func loadCoNLL(_ url: URL) throws -> [SyntaxSentence] {
    var sentences: [SyntaxSentence] = []
    var current = SyntaxSentence(words: [], pos: [], document: 0)
    var document = 0
    var quotes = 0
    func finish() {
      if !current.words.isEmpty { sentences.append(current) }
      current = SyntaxSentence(words: [], pos: [], document: document)
      quotes = 0
    }
    for (number, line) in try lines(url).enumerated() {
      if line.isEmpty {
        finish()
        continue
      }
      let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      guard fields.count >= 3 else {
        throw TaggerModelError(
          "\(url.path):\(number + 1): expected WORD POS CHUNK [NER], found \(fields.count) fields")
      }
      if fields[0] == "-DOCSTART-" {
        finish()
        document += 1
        current.document = document
        continue
      }
      var tag = fields[1]
      switch tag {
      case "(": tag = "-LRB-"
      case ")": tag = "-RRB-"
      case "\"":
        tag = quotes % 2 == 0 ? "``" : "''"
        quotes += 1
      case "NN|SYM": tag = "NN"
      // Penn tags every "to" TO; UD EWT tags the preposition IN (the chunk column tells).
      case "TO" where fields[2].hasSuffix("-PP"): tag = "IN"
      default: break
      }
      current.words.append(fields[0])
      current.pos.append(tag)
      current.chunks.append(fields[2])
    }
    finish()
    return sentences
  }

  /// Reads a CoNLL-U file: the syntactic words (multi-word token lines and empty nodes are
  /// skipped), with XPOS as the Penn tag, UPOS and lemmas. Documents start at `# newdoc`.
  public static func loadCoNLLU(_ url: URL) throws -> [SyntaxSentence] {
    var sentences: [SyntaxSentence] = []
    var current = SyntaxSentence(words: [], pos: [], document: 0)
    var document = 0
    func finish() {
      if !current.words.isEmpty { sentences.append(current) }
      current = SyntaxSentence(words: [], pos: [], document: document)
    }
    for (number, line) in try lines(url).enumerated() {
      if line.isEmpty {
        finish()
        continue
      }
      if line.hasPrefix("#") {
        if line.hasPrefix("# newdoc"), !sentences.isEmpty || !current.words.isEmpty {
          finish()
          document += 1
          current.document = document
        }
        continue
      }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 10 else {
        throw TaggerModelError(
          "\(url.path):\(number + 1): expected 10 tab-separated CoNLL-U columns, found \(fields.count)"
        )
      }
      if fields[0].contains("-") || fields[0].contains(".") { continue }
      current.words.append(fields[1])
      current.lemmas.append(fields[2])
      current.upos.append(fields[3])
      current.pos.append(fields[4])
    }
    finish()
    return sentences
  }

  private static func lines(_ url: URL) throws -> [Substring] {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw TaggerModelError("cannot read \(url.path): \(error.localizedDescription)")
    }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
  }
}
