import Foundation
import Pipeline

/// Name lists matched over token sequences: countries, cities, demonyms, organisations,
/// government bodies, titles, and user lists from the pipeline file.
///
/// Matching ignores ASCII case and treats hyphens like spaces ("Tel-Aviv" = "Tel Aviv"); the
/// first matched character must be upper case (or a digit or non-ASCII letter), and names
/// written without lower-case letters ("UN", "NATO") must match exactly as written, so the
/// pronoun "us" never matches "US". Names that start with a lower-case letter ("i24News")
/// match only exactly as written; a name listed both ways ("al-Qaeda", "Al-Qaeda") matches
/// either way. Matches are found longest first, left to right.
public struct Gazetteer: Sendable {
  /// One name in a list.
  public struct Entry: Sendable, Hashable {
    /// The name as listed.
    public var name: String
    /// The entity label the list gives (`LOC`, `ORG`, `MISC`, `PERSON`, or `TITLE` for titles).
    public var label: String
    /// The canonical name the entry links to ("Türkiye" -> "Turkey").
    public var canonical: String
    /// The list it came from (`country`, `city`, `demonym`, `org`, `government`, `title`, `user`).
    public var kind: String
    /// The country of a demonym or city, when the list says.
    public var country: String?
  }

  /// A match: tokens `[first, end)` of the sequence matched ``entries``[entry].
  public struct Match: Sendable, Hashable {
    public var first: Int
    public var end: Int
    public var entry: Int
  }

  /// Every entry, in the order added.
  public private(set) var entries: [Entry] = []
  /// The kinds of list, in order of first appearance (model features use their index).
  public private(set) var kinds: [String] = []
  private var index: [UInt64: Int] = [:]
  private var exactHashes: [Int: UInt64] = [:]
  private var prefixes: Set<UInt64> = []
  /// Whether some name starts with a lower-case letter ("i24News"): then lower-case tokens
  /// are tried too, and such names match exactly as written.
  private var hasLowerInitialNames = false
  /// Lower-cased hashes of the first words of those names ("i24news", "al"): a lower-case
  /// token is tried only when it starts with one.
  private var lowerInitialFirstWords: Set<UInt64> = []
  /// Exact hashes of names' lower-case-initial spellings ("al-Qaeda"), by entry: kept when a
  /// capitalised spelling of the same name ("Al-Qaeda") replaces the entry, so both match.
  private var lowerInitialSpellings: [Int: UInt64] = [:]

  /// An empty gazetteer.
  public init() {}

  /// Separator folded in for spaces between tokens and hyphens.
  private static let separator: UInt8 = 0x20

  /// Adds a name. Later additions of the same name (ignoring case) replace earlier ones.
  public mutating func add(
    _ name: String, label: String, canonical: String? = nil, kind: String, country: String? = nil
  ) {
    let trimmed = Self.trimmed(name)
    guard !trimmed.isEmpty else { return }
    var lower = FeatureHash.seed
    var exact = FeatureHash.seed
    var pendingSeparator = false
    var started = false
    var hasLowercase = false
    for byte in trimmed.utf8 {
      if byte == 0x20 || byte == 0x2D || byte == 0x09 {
        pendingSeparator = started
        continue
      }
      if pendingSeparator {
        prefixes.insert(lower)
        lower = FeatureHash.step(lower, Self.separator)
        exact = FeatureHash.step(exact, Self.separator)
        pendingSeparator = false
      }
      if byte >= 0x61 && byte <= 0x7A { hasLowercase = true }
      lower = FeatureHash.step(lower, Self.lowercase(byte))
      exact = FeatureHash.step(exact, byte)
      started = true
    }
    if !kinds.contains(kind) { kinds.append(kind) }
    let entry = Entry(
      name: trimmed, label: label, canonical: canonical ?? trimmed, kind: kind, country: country)
    let position: Int
    let hadEntry = index[lower] != nil
    if let existing = index[lower] {
      entries[existing] = entry
      position = existing
    } else {
      position = entries.count
      entries.append(entry)
      index[lower] = position
    }
    let lowerInitial = trimmed.utf8.first.map { $0 >= 0x61 && $0 <= 0x7A } ?? false
    if lowerInitial {
      // A capitalised token never equals this spelling: a name listed only in lower case
      // matches only as written; a capitalised spelling listed too keeps its own rule.
      if !hadEntry {
        exactHashes[position] = exact
      }
      lowerInitialSpellings[position] = exact
    } else if hasLowercase {
      exactHashes[position] = nil
    } else {
      exactHashes[position] = exact
    }
    if lowerInitial {
      hasLowerInitialNames = true
      var first = FeatureHash.seed
      for byte in trimmed.utf8.prefix(while: { $0 != 0x20 && $0 != 0x2D && $0 != 0x09 }) {
        first = FeatureHash.step(first, Self.lowercase(byte))
      }
      lowerInitialFirstWords.insert(first)
    }
  }

