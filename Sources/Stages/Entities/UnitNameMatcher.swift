import Pipeline

/// Names of military units, which a tagger trained on 1996 news rarely sees: an ordinal,
/// capitalised words and a unit noun ("5th Special Forces Group", "2nd Battalion", "407th Air
/// Expeditionary Group", "Jordanian 71st Counter Terrorism Battalion"), labelled ORG with the
/// pattern entities. Capitalised words (a nationality, "U.S.") just before the ordinal belong
/// to the name.
struct UnitNameMatcher: Sendable {
  /// Lower-cased hashes of the words a unit name ends with.
  private let unitNouns: Set<UInt64>

  init() {
    unitNouns = Set(
      [
        "army", "battalion", "battalions", "brigade", "brigades", "command", "company", "corps",
        "detachment", "division", "fleet", "flotilla", "force", "forces", "group", "marines",
        "platoon", "regiment", "squadron", "task", "troop", "wing", "unit", "battery",
      ].map { FeatureHash.string($0) })
  }

  /// Token spans `[first, end)` of the sentence's unit names.
  func matches(in text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>) -> [(
    first: Int, end: Int
  )] {
    let base = tokens.startIndex
    func bytes(_ index: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
      text[tokens[base + index].start..<tokens[base + index].end]
    }
    func capitalised(_ index: Int) -> Bool {
      guard let lead = bytes(index).first else { return false }
      return lead >= 0x41 && lead <= 0x5A
    }
    func lower(_ index: Int) -> UInt64 { FeatureHash.lowercased(bytes(index)) }
    var result: [(first: Int, end: Int)] = []
    var index = 0
    while index < tokens.count {
      guard Self.isOrdinal(bytes(index)) else {
        index += 1
        continue
      }
      var end = index + 1
      var last: Int?
      while end < tokens.count, end - index <= 6, capitalised(end) {
        if unitNouns.contains(lower(end)) { last = end }
        end += 1
      }
      guard let last else {
        index += 1
        continue
      }
      var first = index
      while first > 0, index - first < 2, capitalised(first - 1), !Self.isArticle(bytes(first - 1))
      {
        first -= 1
      }
      result.append((first, last + 1))
      index = last + 1
    }
    return result
  }

  /// "1st", "2nd", "3rd", "71st", "507th" (digits, then st, nd, rd or th).
  static func isOrdinal(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard token.count >= 3, let first = token.first, first >= 0x30, first <= 0x39 else {
      return false
    }
    let end = token.endIndex
    let a = Gazetteer.lowercase(token[end - 2])
    let b = Gazetteer.lowercase(token[end - 1])
    let ordinal =
      (a == 0x73 && b == 0x74) || (a == 0x6E && b == 0x64) || (a == 0x72 && b == 0x64)
      || (a == 0x74 && b == 0x68)
    return ordinal && token[token.startIndex..<end - 2].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }

  /// "The", "A", "An".
  static func isArticle(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    let word = token.map(Gazetteer.lowercase)
    return word == Array("the".utf8) || word == Array("a".utf8) || word == Array("an".utf8)
  }
}
