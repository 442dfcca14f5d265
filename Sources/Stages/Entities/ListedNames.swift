import Foundation

/// World knowledge from public name lists, used after the model only (like
/// ``SubdivisionPlaces``; no model feature, so the bundled model is unchanged with them):
///
/// - `geonames-places.tsv`: GeoNames towns of at least 100,000 inhabitants and the US
///   counties (kinds `town` and `county`, label LOC), built by `scripts/geonames-places`;
/// - `companies.tsv`: the companies of twenty stock indices, as listed and without their
///   legal form (kind `company`, label ORG), built by `scripts/ticker-companies`;
/// - `us-state-abbreviations.tsv`: AP-style state abbreviations ("Calif.", "W.Va."; kind
///   `state-abbreviation`, label LOC), written by hand, a place only after "Town,".
///
/// Names the bundled gazetteer or the subdivisions list already have are left to them, a
/// company named like a listed place ("Hartford") is left out, and so are names made only of
/// common lower-case words of the model's lexicon ("Reading", "Target", "Match") and month
/// and weekday names (dates: "August" is a Swedish town).
enum ListedNames {
  /// The list files, the label each gives and its kind (`nil`: the file's third column
  /// says: `US-XX` a county, else a town).
  static let files: [(file: String, label: String, kind: String?)] = [
    ("geonames-places.tsv", "LOC", nil),
    ("us-state-abbreviations.tsv", "LOC", "state-abbreviation"),
    ("companies.tsv", "ORG", "company"),
  ]

  /// Kinds of the listed places.
  static let placeKinds: Set<String> = ["town", "county", "state-abbreviation"]

  /// The lists as one gazetteer, without the names `bundled` and `subdivisions` have, the
  /// companies named like a listed place, month and weekday names, and the names whose
  /// every word is in `commonWords`.
  static func load(
    bundled: Gazetteer, subdivisions: Gazetteer, commonWords: Set<UInt64>
  ) throws -> Gazetteer {
    var listed = Gazetteer()
    let dates = PatternMatcher()
    let folder = try EntityResources.folder()
    for list in files {
      try forEachRow(folder.appendingPathComponent(list.file)) { fields in
        let name = string(fields[0])
        guard bundled.lookup(name) == nil, subdivisions.lookup(name) == nil,
          !dates.isCalendarWord(name), !allCommon(fields[0], commonWords)
        else { return }
        let county = fields.count > 2 && fields[2].starts(with: "US-".utf8)
        let kind = list.kind ?? (county ? "county" : "town")
        if kind == "company", let known = listed.lookup(name), placeKinds.contains(known.kind) {
          return
        }
        let canonical = fields.count > 1 && !fields[1].isEmpty ? string(fields[1]) : name
        for spelling in tokenSpellings(name) {
          listed.add(spelling, label: list.label, canonical: canonical, kind: kind)
        }
      }
    }
    return listed
  }

  /// Whether every word of a name (split at spaces and hyphens) is in `commonWords`, as
  /// ``SubdivisionPlaces`` asks, over the name's bytes.
  static func allCommon(_ name: ArraySlice<UInt8>, _ commonWords: Set<UInt64>) -> Bool {
    var hash = FeatureHash.seed
    var inWord = false
    for byte in name {
      if byte == 0x20 || byte == 0x2D {
        if inWord, !commonWords.contains(hash) { return false }
        hash = FeatureHash.seed
        inWord = false
      } else {
        hash = FeatureHash.step(hash, Gazetteer.lowercase(byte))
        inWord = true
      }
    }
    return !inWord || commonWords.contains(hash)
  }

  private static func string(_ bytes: ArraySlice<UInt8>) -> String {
    bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
  }

  /// The spellings of a name to match over tokens: the name, and for a name ending in a
  /// possessive ("Lowe's", "Macy's") the name as the tokenizer splits it ("Lowe 's", with
  /// a straight or a typographic apostrophe).
  static func tokenSpellings(_ name: String) -> [String] {
    guard name.utf8.count > 3, name.utf8.suffix(2).elementsEqual("'s".utf8) else { return [name] }
    let stem = name.dropLast(2)
    return [name, stem + " 's", stem + " \u{2019}s"]
  }

  /// Hands each row of a list file to `body` as its fields' bytes: split on tabs, ASCII spaces and
  /// carriage returns trimmed, blank lines and `#` comments skipped. Read as bytes, not
  /// through ``EntityResources/rows(_:)``: the lists have tens of thousands of rows, and
  /// every worker process loads them at start-up.
  static func forEachRow(_ url: URL, _ body: ([ArraySlice<UInt8>]) throws -> Void) throws {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw NERModelError("cannot read \(url.path): \(error.localizedDescription)")
    }
    func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
      var slice = bytes
      while let first = slice.first, first == 0x20 || first == 0x0D { slice = slice.dropFirst() }
      while let last = slice.last, last == 0x20 || last == 0x0D { slice = slice.dropLast() }
      return slice
    }
    let bytes = [UInt8](data)
    for line in bytes.split(separator: 0x0A) {
      let content = trimmed(line)
      guard let first = content.first, first != 0x23 else { continue }
      try body(content.split(separator: 0x09, omittingEmptySubsequences: false).map(trimmed))
    }
  }
}
