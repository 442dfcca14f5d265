extension Document {
  /// Token index ranges, one per sentence, in text order. Tokens outside every sentence form
  /// runs of their own (between two sentences, or all tokens when there are no sentences).
  public func sentenceTokenRanges() -> [Range<Int>] {
    guard !sentences.isEmpty else { return tokens.isEmpty ? [] : [0..<tokens.count] }
    var ranges: [Range<Int>] = []
    var index = 0
    var sentence = 0
    while index < tokens.count {
      while sentence < sentences.count && sentences[sentence].end <= tokens[index].start {
        sentence += 1
      }
      let limit: Int
      if sentence < sentences.count && sentences[sentence].start <= tokens[index].start {
        limit = sentences[sentence].end
      } else if sentence < sentences.count {
        limit = sentences[sentence].start
      } else {
        limit = Int.max
      }
      var end = index + 1
      while end < tokens.count && tokens[end].end <= limit && tokens[end].start < limit { end += 1 }
      ranges.append(index..<end)
      index = end
    }
    return ranges
  }
}
