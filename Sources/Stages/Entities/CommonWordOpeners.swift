import Pipeline

/// Participles and adverbs capitalised only because they open a sentence ("Rounding out the
/// five awardees, ...", "Kicking off in June, ...", "Nationally, dealers sold ..."): the
/// model, which reads a capital as a name's sign, tags some of them as names. A model name
/// of one token that opens its sentence and is such a word (``isOpeningWord(_:next:)``) is
/// dropped when the document writes it capitalised nowhere but at a sentence's opening and
/// no bundled list holds it (``apply(_:text:tokens:sentences:gazetteer:)``): a name ending
/// in "-ing" or "-ly" ("Browning", "Kelly") is written capitalised inside the document's
/// other sentences too, or is a listed place ("Beijing", "Italy").
enum CommonWordOpeners {
  /// Fewest bytes of an opening "-ing" word ("Kicking").
  static let minimumParticiple = 7

  /// Whether a capitalised `word` followed by `next` reads as a participle with its
  /// complement (an "-ing" word of `minimumParticiple` bytes or more, then a lower-case
  /// word) or a sentence adverb (an "-ly" word, then a comma).
  static func isOpeningWord(
    _ word: Slice<UnsafeBufferPointer<UInt8>>, next: Slice<UnsafeBufferPointer<UInt8>>
  ) -> Bool {
    guard let lead = next.first, word.count >= 4,
      word.dropFirst().allSatisfy({ ASCII.isLower($0) })
    else { return false }
    if word.count >= minimumParticiple, word.suffix(3).elementsEqual("ing".utf8) {
      return ASCII.isLower(lead)
    }
    return word.suffix(2).elementsEqual("ly".utf8) && next.elementsEqual(",".utf8)
  }

  /// The entities without the model names (PERSON, ORG, LOC, MISC) of one token that are
  /// such a sentence-opening word. `sentences` are token ranges.
  static func apply(
    _ entities: inout [Entity], text: UnsafeBufferPointer<UInt8>, tokens: [Token],
    sentences: [Range<Int>], gazetteer: Gazetteer
  ) {
    // A word starts with a letter; a typographic quote or dash (0xE2 ...) starts none.
    func isWord(_ token: Token) -> Bool {
      let lead = text[token.start]
      return ASCII.isLetter(lead) || ASCII.isDigit(lead) || (lead >= 0xC3 && lead != 0xE2)
    }
    func bytes(_ index: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
      text[tokens[index].start..<tokens[index].end]
    }
    // Each sentence's first word (after opening quotes or dashes), with its sentence's end.
    var openingEnd: [Int: Int] = [:]
    for sentence in sentences {
      if let first = sentence.first(where: { isWord(tokens[$0]) }) {
        openingEnd[first] = sentence.upperBound
      }
    }
    let candidates = entities.indices.compactMap { position -> (entity: Int, token: Int)? in
      let entity = entities[position]
      guard entity.origin == "model", LabelVote.labels.contains(entity.label),
        let index = tokenIndex(startingAt: entity.start, in: tokens),
        tokens[index].end == entity.end, let end = openingEnd[index], index + 1 < end,
        isOpeningWord(bytes(index), next: bytes(index + 1)),
        gazetteer.matches(in: text, tokens: tokens[index..<index + 1]).isEmpty
      else { return nil }
      return (position, index)
    }
    guard !candidates.isEmpty else { return }
    var capitalisedInside = Set<UInt64>()
    for index in tokens.indices
    where openingEnd[index] == nil
      && FeatureExtractor.startsUppercase(text, tokens[index].start, tokens[index].end)
    {
      capitalisedInside.insert(FeatureHash.lowercased(bytes(index)))
    }
    let dropped = Set(
      candidates.filter { !capitalisedInside.contains(FeatureHash.lowercased(bytes($0.token))) }
        .map(\.entity))
    entities = entities.indices.filter { !dropped.contains($0) }.map { entities[$0] }
  }

  /// The index of the token that starts at byte `start`, if one does.
  static func tokenIndex(startingAt start: Int, in tokens: [Token]) -> Int? {
    var low = 0
    var high = tokens.count
    while low < high {
      let middle = (low + high) / 2
      if tokens[middle].start < start { low = middle + 1 } else { high = middle }
    }
    return low < tokens.count && tokens[low].start == start ? low : nil
  }
}
