import Pipeline

/// A player's position written as an abbreviation before the name, as rosters and sports news
/// write it ("CB Denzel Ward", "Browns DL Sheldon Richardson", "Cleveland DL Larry Ogunjobi"):
/// the model reads the abbreviation, and a team before it, as part of one name.
extension EntityTagger {
  /// American football positions, written in capitals. Abbreviations that are also common
  /// names' initials or other names' parts ("SS", "SF", "PG", a lone "S" or "C") are left out.
  static let positionAbbreviations: Set<[UInt8]> = Set(
    [
      "QB", "RB", "FB", "HB", "WR", "TE", "OT", "OG", "OL", "DL", "DE", "DT", "NT", "LB",
      "ILB", "OLB", "MLB", "CB", "DB", "FS", "LS", "PK", "KR", "PR",
    ].map { Array($0.utf8) })

  /// A span with a position abbreviation inside, followed by two or more capitalised words up
  /// to its end: those words are a PERSON (by construction: the label vote keeps it), and the
  /// capitalised words before the abbreviation, if any, a name of their own with the span's
  /// label (a team: "Browns"). Other spans are kept whole ("TE Lawrence", "DB Schenker": one
  /// word after it).
  func splitAtPosition(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>
  ) -> [ModelSpan] {
    guard span.end - span.first >= 3 else { return [span] }
    let base = tokens.startIndex
    func capitalised(_ position: Int) -> Bool {
      ASCII.isUpper(text[tokens[base + position].start])
    }
    guard
      let position = (span.first..<span.end - 2).first(where: { position in
        let token = tokens[base + position]
        return token.end - token.start <= 3
          && Self.positionAbbreviations.contains(Array(text[token.start..<token.end]))
          && (position + 1..<span.end).allSatisfy(capitalised)
      })
    else { return [span] }
    var person = span
    person.first = position + 1
    person.label = "PERSON"
    person.cut = true
    person.byContext = true
    guard position > span.first, (span.first..<position).contains(where: capitalised) else {
      return [person]
    }
    var team = span
    team.end = position
    team.cut = true
    return [team, person]
  }
}
