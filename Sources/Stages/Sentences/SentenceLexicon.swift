import Foundation

/// How an abbreviation before a period behaves at a possible sentence end.
public enum AbbreviationClass: UInt8, Sendable {
  /// Not an abbreviation.
  case none = 0
  /// Ordinary abbreviation ("Co.", "etc.", "U.S."): ends a sentence only before a sentence starter.
  case ordinary
  /// Prepositive title ("Mr.", "Dr."): never ends a sentence.
  case title
  /// Before numbers ("No. 5", "p. 55"): no break before a digit, otherwise ordinary.
  case numberPrefix
  /// Introduces something ("e.g.", "vs."): never ends a sentence.
  case neverFinal
  /// "a.m." / "p.m.".
  case time
  /// A single-letter initial ("E.") that is not in a list.
  case initial
  /// A multi-period form not in any list ("Ph.D.", "N.A.T.O."): ordinary.
  case dotted
  /// A month ("Jan."): no break before a number, a break before other capitalised words.
  case month
}

/// The word lists the tokenizer and sentence splitter use, loaded once from
/// `Resources/sentences/` (see its README).
public struct SentenceLexicon: Sendable {
  /// Abbreviations (lowercased, inner periods kept, final period left out) to their class.
  public let abbreviations: WordTable
  /// Capitalised words that usually open a sentence.
  public let starters: WordTable

  /// Builds a lexicon from explicit lists.
  public init(abbreviations: [(String, AbbreviationClass)], starters: [String]) {
    self.abbreviations = WordTable(abbreviations.map { ($0.0, $0.1.rawValue) })
    self.starters = WordTable(starters.map { ($0, 1) })
  }

  /// The built-in lists plus `extraAbbreviations` (ordinary class; a final period is ignored).
  public static func standard(extraAbbreviations: [String] = []) throws -> SentenceLexicon {
    let folder = try BundledResources.folder("sentences")
    let files: [(String, AbbreviationClass)] = [
      ("titles.txt", .title), ("never_final.txt", .neverFinal), ("time.txt", .time),
      ("number_prefixes.txt", .numberPrefix), ("months.txt", .month),
      ("abbreviations.txt", .ordinary),
    ]
    var abbreviations: [(String, AbbreviationClass)] = []
    for (file, kind) in files {
      for word in try readList(folder.appendingPathComponent(file)) {
        abbreviations.append((word, kind))
      }
    }
    for word in extraAbbreviations {
      var entry = word.trimmingCharacters(in: .whitespaces)
      while entry.hasSuffix(".") { entry.removeLast() }
      if !entry.isEmpty { abbreviations.append((entry, .ordinary)) }
    }
    let starters = try readList(folder.appendingPathComponent("sentence_starters.txt"))
    return SentenceLexicon(abbreviations: abbreviations, starters: starters)
  }

  /// The non-empty, non-comment lines of a list file.
  static func readList(_ url: URL) throws -> [String] {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw SentenceDataError(message: "cannot read \(url.path): \(error.localizedDescription)")
    }
    return text.split(whereSeparator: \.isNewline).compactMap { line in
      let entry = line.trimmingCharacters(in: .whitespaces)
      return entry.isEmpty || entry.hasPrefix("#") ? nil : entry
    }
  }
}

/// A data file of a stage is missing or unreadable.
public struct SentenceDataError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var description: String { message }
}
