import Foundation

/// First-level subdivisions of every country ("Texas", "Punjab", "Idlib", "Zabul") from ISO
/// 3166-2, and the countries and dependent territories of ISO 3166-1 ("Bermuda", "Western
/// Sahara"): `subdivisions.tsv`, built from Debian's iso-codes by `scripts/iso-subdivisions`.
///
/// The list is used after the model only (``EntityPasses/addSubdivisions(_:from:addMissing:)``):
/// it is no model feature, so the bundled model did not change with it. Names the bundled
/// gazetteer lists already are left to it, and so are names made only of common lower-case
/// words of the model's lexicon ("Central", "North West", "Acre"): capitalised, those open
/// sentences and longer names more often than they name a province.
enum SubdivisionPlaces {
  /// The list file in the bundled entity data.
  static let file = "subdivisions.tsv"

  /// The subdivisions as a gazetteer of kind `subdivision` (label LOC), without the names
  /// `bundled` lists and those whose every word is in `commonWords`.
  static func load(bundled: Gazetteer, commonWords: Set<UInt64>) throws -> Gazetteer {
    var places = Gazetteer()
    let url = try EntityResources.folder().appendingPathComponent(file)
    for row in try EntityResources.rows(url) {
      let name = row[0]
      guard bundled.lookup(name) == nil,
        !words(of: name).allSatisfy({ commonWords.contains(FeatureHash.lowercased($0.utf8)) })
      else { continue }
      let canonical = row.count > 1 && !row[1].isEmpty ? row[1] : name
      places.add(name, label: "LOC", canonical: canonical, kind: "subdivision")
    }
    return places
  }

  /// The words of a name, split at spaces and hyphens.
  static func words(of name: String) -> [Substring] {
    name.split(whereSeparator: { $0 == " " || $0 == "-" })
  }
}
