import Pipeline

/// No name runs across a line break. A sentence may hold several lines of a listing or a
/// table ("Saratoga Performing Arts Center" at the end of one line, "July 30" opening the
/// next; a person's name above a count), and the model's span can run from one line into
/// the next ("Saratoga Performing Arts Center\nJuly", "Juan C. Sanz\n4582\n0.7"). Such a span
/// is cut at each line break into its lines' parts, each a span with the same label; a part
/// made only of month and weekday names and numbers ("July", "4582") is a date or a figure,
/// not a name, and is dropped.
extension EntityTagger {
  /// The parts `[first, end)` of the model span `[first, end)` of the sentence `tokens`
  /// between the line breaks inside it, without the parts of dates and numbers only; the span
  /// itself when no line break falls between two of its tokens.
  func linesOfSpan(
    _ first: Int, _ end: Int, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> [(first: Int, end: Int)] {
    let base = tokens.startIndex
    func breaksBefore(_ position: Int) -> Bool {
      text[tokens[base + position - 1].end..<tokens[base + position].start].contains(
        ASCII.newline)
    }
    guard (first + 1..<end).contains(where: breaksBefore) else { return [(first, end)] }
    func dateOrNumber(_ position: Int) -> Bool {
      let token = tokens[base + position]
      return Self.dateWords.contains(sentence.lower[position])
        || !text[token.start..<token.end].contains { ASCII.isLetter($0) || $0 >= 0x80 }
    }
    var parts: [(first: Int, end: Int)] = []
    var start = first
    for position in first + 1...end where position == end || breaksBefore(position) {
      if !(start..<position).allSatisfy(dateOrNumber) { parts.append((start, position)) }
      start = position
    }
    return parts
  }
}
