import Pipeline

/// Quotations written in title case (a slogan "“Less Money on Testing, More Money on
/// Students”", a song "“We’re Not Gonna Take It”"): their capitalised words are a title's,
/// not names. A model name found only inside such quotations, and nowhere else in the
/// document, is dropped (``apply(_:text:tokens:commonWords:)``). Headings are left alone:
/// a news heading or a Reuters headline names the people of its story as often as not.
enum TitleCaseQuotes {
  /// Fewest words of a title-case quotation.
  static let minimumWords = 3
  /// Share of the quotation's words of four bytes or more that must be capitalised (an
  /// upper-case letter first, a lower-case one after: all-capital words do not count).
  static let capitalisedShare = 0.8

  /// Byte ranges of quotations on one line: between typographic double quotes, or between
  /// two straight ones (a run of them counting as one, and a mark with a space before and a
  /// word after always opening).
  static func quotations(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var open: Int?
    var straight: Int?
    var index = 0
    while index < text.count {
      let byte = text[index]
      if byte == 0x0A {
        open = nil
        straight = nil
      } else if byte == 0x22 {
        // A run of straight quotes is one quote mark (`""x""`, as CSV writes quotes).
        var last = index
        while last + 1 < text.count, text[last + 1] == 0x22 { last += 1 }
        // Which way it faces, where the spaces around it say: a space before and a word
        // after opens (also when a quotation seemed open: an unpaired mark before it).
        let spaceBefore = index == 0 || text[index - 1] == 0x20 || text[index - 1] == 0x28
        let spaceAfter = last + 1 == text.count || text[last + 1] == 0x20 || text[last + 1] == 0x0A
        if let start = straight, !spaceBefore || spaceAfter {
          result.append(start..<index)
          straight = nil
        } else {
          straight = last + 1
        }
        index = last
      } else if byte == 0xE2, index + 2 < text.count, text[index + 1] == 0x80 {
        if text[index + 2] == 0x9C {
          open = index + 3
        } else if text[index + 2] == 0x9D, let start = open {
          result.append(start..<index)
          open = nil
        }
      }
      index += 1
    }
    return result
  }

  /// Whether the tokens of a quotation are title case: at least `minimumWords` words, at
  /// least `capitalisedShare` of the long ones capitalised, and a capitalised word after
  /// the first that is a common lower-case word of the model's lexicon (`commonWords`:
  /// "Money", "Take"), so that a list of names is no title.
  static func isTitleCase(
    _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>, commonWords: Set<UInt64>
  ) -> Bool {
    // A letter opens a word; a typographic apostrophe or quote (0xE2 ...) does not ("’re"
    // of "We’re").
    func isLetter(_ byte: UInt8) -> Bool {
      (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || (byte >= 0xC3 && byte != 0xE2)
    }
    let words = tokens.filter { isLetter(text[$0.start]) }
    guard words.count >= minimumWords else { return false }
    func capitalised(_ token: Token) -> Bool {
      let lead = text[token.start]
      return lead >= 0x41 && lead <= 0x5A
        && text[(token.start + 1)..<token.end].contains { $0 >= 0x61 && $0 <= 0x7A }
    }
    let long = words.filter { $0.end - $0.start >= 4 }
    guard !long.isEmpty,
      Double(long.filter(capitalised).count) >= capitalisedShare * Double(long.count)
    else { return false }
    return words.dropFirst().contains {
      capitalised($0) && commonWords.contains(FeatureHash.lowercased(text[$0.start..<$0.end]))
    }
  }

  /// The entities without the model names (PERSON, ORG, LOC, MISC) that lie inside
  /// title-case quotations and whose text (``LabelVote/key(_:)``) no name outside them has.
  static func apply(
    _ entities: inout [Entity], text: UnsafeBufferPointer<UInt8>, tokens: [Token],
    commonWords: Set<UInt64>
  ) {
    let titles = quotations(text).filter { range in
      var first = 0
      var high = tokens.count
      while first < high {
        let middle = (first + high) / 2
        if tokens[middle].start < range.lowerBound { first = middle + 1 } else { high = middle }
      }
      var end = first
      while end < tokens.count, tokens[end].end <= range.upperBound { end += 1 }
      return isTitleCase(text, tokens[first..<end], commonWords: commonWords)
    }
    guard !titles.isEmpty else { return }
    func inTitle(_ entity: Entity) -> Bool {
      titles.contains { $0.lowerBound <= entity.start && entity.end <= $0.upperBound }
    }
    func key(_ entity: Entity) -> String {
      LabelVote.key(ArraySlice(text[entity.start..<entity.end]))
    }
    let named = entities.filter { LabelVote.labels.contains($0.label) }
    let outside = Set(named.filter { !inTitle($0) }.map(key))
    entities.removeAll {
      $0.origin == "model" && LabelVote.labels.contains($0.label) && inTitle($0)
        && !outside.contains(key($0))
    }
  }
}
