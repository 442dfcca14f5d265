import Pipeline

/// Organisations named for their purpose with "for" or "on" ("Salk Institute for Biological
/// Studies", "Committee for a Responsible Federal Budget", "National Society for the
/// Prevention of Cruelty to Children", "Alliance for American Manufacturing", "House Select
/// Committee on Intelligence"): the model often ends the name at its head word and tags what
/// follows as a name of its own, or not at all.
extension EntityTagger {
  /// Capitalised last words of an organisation's name that a purpose may follow.
  static let purposeHeads = FeatureExtractor.commonWords(
    in: [],
    words: [
      "institute", "institution", "committee", "subcommittee", "society", "alliance", "center",
      "centre", "foundation", "council", "academy", "association", "commission", "coalition",
      "fund", "federation", "league", "board", "office", "bureau", "agency", "trust",
      "campaign", "network", "partnership", "organization", "organisation", "initiative",
      "authority", "movement", "forum", "caucus", "panel", "task", "force", "consortium",
    ])
  /// The lower-case words that join a purpose to its organisation, and the articles that may
  /// follow them ("for a", "for the").
  static let purposeJoins = FeatureExtractor.commonWords(in: [], words: ["for", "on"])
  static let purposeArticles = FeatureExtractor.commonWords(in: [], words: ["a", "an", "the"])
  /// Lower-case words inside a purpose between capitalised ones ("Prevention of Cruelty to
  /// Children", "Strategic and International Studies").
  static let purposeInnerWords = FeatureExtractor.commonWords(
    in: [], words: ["of", "and", "to", "the"])

  /// Model spans with an organisation whose capitalised last word is one of ``purposeHeads``,
  /// followed by a lower-case "for" or "on", perhaps an article, and capitalised words (with
  /// ``purposeInnerWords`` between them; no month or weekday: "Board on Monday"), joined with
  /// those words, and any model span among them, into one ORG.
  func joinedPurposeNames(
    _ spans: [ModelSpan], _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> [ModelSpan] {
    func capitalised(_ position: Int) -> Bool {
      startsUpperCase(position, text, tokens) && !Self.dateWords.contains(sentence.lower[position])
    }
    func lowerCase(_ position: Int, in words: Set<UInt64>) -> Bool {
      startsLowerCase(position, text, tokens) && words.contains(sentence.lower[position])
    }
    var result: [ModelSpan] = []
    var index = 0
    while index < spans.count {
      var span = spans[index]
      index += 1
      let head = span.end - 1
      guard span.end + 1 < sentence.count, capitalised(head),
        Self.purposeHeads.contains(sentence.lower[head]),
        lowerCase(span.end, in: Self.purposeJoins)
      else {
        result.append(span)
        continue
      }
      var start = span.end + 1
      if lowerCase(start, in: Self.purposeArticles) { start += 1 }
      guard start < sentence.count, capitalised(start) else {
        result.append(span)
        continue
      }
      var end = start + 1
      while end < sentence.count {
        if capitalised(end) {
          end += 1
        } else if end + 1 < sentence.count, lowerCase(end, in: Self.purposeInnerWords),
          capitalised(end + 1)
        {
          end += 2
        } else {
          break
        }
      }
      // Model spans inside the purpose join the name; one that runs past it takes it along.
      while index < spans.count, spans[index].first < end {
        end = max(end, spans[index].end)
        index += 1
      }
      span.end = end
      span.label = "ORG"
      result.append(span)
    }
    return result
  }
}
