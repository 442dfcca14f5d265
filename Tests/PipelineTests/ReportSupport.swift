import Foundation
import Pipeline
import Testing

@testable import Stages

/// Builds hand-annotated documents for the report tests.
enum ReportSample {
  /// The fixture article (`Fixtures/report/news.txt`).
  static func text() throws -> String {
    let url = try #require(
      Bundle.module.url(forResource: "Fixtures/report/news", withExtension: "txt"))
    return try String(contentsOf: url, encoding: .utf8)
  }

  /// A document with one sentence per non-empty line, the given names tagged wherever they
  /// occur (longest names first, no overlaps), and relations between first mentions.
  static func document(
    id: String, text: String, names: [(String, String, String?)],
    relations: [(String, String, String, String?)]
  ) -> Document {
    var document = Document(id: id, location: "\(id).txt", format: .text, source: text)
    let bytes = Array(text.utf8)
    var offset = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let count = line.utf8.count
      if !line.trimmingCharacters(in: .whitespaces).isEmpty {
        document.sentences.append(Sentence(start: offset, end: offset + count))
      }
      offset += count + 1
    }
    var taken = [Bool](repeating: false, count: bytes.count)
    var entities: [Entity] = []
    for (name, label, canonical) in names.sorted(by: { $0.0.utf8.count > $1.0.utf8.count }) {
      let needle = Array(name.utf8)
      var start = 0
      while start + needle.count <= bytes.count {
        if Array(bytes[start..<start + needle.count]) == needle,
          !taken[start..<start + needle.count].contains(true)
        {
          for index in start..<start + needle.count { taken[index] = true }
          entities.append(
            Entity(
              start: start, end: start + needle.count, label: label, canonical: canonical,
              origin: "test"))
          start += needle.count
        } else {
          start += 1
        }
      }
    }
    document.entities = entities.sorted { $0.start < $1.start }
    func first(_ name: String) -> Int? {
      document.entities.firstIndex { document.slice($0) == name }
    }
    for (head, relation, tail, role) in relations {
      guard let headIndex = first(head), let tailIndex = first(tail) else { continue }
      let sentence = document.sentenceIndex(containing: document.entities[headIndex].start) ?? 0
      document.relations.append(
        Relation(
          relation: relation, head: headIndex, tail: tailIndex, sentence: sentence, role: role,
          rule: "test"))
    }
    return document
  }

  /// The fixture article, annotated.
  static func news(id: String = "news") throws -> Document {
    document(
      id: id, text: try text(),
      names: [
        ("Azerbaijan", "GPE", nil), ("Israel", "GPE", nil), ("Iran", "GPE", nil),
        ("Ilham Aliyev", "PERSON", nil), ("Aliyev", "PERSON", "Ilham Aliyev"),
        ("Benjamin Netanyahu", "PERSON", nil), ("Tel Aviv", "GPE", nil),
        ("Yair Lapid", "PERSON", nil), ("Benny Gantz", "PERSON", nil),
        ("Gantz", "PERSON", "Benny Gantz"), ("Zakir Hasanov", "PERSON", nil),
        ("Baku", "GPE", nil), ("Bahrain", "GPE", nil), ("United Arab Emirates", "GPE", nil),
        ("2018", "DATE", nil), ("October", "DATE", nil), ("today", "DATE", nil),
        ("Israeli", "NORP", nil), ("Azeri", "NORP", nil), ("Shi'ite", "NORP", nil),
      ],
      relations: [
        ("Ilham Aliyev", "role_in", "Azerbaijan", "President"),
        ("Yair Lapid", "role_in", "Israel", "Prime Minister"),
        ("Benny Gantz", "met_with", "Aliyev", nil),
        ("Benny Gantz", "met_with", "Zakir Hasanov", nil),
        ("Benny Gantz", "visited", "Baku", nil),
        ("Zakir Hasanov", "role_in", "Azerbaijan", "Defense Minister"),
        ("Benny Gantz", "role_in", "Israel", "Defense Minister"),
        ("Benjamin Netanyahu", "met_with", "Ilham Aliyev", nil),
      ])
  }
}
