import Foundation

/// The bundled entity data: gazetteer lists, the demonym table and the default model.
public enum EntityResources {
  /// The bundled lists, the label each gives, and its kind.
  static let lists: [(file: String, label: String, kind: String)] = [
    ("countries.tsv", "LOC", "country"),
    ("regions.tsv", "LOC", "region"),
    ("cities.tsv", "LOC", "city"),
    ("demonyms.tsv", "MISC", "demonym"),
    ("organizations.tsv", "ORG", "org"),
    ("government.tsv", "ORG", "government"),
    ("titles.tsv", "TITLE", "title"),
  ]

  /// The folder holding the bundled entity data.
  public static func folder() throws -> URL {
    try BundledResources.folder("entities")
  }

  /// The bundled group classifier (``GroupClassifier``).
  public static func groupModelURL() throws -> URL {
    try folder().appendingPathComponent("groups-en.tsv")
  }

  /// The bundled default model file.
  public static func defaultModelURL() throws -> URL {
    try folder().appendingPathComponent("ner-en.bin")
  }

  /// Rows of a TSV file: fields split on tabs; blank lines and `#` comments skipped.
  public static func rows(_ url: URL) throws -> [[String]] {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw NERModelError("cannot read \(url.path): \(error.localizedDescription)")
    }
    var rows: [[String]] = []
    for line in text.split(whereSeparator: \.isNewline) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      rows.append(
        trimmed.split(separator: "\t", omittingEmptySubsequences: false).map {
          $0.trimmingCharacters(in: .whitespaces)
        })
    }
    return rows
  }

  /// The bundled gazetteer (every list).
  public static func gazetteer() throws -> Gazetteer {
    var gazetteer = Gazetteer()
    var states: [(name: String, canonical: String)] = []
    let folder = try folder()
    for list in lists {
      for row in try rows(folder.appendingPathComponent(list.file)) {
        let name = row[0]
        let canonical =
          list.kind == "demonym" ? name : (row.count > 1 && !row[1].isEmpty ? row[1] : name)
        let country: String?
        switch list.kind {
        case "demonym": country = row.count > 1 && !row[1].isEmpty ? row[1] : nil
        case "city": country = row.count > 2 && !row[2].isEmpty ? row[2] : nil
        default: country = nil
        }
        gazetteer.add(
          name, label: list.label, canonical: canonical, kind: list.kind, country: country)
        if list.kind == "country", name.first?.isUppercase == true, !name.contains(".") {
          states.append((name, canonical))
        }
      }
    }
    // "Government of Iraq": a state's government is an organisation (added last, so the
    // order of list kinds, which model features use, stays that of `lists`).
    for (name, canonical) in states {
      gazetteer.add(
        "Government of \(name)", label: "ORG", canonical: "Government of \(canonical)",
        kind: "government", country: canonical)
    }
    return gazetteer
  }
}

extension EntityResources {
  /// The hand-written common words of `common_words.txt` (one a line, `#` comments): words
  /// that start sentences capitalised but are not names ("Therefore", "Moreover").
  public static func commonWords() throws -> [String] {
    try rows(folder().appendingPathComponent("common_words.txt")).map { $0[0].lowercased() }
  }
}

/// Demonyms and nationality adjectives mapped to their country ("Israeli" -> "Israel",
/// "Azeri" -> "Azerbaijan"), from the bundled `demonyms.tsv` (`demonym<TAB>country`).
public enum Demonyms {
  /// The table, keyed by demonym as written in the file (also its plural forms where listed).
  public static func load() throws -> [String: String] {
    var table: [String: String] = [:]
    let url = try EntityResources.folder().appendingPathComponent("demonyms.tsv")
    for row in try EntityResources.rows(url) where row.count > 1 && !row[1].isEmpty {
      table[row[0]] = row[1]
    }
    return table
  }
}
