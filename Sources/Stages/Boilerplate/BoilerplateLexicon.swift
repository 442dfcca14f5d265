import Foundation
import Pipeline

/// The word lists the boilerplate classifier uses: function words (for stopword density)
/// and phrases of site chrome (calls to action, promos, copyright lines).
package struct BoilerplateLexicon: Sendable {
  /// FNV-1a hashes of the lower-cased function words.
  let stopwords: Set<UInt64>
  /// Lower-cased phrases found anywhere in a short block.
  let phrases: [[UInt8]]
  /// `phrases`, indexed to find them all in one pass.
  private let phraseIndex: SubstringIndex
  /// Lower-cased phrases that must start a short block.
  let prefixes: [[UInt8]]
  /// Lower-cased blocks that are chrome on their own ("Share", "Print").
  let wholeBlocks: Set<[UInt8]>
  /// The longest of `wholeBlocks` (longer blocks are not looked up).
  private let longestWholeBlock: Int

  /// Loads `stopwords.txt` and `phrases.txt` from a folder.
  init(folder: URL) throws {
    let words = try Self.lines(folder.appendingPathComponent("stopwords.txt"))
    stopwords = Set(words.map { Self.hash(Array($0.utf8)[...]) })
    var phrases: [[UInt8]] = []
    var prefixes: [[UInt8]] = []
    var whole: Set<[UInt8]> = []
    for line in try Self.lines(folder.appendingPathComponent("phrases.txt")) {
      if line.hasPrefix("^") {
        prefixes.append(Array(line.dropFirst().utf8))
      } else if line.hasPrefix("=") {
        whole.insert(Array(line.dropFirst().utf8))
      } else {
        phrases.append(Array(line.utf8))
      }
    }
    self.phrases = phrases
    self.phraseIndex = SubstringIndex(phrases)
    self.prefixes = prefixes
    self.wholeBlocks = whole
    self.longestWholeBlock = whole.map(\.count).max() ?? 0
  }

  /// The bundled lists.
  package static func bundled() throws -> BoilerplateLexicon {
    try BoilerplateLexicon(folder: BundledResources.folder("boilerplate"))
  }

  private static func lines(_ url: URL) throws -> [String] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
  }

  static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return hash
  }

  /// Word, stopword, comma and character counts of a block's UTF-8 text.
  func stats(_ text: ArraySlice<UInt8>) -> TextStats {
    var stats = TextStats()
    // The current word is hashed as it is read (FNV-1a, as ``hash(_:)``): no copy of it.
    var word = WordHash()
    var index = text.startIndex
    func endWord() {
      guard word.length > 0 else { return }
      stats.words += 1
      if stopwords.contains(word.value) { stats.stopwords += 1 }
      word = WordHash()
    }
    while index < text.endIndex {
      let byte = text[index]
      if byte & 0xC0 != 0x80 { stats.characters += 1 }
      if byte < 0x80 {
        if byte >= 0x41 && byte <= 0x5A {
          word.append(byte | 0x20)
        } else if byte >= 0x61 && byte <= 0x7A || byte >= 0x30 && byte <= 0x39 {
          word.append(byte)
        } else if byte == 0x27 && word.length > 0 {
          word.append(byte)
        } else {
          if byte == 0x2C { stats.commas += 1 }
          endWord()
        }
        index += 1
      } else if byte == 0xE2 || byte == 0xC2 || byte == 0xEF || byte == 0xE3 {
        // General punctuation, Latin-1 symbols, full-width and CJK punctuation: separators.
        if byte == 0xEF || byte == 0xE3 {
          if index + 2 < text.endIndex, text[index + 1] == 0xBC, text[index + 2] == 0x8C {
            stats.commas += 1
          }
          if byte == 0xE3, index + 1 < text.endIndex, text[index + 1] != 0x80 {
            word.append(byte)
            index += 1
            continue
          }
        }
        endWord()
        index += 1
        while index < text.endIndex, text[index] & 0xC0 == 0x80 {
          index += 1
        }
      } else {
        // Other letters: Cyrillic capitals (D0 90-AF) are folded to lower case.
        if byte == 0xD0, index + 1 < text.endIndex, text[index + 1] >= 0x90, text[index + 1] <= 0xAF
        {
          let next = text[index + 1]
          if next <= 0x9F {
            word.append(0xD0)
            word.append(next + 0x20)
          } else {
            word.append(0xD1)
            word.append(next - 0x20)
          }
          index += 2
          continue
        }
        word.append(byte)
        index += 1
      }
    }
    endWord()
    return stats
  }

  /// The chrome phrase a short block contains, if any.
  func chromePhrase(_ text: ArraySlice<UInt8>) -> String? {
    guard text.count <= 300 else { return nil }
    var lower = [UInt8]()
    lower.reserveCapacity(text.count)
    for byte in text { lower.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
    var trimmed = lower[...]
    while let last = trimmed.last, last == 0x20 || last == 0x3A || last == 0x2E || last == 0x21 {
      trimmed = trimmed.dropLast()
    }
    if trimmed.count <= longestWholeBlock, wholeBlocks.contains(Array(trimmed)) {
      return String(decoding: trimmed, as: UTF8.self)
    }
    for prefix in prefixes where lower.starts(with: prefix) {
      return String(decoding: prefix, as: UTF8.self)
    }
    var first = phrases.count
    phraseIndex.forEachOccurrence(in: lower) { first = min(first, $0) }
    return first < phrases.count ? String(decoding: phrases[first], as: UTF8.self) : nil
  }
}

/// The FNV-1a hash of a word fed one byte at a time (equal to
/// ``BoilerplateLexicon/hash(_:)`` of the same bytes).
private struct WordHash {
  var value: UInt64 = 0xcbf2_9ce4_8422_2325
  var length = 0

  mutating func append(_ byte: UInt8) {
    value ^= UInt64(byte)
    value = value &* 0x100_0000_01b3
    length += 1
  }
}

/// Counts over a block's text.
package struct TextStats: Sendable {
  var words = 0
  var stopwords = 0
  var commas = 0
  var characters = 0

  var stopwordDensity: Double { words == 0 ? 0 : Double(stopwords) / Double(words) }
}
