/// A set of byte strings indexed by first byte, to find which of them occur in a text in one
/// pass: each position of the text is compared only with the words that start with its byte.
struct SubstringIndex: Sendable {
  private let words: [[UInt8]]
  /// Indices into `words`, by first byte.
  private let byFirstByte: [[Int]]

  /// Indexes `words` (empty words are ignored).
  init(_ words: [[UInt8]]) {
    self.words = words
    var table = [[Int]](repeating: [], count: 256)
    for (index, word) in words.enumerated() where !word.isEmpty {
      table[Int(word[0])].append(index)
    }
    byFirstByte = table
  }

  /// Calls `body` with the index of each word at each position where it occurs in `text`.
  func forEachOccurrence<Text: Collection<UInt8>>(in text: Text, _ body: (Int) -> Void) {
    // Contiguous text (an array or a slice of one) is read in place, other text copied once.
    let done: Void? = text.withContiguousStorageIfAvailable { search($0, body) }
    if done == nil { Array(text).withUnsafeBufferPointer { search($0, body) } }
  }

  private func search(_ haystack: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
    for start in haystack.indices {
      for index in byFirstByte[Int(haystack[start])] {
        let word = words[index]
        guard haystack.count - start >= word.count else { continue }
        var offset = 1
        while offset < word.count, haystack[start + offset] == word[offset] { offset += 1 }
        if offset == word.count { body(index) }
      }
    }
  }
}
