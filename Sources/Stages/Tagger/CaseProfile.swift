/// How words are written in unlabeled text: for each word (``WordInfo/lower``) how often it
/// appears in lower case and how often capitalised inside an ordinary sentence (not at its
/// start, not in a title-case sentence). A capitalised word that is mostly written in lower
/// case elsewhere is likely a common word (`Service`, `Great`), one never written so a proper
/// name. Counted by `nlpipe train tagger` and bundled in the model as small class numbers.
package struct CaseProfile: Sendable {
  /// Class numbers are `1..<classCount` (0: the word was not seen often enough).
  package static let classCount = 13
  /// Word hash -> (lower-case count, capitalised count).
  private var counts: [UInt64: (lower: Int, capital: Int)] = [:]

  package init() {}

  /// Counts the words of one sentence.
  package mutating func add(sentence words: [WordInfo]) {
    let title = POSFeatures.titleCase(words)
    for (position, word) in words.enumerated() {
      if word.shape & 64 != 0 || word.shape & 16 != 0 { continue }
      if word.prefix1 >= 0x161 && word.prefix1 <= 0x17A {
        counts[word.lower, default: (0, 0)].lower += 1
      } else if word.shape & 1 != 0 && word.shape & 2 == 0 && position > 0 && !title {
        counts[word.lower, default: (0, 0)].capital += 1
      }
    }
  }

  /// Counts the words of plain text: tokens are runs of letters, digits, `'`, `-` and
  /// non-ASCII bytes (any other visible byte is a token of its own); sentences end at `.`,
  /// `!`, `?` and line breaks.
  package mutating func add(text: [UInt8]) {
    text.withUnsafeBufferPointer { bytes in
      var words: [WordInfo] = []
      var index = 0
      func flush() {
        if !words.isEmpty { add(sentence: words) }
        words.removeAll(keepingCapacity: true)
      }
      while index < bytes.count {
        let byte = bytes[index]
        if byte == 10 {
          flush()
          index += 1
        } else if byte <= 32 {
          index += 1
        } else if Self.isWordByte(byte) {
          let start = index
          while index < bytes.count && Self.isWordByte(bytes[index]) { index += 1 }
          words.append(WordInfo.make(bytes, start, index, position: words.count))
        } else {
          words.append(WordInfo.make(bytes, index, index + 1, position: words.count))
          index += 1
          if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
            flush()
          }
        }
      }
      flush()
    }
  }

  @inline(__always)
  private static func isWordByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"), UInt8(ascii: "-"), 0x80...:
      return true
    default: return false
    }
  }

  /// The class of every word seen at least `minCount` times: the share written in lower
  /// case (none, under 10%, under 50%, under 90%, under 100%, all) times two frequency bands
  /// (under 10 occurrences, 10 or more).
  package func classes(minCount: Int = 2) -> [UInt64: UInt64] {
    var result: [UInt64: UInt64] = [:]
    for (word, count) in counts {
      let total = count.lower + count.capital
      guard total >= max(1, minCount) else { continue }
      let share = Double(count.lower) / Double(total)
      let band: UInt64
      if count.lower == 0 {
        band = 1
      } else if share < 0.1 {
        band = 2
      } else if share < 0.5 {
        band = 3
      } else if share < 0.9 {
        band = 4
      } else if count.capital > 0 {
        band = 5
      } else {
        band = 6
      }
      result[word] = total >= 10 ? band + 6 : band
    }
    return result
  }
}
