import Pipeline

/// Newspapers named after their town ("Baltimore Sun", "New York Daily News", "San Diego
/// Union-Tribune", "USA Today"): the model often tags the place alone, and the masthead word
/// after it is left out or tagged as a name of its own.
extension EntityTagger {
  /// Lower-cased hashes of the last words of newspapers' names. Not "Democrat" nor "Republic"
  /// ("Kentucky Democrat", "Dominican Republic").
  static let mastheadWords = FeatureExtractor.commonWords(
    in: [],
    words: [
      "times", "post", "sun", "tribune", "herald", "journal", "globe", "courant", "chronicle",
      "gazette", "examiner", "inquirer", "news", "today", "star", "observer", "register",
      "telegraph", "guardian", "statesman", "bee", "dispatch", "enquirer", "picayune",
      "advertiser", "dealer",
    ])
  /// Lower-cased hashes of capitalised words that may come between the town and the masthead
  /// word ("Daily", "Sunday", "Morning").
  static let mastheadLeads = FeatureExtractor.commonWords(
    in: [], words: ["daily", "sunday", "morning", "evening", "weekly", "plain"])

  /// Model spans with a LOC or ORG followed by capitalised masthead words (perhaps ``mastheadLeads``,
  /// then one of ``mastheadWords`` or a hyphenated token ending in one: "Union-Tribune"),
  /// joined with them, and any model span among them, into one ORG, when no capitalised word
  /// follows.
  func joinedMastheads(
    _ spans: [ModelSpan], _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> [ModelSpan] {
    let base = tokens.startIndex
    func capitalised(_ position: Int) -> Bool {
      position < sentence.count && startsUpperCase(position, text, tokens)
    }
    func masthead(_ position: Int) -> Bool {
      guard capitalised(position) else { return false }
      if Self.mastheadWords.contains(sentence.lower[position]) { return true }
      let token = tokens[base + position]
      guard let hyphen = text[token.start..<token.end].lastIndex(of: 0x2D) else { return false }
      return Self.mastheadWords.contains(FeatureHash.lowercased(text[(hyphen + 1)..<token.end]))
    }
    var result: [ModelSpan] = []
    var index = 0
    while index < spans.count {
      var span = spans[index]
      index += 1
      var end = span.end
      while capitalised(end), Self.mastheadLeads.contains(sentence.lower[end]) { end += 1 }
      // The town tagged as a place, or as the organisation it names here ("Baltimore" ORG);
      // a capitalised word after the masthead word goes on with another name.
      guard span.label == "LOC" || span.label == "ORG", masthead(end), !capitalised(end + 1)
      else {
        result.append(span)
        continue
      }
      end += 1
      // A model span among the masthead words joins the name; one that runs past it does not.
      guard !spans[index...].contains(where: { $0.first < end && $0.end > end }) else {
        result.append(span)
        continue
      }
      while index < spans.count, spans[index].first < end { index += 1 }
      span.end = end
      span.label = "ORG"
      result.append(span)
    }
    return result
  }
}
