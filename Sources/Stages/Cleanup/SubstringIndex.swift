/// A set of byte strings indexed by their first bytes, to find which of them occur in a text
/// in one pass: a position of the text is compared only with the words that start with its
/// byte, and only when some word starts with its first two bytes.
struct SubstringIndex: Sendable {
  /// The words' bytes back to back, grouped by first byte (each group in the words' order).
  private let bytes: [UInt8]
  /// Where each stored word starts in `bytes` (one more entry: the end).
  private let starts: [Int]
  /// The index in the caller's list of each stored word.
  private let ids: [Int]
  /// The stored words starting with byte `b` are `groups[b]..<groups[b + 1]`.
  private let groups: [Int]
  /// Bit `b0 << 8 | b1` is set when a word starts with bytes `b0 b1` (every `b1` for a
  /// one-byte word `b0`).
  private let pairs: [UInt64]

  /// Indexes `words` (empty words are ignored).
  init(_ words: [[UInt8]]) {
    let order = words.indices.filter { !words[$0].isEmpty }
      .sorted { (words[$0][0], $0) < (words[$1][0], $1) }
    var bytes: [UInt8] = []
    var starts: [Int] = []
    var groups = [Int](repeating: 0, count: 257)
    var pairs = [UInt64](repeating: 0, count: 65_536 / 64)
    for index in order {
      let word = words[index]
      starts.append(bytes.count)
      bytes += word
      groups[Int(word[0]) + 1] += 1
      let seconds = word.count > 1 ? Int(word[1])...Int(word[1]) : 0...255
      for second in seconds {
        let bit = Int(word[0]) << 8 | second
        pairs[bit >> 6] |= 1 << UInt64(bit & 63)
      }
    }
    starts.append(bytes.count)
    for byte in 0..<256 { groups[byte + 1] += groups[byte] }
    self.bytes = bytes
    self.starts = starts
    self.ids = order
    self.groups = groups
    self.pairs = pairs
  }

  /// Calls `body` with the index of each word at each position where it occurs in `text`.
  func forEachOccurrence<Text: Collection<UInt8>>(in text: Text, _ body: (Int) -> Void) {
    // Contiguous text (an array or a slice of one) is read in place, other text copied once.
    let done: Void? = text.withContiguousStorageIfAvailable { search($0, body) }
    if done == nil { Array(text).withUnsafeBufferPointer { search($0, body) } }
  }

  private func search(_ haystack: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
    let count = haystack.count
    for start in 0..<count {
      let first = Int(haystack[start])
      if start + 1 < count {
        let bit = first << 8 | Int(haystack[start + 1])
        guard pairs[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
      }
      for stored in groups[first]..<groups[first + 1] {
        let wordStart = starts[stored]
        let length = starts[stored + 1] - wordStart
        guard count - start >= length else { continue }
        var offset = 1
        while offset < length, haystack[start + offset] == bytes[wordStart + offset] {
          offset += 1
        }
        if offset == length { body(ids[stored]) }
      }
    }
  }
}
