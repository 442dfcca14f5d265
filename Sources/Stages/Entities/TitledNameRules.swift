import Pipeline

/// Names after abbreviated titles and forms of address ("Hon. Mary Okafor", "Kentucky GOP
/// Gov. Matt Bevin", "Mr Peter Walsh"), decided by construction rather than by the model's
/// labels: the title is never part of a name nor a name by itself, and the capitalised words
/// right after it are one PERSON. ``EntityTagger/modelSpans(_:_:_:_:)`` applies this to the
/// trimmed model spans of a sentence before the other span rules.
extension EntityTagger {
  /// Most words a person's name after a title may have ("Charles H. Keating IV").
  static let titledNameMaxWords = 4

  /// The token ranges of the sentence's abbreviated titles: a bundled title that is an
  /// abbreviation or a form of address ("Gov.", "Lt. Gen.", "Mr"), or one of `shortTitles`
  /// ("Hon.", "Cmdr."), consecutive ones joined ("Lt. Col." + "Sir"). A title written in
  /// capitals only ("DR Congo", a heading's "MR") is no title here, unless it has three
  /// letters or more and no full stop ("CFO").
  func abbreviatedTitles(
    _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> [(first: Int, end: Int)] {
    let base = tokens.startIndex
    func writtenAsTitle(_ position: Int) -> Bool {
      let token = tokens[base + position]
      let bytes = text[token.start..<token.end]
      if bytes.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return true }
      return bytes.count >= 3 && !bytes.contains(0x2E)
    }
    var isTitle = [Bool](repeating: false, count: tokens.count)
    for match in matches {
      let entry = gazetteer.entries[match.entry]
      guard entry.label == "TITLE", Self.abbreviatedTitle(entry.name),
        (match.first..<match.end).allSatisfy(writtenAsTitle)
      else { continue }
      for position in match.first..<match.end { isTitle[position] = true }
    }
    for position in 0..<tokens.count
    where Self.shortTitles.contains(sentence.lower[position]) && writtenAsTitle(position) {
      isTitle[position] = true
    }
    var ranges: [(first: Int, end: Int)] = []
    var position = 0
    while position < tokens.count {
      guard isTitle[position] else {
        position += 1
        continue
      }
      let first = position
      while position < tokens.count, isTitle[position] { position += 1 }
      ranges.append((first, position))
    }
    return ranges
  }

  /// The end of the name right after a title ending at `start`: up to `titledNameMaxWords`
  /// capitalised words (a lower-case letter in each, or an initial, or a short all-capital
  /// suffix after the first word: "IV"), not a sentence opener, "The", a title or a month
  /// or weekday. `start` when no word follows.
  func titledNameEnd(
    from start: Int, isTitle: [Bool], _ text: UnsafeBufferPointer<UInt8>,
    _ tokens: ArraySlice<Token>, _ sentence: FeatureExtractor.Sentence
  ) -> Int {
    let base = tokens.startIndex
    var end = start
    while end < tokens.count, end - start < Self.titledNameMaxWords, !isTitle[end] {
      let token = tokens[base + end]
      let bytes = text[token.start..<token.end]
      guard FeatureExtractor.startsUppercase(text, token.start, token.end),
        !openers.contains(sentence.lower[end]), sentence.lower[end] != Self.theHash,
        !Self.dateWords.contains(sentence.lower[end])
      else { break }
      let nameLike =
        bytes.contains(where: { ($0 >= 0x61 && $0 <= 0x7A) || $0 >= 0x80 })
        || (bytes.count == 2 && bytes.last == 0x2E)
        || (end > start && bytes.count <= 3 && !bytes.contains(0x2E))
      guard nameLike else { break }
      end += 1
    }
    return end
  }

  /// The model spans of a sentence with its abbreviated titles applied: a span made only of
  /// title tokens ("Hon." tagged ORG) is dropped; where capitalised words follow a title and
  /// no span runs past them, a span that began before the title keeps only its part before
  /// it ("GOP Gov." ORG becomes "GOP"), and when the model found a name among the words, the
  /// spans over them become one PERSON over the words ("Mary" + "Okafor" after "Hon."), its
  /// label given by the construction (`byContext`). A span running past the words is left
  /// to the other rules.
  func namesAfterAbbreviatedTitles(
    _ spans: [ModelSpan], _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> [ModelSpan] {
    let titles = abbreviatedTitles(text, tokens, sentence, matches)
    guard !titles.isEmpty else { return spans }
    var isTitle = [Bool](repeating: false, count: tokens.count)
    for title in titles {
      for position in title.first..<title.end { isTitle[position] = true }
    }
    var spans = spans.filter { span in !(span.first..<span.end).allSatisfy { isTitle[$0] } }
    let base = tokens.startIndex
    for title in titles {
      let end = titledNameEnd(from: title.end, isTitle: isTitle, text, tokens, sentence)
      guard end > title.end else { continue }
      let touching = spans.filter { $0.first < end && $0.end > title.first }
      guard !touching.contains(where: { $0.end > end }) else { continue }
      var kept = spans.filter { $0.first >= end || $0.end <= title.first }
      for var span in touching where span.first < title.first {
        span.end = title.first
        span.cut = true
        let capitalised = (span.first..<span.end).contains { position in
          let token = tokens[base + position]
          return FeatureExtractor.startsUppercase(text, token.start, token.end)
        }
        if capitalised { kept.append(span) }
      }
      let named = touching.filter { $0.end > title.end }
      if let confidence = named.map(\.confidence).max() {
        kept.append(
          ModelSpan(
            first: title.end, end: end, label: "PERSON", confidence: confidence, byContext: true))
      }
      spans = kept.sorted { $0.first < $1.first }
    }
    return spans
  }
}