  /// The name without surrounding white space; names that neither start nor end with a space,
  /// a tab or a non-ASCII character (most) are returned as they are, without Foundation's
  /// trimming (the public lists add tens of thousands of names at start-up).
  private static func trimmed(_ name: String) -> String {
    guard let first = name.utf8.first, let last = name.utf8.last,
      first != 0x20, first != 0x09, first < 0x80, last != 0x20, last != 0x09, last < 0x80
    else { return name.trimmingCharacters(in: .whitespaces) }
    return name
  }

  /// Lower-cased hash of a token's bytes up to its first hyphen.
  private static func firstWordHash(_ text: UnsafeBufferPointer<UInt8>, _ token: Token) -> UInt64 {
    var hash = FeatureHash.seed
    var index = token.start
    while index < token.end, text[index] != 0x2D {
      hash = FeatureHash.step(hash, lowercase(text[index]))
      index += 1
    }
    return hash
  }

  @inline(__always)
  static func lowercase(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  /// Longest, non-overlapping matches over a token sequence, left to right.
  func matches(
    in text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>, maxTokens: Int = 8
  ) -> [Match] {
    var result: [Match] = []
    guard !index.isEmpty else { return result }
    let base = tokens.startIndex
    var first = base
    while first < tokens.endIndex {
      let leading = text[tokens[first].start]
      let lowerInitial = leading >= 0x61 && leading <= 0x7A
      let isCandidate =
        (leading >= 0x41 && leading <= 0x5A) || leading >= 0x80
        || (leading >= 0x30 && leading <= 0x39)
        || (lowerInitial && hasLowerInitialNames
          && lowerInitialFirstWords.contains(Self.firstWordHash(text, tokens[first])))
      guard isCandidate else {
        first += 1
        continue
      }
      var lower = FeatureHash.seed
      var exact = FeatureHash.seed
      var best: (end: Int, entry: Int)?
      var position = first
      while position < tokens.endIndex && position - first < maxTokens {
        let token = tokens[position]
        if position > first {
          if !prefixes.contains(lower) { break }
          lower = FeatureHash.step(lower, Self.separator)
          exact = FeatureHash.step(exact, Self.separator)
        }
        var offset = token.start
        var brokeOnPrefix = false
        while offset < token.end {
          let byte = text[offset]
          if byte == 0x2D {
            if !prefixes.contains(lower) {
              brokeOnPrefix = true
              break
            }
            lower = FeatureHash.step(lower, Self.separator)
            exact = FeatureHash.step(exact, Self.separator)
          } else {
            lower = FeatureHash.step(lower, Self.lowercase(byte))
            exact = FeatureHash.step(exact, byte)
          }
          offset += 1
        }
        if brokeOnPrefix { break }
        if let entry = index[lower] {
          if lowerInitial {
            if lowerInitialSpellings[entry] == exact { best = (position + 1, entry) }
          } else if let required = exactHashes[entry] {
            if required == exact { best = (position + 1, entry) }
          } else {
            best = (position + 1, entry)
          }
        }
        position += 1
      }
      if let best {
        result.append(Match(first: first - base, end: best.end - base, entry: best.entry))
        first = best.end
      } else {
        first += 1
      }
    }
    return result
  }

  /// Looks a name up (same normalisation as matching, without the case rules).
  public func lookup(_ name: String) -> Entry? {
    var lower = FeatureHash.seed
    var pendingSeparator = false
    var started = false
    for byte in name.utf8 {
      if byte == 0x20 || byte == 0x2D {
        pendingSeparator = started
        continue
      }
      if pendingSeparator {
        lower = FeatureHash.step(lower, Self.separator)
        pendingSeparator = false
      }
      lower = FeatureHash.step(lower, Self.lowercase(byte))
      started = true
    }
    return index[lower].map { entries[$0] }
  }
}

extension [Gazetteer.Match] {
  /// Whether a listed name covers token `position`.
  func covers(_ position: Int) -> Bool {
    contains { $0.first <= position && $0.end > position }
  }
}

extension EntityTagger {
  /// The match of exactly tokens `first..<end` whose entry is of one of `kinds`.
  func listedMatch(
    _ first: Int, _ end: Int, kinds: Set<String>, in matches: [Gazetteer.Match]
  ) -> Gazetteer.Match? {
    matches.first {
      $0.first == first && $0.end == end && kinds.contains(gazetteer.entries[$0.entry].kind)
    }
  }
}
