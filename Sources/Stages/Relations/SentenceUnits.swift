import Foundation
import Pipeline

/// The matching units of one document: its tokens, with a possessive `'s` split off and
/// curly apostrophes folded, each mapped to the entity it belongs to.
///
/// Rules match over units, so they do not depend on how the tokenizer treats `'s` or `’s`.
struct SentenceUnits {
  /// Lowercased unit text (apostrophes folded to `'`).
  var words: [String] = []
  /// Whether the unit's first character is an uppercase letter.
  var capitalized: [Bool] = []
  /// UTF-8 byte range of each unit in the text.
  var starts: [Int] = []
  var ends: [Int] = []
  /// Index in `document.entities` of the entity covering the unit, or -1.
  var entity: [Int] = []
  /// For an entity's first unit: the unit index just after the entity; else -1.
  var entityEnd: [Int] = []
  /// Index in `document.entities` of a place named inside an "X-based" unit ("London" of
  /// "London-based"), or -1. Such a name is no entity of the unit (`entity` stays -1, so
  /// other rules neither bind it nor stop a gap at it); only a `BASED` slot binds it.
  var basedEntity: [Int] = []

  var count: Int { words.count }

  /// Builds the units of the tokens that lie inside `[start, end)`.
  /// `bytes` is the document's text as UTF-8 (built once per document by the caller).
  init(document: Document, bytes: [UInt8], tokenRange: Range<Int>, entityRange: Range<Int>) {
    for index in tokenRange {
      let token = document.tokens[index]
      let lower = max(0, min(token.start, bytes.count))
      let upper = max(lower, min(token.end, bytes.count))
      guard upper > lower else { continue }
      appendToken(bytes, lower, upper)
    }
    entity = Array(repeating: -1, count: words.count)
    entityEnd = Array(repeating: -1, count: words.count)
    basedEntity = Array(repeating: -1, count: words.count)
    var unit = 0
    for index in entityRange {
      let mention = document.entities[index]
      while unit < words.count, ends[unit] <= mention.start { unit += 1 }
      var last = unit
      while last < words.count, starts[last] < mention.end { last += 1 }
      // A name that ends inside a word ("London" in "London-based") is no argument (but
      // a `BASED` slot's); one that starts inside a word ("Israeli" in "then-Israeli") is.
      guard last > unit, entity[unit] == -1 else { continue }
      guard mention.end >= ends[last - 1] else {
        if last - unit == 1, mention.start == starts[unit],
          Self.isBasedSuffix(bytes[mention.end..<ends[unit]])
        {
          basedEntity[unit] = index
        }
        continue
      }
      for covered in unit..<last where entity[covered] == -1 { entity[covered] = index }
      entityEnd[unit] = last
    }
  }

  /// Whether the bytes are "-based" (any case).
  static func isBasedSuffix(_ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.count == 6
      && bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        .elementsEqual("-based".utf8)
  }

  private mutating func appendToken(_ bytes: [UInt8], _ start: Int, _ end: Int) {
    // Split a trailing possessive: 's, ’s (E2 80 99 73), and the plural's s' / s’
    // ("Edmunds' executive director"), whose apostrophe is matched as "'s".
    var split = end
    var plural = false
    if end - start > 2, bytes[end - 1] | 0x20 == 0x73 {
      if bytes[end - 2] == 0x27 {
        split = end - 2
      } else if end - start > 4, bytes[end - 2] == 0x99, bytes[end - 3] == 0x80,
        bytes[end - 4] == 0xE2
      {
        split = end - 4
      }
    } else if end - start > 2, bytes[end - 1] == 0x27, bytes[end - 2] | 0x20 == 0x73 {
      split = end - 1
      plural = true
    } else if end - start > 4, bytes[end - 1] == 0x99, bytes[end - 2] == 0x80,
      bytes[end - 3] == 0xE2, bytes[end - 4] | 0x20 == 0x73
    {
      split = end - 3
      plural = true
    }
    // An apostrophe the tokenizer split off a word ending in "s" is that possessive too.
    if !plural, ends.last == start, words.last?.hasSuffix("s") == true,
      bytes[start..<end].elementsEqual([0x27])
        || bytes[start..<end].elementsEqual([0xE2, 0x80, 0x99])
    {
      plural = true
      split = start
    }
    if split > start { append(bytes, start, split) }
    if split < end {
      append(bytes, split, end)
      if plural { words[words.count - 1] = "'s" }
    }
  }

  private mutating func append(_ bytes: [UInt8], _ start: Int, _ end: Int) {
    let unit = bytes[start..<end]
    starts.append(start)
    ends.append(end)
    if !unit.contains(where: { $0 >= 0x80 }) {
      // ASCII (most units): lower-case the bytes directly.
      words.append(
        String(decoding: unit.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self))
      capitalized.append(unit.first.map { $0 >= 0x41 && $0 <= 0x5A } ?? false)
      return
    }
    // Invisible format characters (left-to-right marks, zero-width spaces) do not count;
    // curly apostrophes are folded to `'`.
    var scalars = String.UnicodeScalarView()
    for scalar in String(decoding: unit, as: UTF8.self).unicodeScalars
    where scalar.properties.generalCategory != .format {
      scalars.append(scalar == "\u{2019}" || scalar == "\u{2018}" ? "'" : scalar)
    }
    let raw = String(scalars)
    words.append(raw.lowercased())
    capitalized.append(raw.first.map { $0.isUppercase } ?? false)
  }
}
