import Foundation

/// World knowledge from public name lists, used after the model only (like
/// ``SubdivisionPlaces``; no model feature, so the bundled model is unchanged with them):
///
/// - `geonames-places.tsv`: GeoNames towns of at least 15,000 inhabitants and the US
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
      for row in try EntityResources.rows(folder.appendingPathComponent(list.file)) {
        let name = row[0]
        guard bundled.lookup(name) == nil, subdivisions.lookup(name) == nil,
          !dates.isCalendarWord(name),
          !SubdivisionPlaces.words(of: name).allSatisfy({
            commonWords.contains(FeatureHash.lowercased($0.utf8))
          })
        else { continue }
        let third = row.count > 2 ? row[2] : ""
        let kind = list.kind ?? (third.hasPrefix("US-") ? "county" : "town")
        if kind == "company", let known = listed.lookup(name), placeKinds.contains(known.kind) {
          continue
        }
        let canonical = row.count > 1 && !row[1].isEmpty ? row[1] : name
        for spelling in tokenSpellings(name) {
          listed.add(spelling, label: list.label, canonical: canonical, kind: kind)
        }
      }
    }
    return listed
  }

  /// The spellings of a name to match over tokens: the name, and for a name ending in a
  /// possessive ("Lowe's", "Macy's") the name as the tokenizer splits it ("Lowe 's", with
  /// a straight or a typographic apostrophe).
  static func tokenSpellings(_ name: String) -> [String] {
    guard name.hasSuffix("'s"), name.count > 3 else { return [name] }
    let stem = name.dropLast(2)
    return [name, stem + " 's", stem + " \u{2019}s"]
  }
}
