import Pipeline

/// Function words that join the words of a name but never end one: a model span that ends
/// in a lower-case article, conjunction or preposition ("Big Machine of" of "accusing Big
/// Machine of trying", "Toulouse Street and" of "its albums Toulouse Street and The Captain
/// and Me") has run past its name, and ends before them (``trimmed(_:_:_:_:)``). Written
/// with a capital ("Of", "AND") they stay: a title-case name may end so. This runs after
/// the spans are reconciled with the bundled lists, so that a model's "Ministry of" still
/// becomes the listed "Ministry of Foreign Affairs" it starts. Nor does a name end in any other
/// word written all in lower-case letters: a verb, a relative pronoun or a common noun after it
/// ("Big Machine owes Taylor", "an Oklahoma Republican who warned", "the US EPA test"), unless
/// it is a place or facility noun ("Royal Shrewsbury hospital").
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

  /// Whether the token `bytes`, whose lower-cased hash is `lower`, is one word of ASCII
  /// lower-case letters only ("owes", "who", "test"; not "al-Sharia", "iPhone", "km2") and no
  /// place or facility noun, which may end a name written in lower case ("Royal Shrewsbury
  /// hospital", "Jabrayil district").
  static func isLowerCaseWord(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, lower: UInt64) -> Bool {
    !bytes.isEmpty && bytes.allSatisfy(ASCII.isLower)
      && !EntityTagger.placeNouns.contains(lower) && !EntityTagger.facilityHeads.contains(lower)
  }

  /// `span` (a model span of the sentence `tokens`) without the joining words and other
  /// lower-case words at its end; its first token always stays, and a list's name (`entry`
  /// set) is left as it is.
  static func trimmed(
    _ span: EntityTagger.ModelSpan, _ text: UnsafeBufferPointer<UInt8>,
    _ tokens: ArraySlice<Token>, _ sentence: FeatureExtractor.Sentence
  ) -> EntityTagger.ModelSpan {
    guard span.entry == nil else { return span }
    var result = span
    while result.end - 1 > result.first {
      let token = tokens[tokens.startIndex + result.end - 1]
      let bytes = text[token.start..<token.end]
      let lower = sentence.lower[result.end - 1]
      guard isJoiningWord(bytes, lower: lower) || isLowerCaseWord(bytes, lower: lower) else {
        break
      }
      result.end -= 1
      result.cut = true
    }
    return result
  }
}
