import Foundation
import Pipeline
import Stages

/// Training sentences taken from document-level gold annotations (the news-relations format:
/// per document, groups of surface forms typed PERSON, ORG or LOC, and optional entities; no
/// offsets).
///
/// Each text is split into sentences and tokens by the sentences stage (as
/// ``SelfTraining`` does). In each sentence every token-aligned, exact occurrence of a group's
/// surface form is marked with the group's type (longest forms first; a marked token is not
/// marked again; a form's ASCII apostrophe also matches a typographic one). A sentence is an
/// example only when it has a marked name. What the gold does not name but could be a name is
/// *unnamed*: an unmarked capitalised token after the sentence's first word, an unmarked listed
/// nationality word (MISC in CoNLL-2003, no entity in this gold), an optional entity's tokens
/// outside marked names; a capitalised word that CoNLL-2003 tags `O` outside a name
/// (``ordinaryWords``: titles, months, weekdays, sentence connectives) is not unnamed.
/// ``unnamed`` says what unnamed words do: drop the sentence, or keep it with those tokens
/// unlabelled (training makes no update on them); every other token is `O`.
/// Deterministic: the documents in the given order.
package struct GoldDocumentTraining {
  /// The gold types as training types (CoNLL's PER for PERSON).
  static let trainingTypes = ["PERSON": "PER", "ORG": "ORG", "LOC": "LOC"]

  /// What a sentence's unnamed words (see the type's summary) do.
  package enum UnnamedWords: String, CaseIterable, Sendable {
    /// The sentence is left out.
    case drop
    /// The sentence is kept and the unnamed tokens are unlabelled.
    case unlabelled
  }

  /// One annotated document: its typed surface forms and its optional entities.
  package struct Annotation: Sendable {
    /// Every surface form of every group, with the group's training type.
    package var names: [(form: String, type: String)]
    /// Surface forms that are neither required nor wrong.
    package var optional: [String]

    package init(names: [(form: String, type: String)], optional: [String]) {
      self.names = names
      self.optional = optional
    }

    /// The annotation of a gold document (``NewsGold``): its PERSON, ORG and LOC forms with
    /// their training types (other types are ignored) and its optional entities.
    package init(_ document: NewsGoldDocument) {
      names = document.groups.flatMap { group in
        GoldDocumentTraining.trainingTypes[group.type].map { type in
          group.forms.map { (form: $0, type: type) }
        } ?? []
      }
      optional = document.optionalEntities
    }
  }

  /// Nationality words (the bundled demonyms): unnamed where no marked name covers them.
  package var demonyms: Set<String>
  /// What unnamed words do.
  package var unnamed: UnnamedWords
  /// Capitalised words that are `O` outside a name (lower-cased): never unnamed.
  package var ordinaryWords: Set<String>

  package init(
    demonyms: Set<String>, unnamed: UnnamedWords = .drop, ordinaryWords: Set<String> = []
  ) {
    self.demonyms = demonyms
    self.unnamed = unnamed
    self.ordinaryWords = ordinaryWords
  }

  /// Months and weekdays, lower-cased: `O` in CoNLL-2003.
  static let calendarWords: Set<String> = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
  ]

  /// The bundled ordinary words: every word of `titles.tsv` ("Secretary", "Minister", "Dr."),
  /// the hand-written common words (`common_words.txt`: "Therefore", "Unlike"), months,
  /// weekdays and "I"; lower-cased.
  package static func bundledOrdinaryWords() throws -> Set<String> {
    let titles = try EntityResources.rows(
      EntityResources.folder().appendingPathComponent("titles.tsv"))
    return Set(titles.flatMap { $0[0].lowercased().split(separator: " ").map(String.init) })
      .union(try EntityResources.commonWords()).union(calendarWords).union(["i"])
  }

  /// The examples of every (text, annotation) pair, split as the sentences stage splits.
  package func examples(_ documents: [(text: String, annotation: Annotation)]) throws
    -> [NERExample]
  {
    let sentences = try ShippedStages.sentences(ShippedStages.context("train-ner"))
    var result: [NERExample] = []
    for (index, item) in documents.enumerated() {
      var document = Document(
        id: "gold-\(index)", location: "gold-\(index)", format: .text, source: item.text)
      try sentences.process(&document)
      result += examples(document, item.annotation)
    }
    return result
  }

  /// The kept sentences of one split document (see the type's summary).
  func examples(_ document: Document, _ annotation: Annotation) -> [NERExample] {
    let bytes = Array(document.text.utf8)
    let names = annotation.names.filter { !$0.form.isEmpty }.sorted {
      $0.form.utf8.count != $1.form.utf8.count
        ? $0.form.utf8.count > $1.form.utf8.count : $0.form < $1.form
    }
    var result: [NERExample] = []
    for range in document.sentenceTokenRanges() {
      let tokens = document.tokens[range].map { $0 }
      guard let first = tokens.first, let last = tokens.last else { continue }
      let start = first.start
      let sentence = Array(bytes[start..<last.end])
      let local = tokens.map { Token(start: $0.start - start, end: $0.end - start) }
      var marked = [String?](repeating: nil, count: local.count)
      var spans: [NERSpan] = []
      for name in names {
        for (firstToken, endToken) in Self.occurrences(name.form, sentence, local)
        where marked[firstToken..<endToken].allSatisfy({ $0 == nil }) {
          for position in firstToken..<endToken { marked[position] = name.type }
          spans.append(NERSpan(first: firstToken, end: endToken, type: name.type))
        }
      }
      guard !spans.isEmpty else { continue }
      let unknown = unnamedTokens(sentence, local, marked, annotation.optional)
      if unnamed == .drop && !unknown.isEmpty { continue }
      result.append(
        NERExample(
          bytes: sentence, tokens: local, entities: spans.sorted { $0.first < $1.first },
          unlabelled: Self.runs(unknown)))
    }
    return result
  }

  /// The positions of the sentence's unmarked tokens that may be names the gold does not
  /// name: a capitalised token after the first word, a nationality word, an optional entity's
  /// tokens. Sorted.
  func unnamedTokens(
    _ sentence: [UInt8], _ tokens: [Token], _ marked: [String?], _ optional: [String]
  ) -> [Int] {
    let words = tokens.map { String(decoding: sentence[$0.start..<$0.end], as: UTF8.self) }
    let firstWord = words.firstIndex { $0.contains(where: \.isLetter) }
    var unknown = Set<Int>()
    for (position, word) in words.enumerated() where marked[position] == nil {
      if demonyms.contains(word)
        || (position != firstWord && word.first?.isUppercase == true
          && !ordinaryWords.contains(word.lowercased()))
      {
        unknown.insert(position)
      }
    }
    for form in optional where !form.isEmpty {
      for (firstToken, endToken) in Self.occurrences(form, sentence, tokens) {
        for position in firstToken..<endToken where marked[position] == nil {
          unknown.insert(position)
        }
      }
    }
    return unknown.sorted()
  }

  /// Sorted positions as runs of consecutive positions.
  static func runs(_ positions: [Int]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    for position in positions {
      if let last = result.last, last.upperBound == position {
        result[result.count - 1] = last.lowerBound..<(position + 1)
      } else {
        result.append(position..<(position + 1))
      }
    }
    return result
  }

  /// The token spans `[first, end)` whose bytes are exactly `form`, or `form` with its ASCII
  /// apostrophes written as typographic ones (U+2019), token-aligned.
  static func occurrences(_ form: String, _ sentence: [UInt8], _ tokens: [Token]) -> [(
    Int, Int
  )] {
    var found = occurrences(Array(form.utf8), sentence, tokens)
    if form.contains("'") {
      let typographic = form.replacingOccurrences(of: "'", with: "\u{2019}")
      found += occurrences(Array(typographic.utf8), sentence, tokens)
      found.sort { $0.0 < $1.0 }
    }
    return found
  }

  /// The token spans `[first, end)` whose bytes are exactly `form` (token-aligned occurrences).
  static func occurrences(_ form: [UInt8], _ sentence: [UInt8], _ tokens: [Token]) -> [(
    Int, Int
  )] {
    guard !form.isEmpty else { return [] }
    var result: [(Int, Int)] = []
    for (firstToken, token) in tokens.enumerated()
    where sentence[token.start...].starts(with: form) {
      let end = token.start + form.count
      if let lastToken = tokens[firstToken...].firstIndex(where: { $0.end == end }) {
        result.append((firstToken, lastToken + 1))
      }
    }
    return result
  }
}
