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
/// marked again). A sentence becomes an example only when it has a marked name and nothing in
/// it would teach `O` for a name: every capitalised token after the sentence's first word is
/// inside a marked name, no optional entity occurs outside a marked name, and no listed
/// nationality word (MISC in CoNLL-2003, not in this gold) occurs outside a marked name.
/// Deterministic: the documents in the given order.
package struct GoldDocumentTraining {
  /// The gold types as training types (CoNLL's PER for PERSON).
  static let trainingTypes = ["PERSON": "PER", "ORG": "ORG", "LOC": "LOC"]

  /// One annotated document: its typed surface forms and its optional entities.
  package struct Annotation: Sendable {
    /// Every surface form of every group, with the group's training type.
    package var names: [(form: String, type: String)]
    /// Surface forms that are neither required nor wrong (a sentence holding one is dropped).
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

  /// Nationality words (the bundled demonyms): a sentence holding one outside a marked name
  /// is dropped.
  package var demonyms: Set<String>

  package init(demonyms: Set<String>) {
    self.demonyms = demonyms
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
        for (firstToken, endToken) in Self.occurrences(Array(name.form.utf8), sentence, local)
        where marked[firstToken..<endToken].allSatisfy({ $0 == nil }) {
          for position in firstToken..<endToken { marked[position] = name.type }
          spans.append(NERSpan(first: firstToken, end: endToken, type: name.type))
        }
      }
      guard !spans.isEmpty, isClean(sentence, local, marked, annotation.optional) else {
        continue
      }
      result.append(
        NERExample(
          bytes: sentence, tokens: local, entities: spans.sorted { $0.first < $1.first }))
    }
    return result
  }

  /// Whether nothing unmarked in the sentence looks like a name: a capitalised token after
  /// the first word, a nationality word, an optional entity.
  private func isClean(
    _ sentence: [UInt8], _ tokens: [Token], _ marked: [String?], _ optional: [String]
  ) -> Bool {
    let words = tokens.map { String(decoding: sentence[$0.start..<$0.end], as: UTF8.self) }
    let firstWord = words.firstIndex { $0.contains(where: \.isLetter) }
    for (position, word) in words.enumerated() where marked[position] == nil {
      if demonyms.contains(word) { return false }
      if position != firstWord, word.first?.isUppercase == true { return false }
    }
    for form in optional where !form.isEmpty {
      for (firstToken, endToken) in Self.occurrences(Array(form.utf8), sentence, tokens)
      where marked[firstToken..<endToken].contains(where: { $0 == nil }) {
        return false
      }
    }
    return true
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
