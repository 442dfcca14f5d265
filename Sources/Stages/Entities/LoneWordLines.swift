import Pipeline

/// Headings of one word ("Timeline", "Unproven", "Disclaimer", "Geography"): a sentence
/// whose only word, with at most punctuation around it, is one the model's lexicon holds in
/// lower case is a heading or a label of the page, not a name; the model's spans there are
/// dropped (``EntityTagger/modelSpans(_:_:_:_:)``). A one-word line that is a name
/// ("Pittsburgh", "Facebook") is no common lower-case word and stays.
extension EntityTagger {
  /// Whether the sentence is one word of the model's common lower-case lexicon, alone but
  /// for punctuation.
  func isLoneCommonWord(
    _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> Bool {
    var word: Int?
    for position in 0..<tokens.count {
      let token = tokens[tokens.startIndex + position]
      let hasLetter = text[token.start..<token.end].contains {
        Self.isAlphanumeric($0) || $0 >= 0x80
      }
      guard hasLetter else { continue }
      if word != nil { return false }
      word = position
    }
    guard let word else { return false }
    return extractor.commonWords.contains(sentence.lower[word])
  }
}
