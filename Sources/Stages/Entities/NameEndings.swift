import Pipeline

/// Function words that join the words of a name but never end one: a model span that ends
/// in a lower-case article, conjunction or preposition ("Big Machine of" of "accusing Big
/// Machine of trying", "Toulouse Street and" of "its albums Toulouse Street and The Captain
/// and Me") has run past its name, and ends before them (``trimmed(_:_:_:_:)``). Written
/// with a capital ("Of", "AND") they stay: a title-case name may end so. This runs after
/// the spans are reconciled with the bundled lists, so that a model's "Ministry of" still
/// becomes the listed "Ministry of Foreign Affairs" it starts.
enum NameEndings {
  /// Lower-case words that never end a name (hashed as ``FeatureExtractor`` hashes words).
  static let joiningWords = ConstructionNames.hashes([
    "a", "an", "the", "and", "or", "nor", "of", "for", "in", "on", "at", "to", "by", "with",
    "from", "into", "onto", "upon", "as", "than",
  ])

  /// Whether the token `bytes`, whose lower-cased hash is `lower`, is such a word written in
  /// lower case.
  static func isJoiningWord(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, lower: UInt64) -> Bool {
    joiningWords.contains(lower) && !bytes.contains(where: ASCII.isUpper)
  }

  /// `span` (a model span of the sentence `tokens`) without the joining words at its end;
  /// its first token always stays, and a list's name (`entry` set) is left as it is.
  static func trimmed(
    _ span: EntityTagger.ModelSpan, _ text: UnsafeBufferPointer<UInt8>,
    _ tokens: ArraySlice<Token>, _ sentence: FeatureExtractor.Sentence
  ) -> EntityTagger.ModelSpan {
    guard span.entry == nil else { return span }
    var result = span
    while result.end - 1 > result.first {
      let token = tokens[tokens.startIndex + result.end - 1]
      guard isJoiningWord(text[token.start..<token.end], lower: sentence.lower[result.end - 1])
      else { break }
      result.end -= 1
      result.cut = true
    }
    return result
  }
}
