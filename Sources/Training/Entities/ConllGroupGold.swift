import Foundation
import Pipeline

/// CoNLL-2003 sentences (`{"id", "doc", "text", "entities": [[start, end, label], ...]}`
/// lines, code-point offsets) as whole documents with document-level gold, for the name group
/// classifier: a document's sentences joined by a blank line (as `eval/conll_docs.py join`
/// feeds them to the stage), each distinct PER, ORG or LOC name one gold group (PER as
/// PERSON), MISC names optional (a name the gold leaves open keeps its own label).
package enum ConllGroupGold {
  /// The documents of `url`, a seeded sample of `limit` of them (all when nil), sorted by id.
  package static func documents(_ url: URL, limit: Int?, seed: UInt64) throws -> [(
    document: NewsGoldDocument, text: String
  )] {
    try numberedDocuments(url, limit: limit, seed: seed).map { ($0.document, $0.text) }
  }

  /// As ``documents(_:limit:seed:)``, with each document's position among all the documents of
  /// `url` in order of their numbers (its fold: ``TrainFold``, as `nlpipe train ner
  /// --train-fold` counts them).
  package static func numberedDocuments(_ url: URL, limit: Int?, seed: UInt64) throws -> [(
    document: NewsGoldDocument, text: String, position: Int
  )] {
    var sentences: [Int: [(text: String, spans: [(Int, Int, String)])]] = [:]
    var lineNumber = 0
    for line in try Data(contentsOf: url).split(
      separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    {
      lineNumber += 1
      guard !line.isEmpty else { continue }
      guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
        let text = object["text"] as? String, let doc = object["doc"] as? Int
      else {
        throw LoadError(
          file: url.path, line: lineNumber, message: "expected {\"doc\", \"text\", \"entities\"}")
      }
      var spans: [(Int, Int, String)] = []
      for entity in (object["entities"] as? [[Any]]) ?? [] {
        guard entity.count >= 3, let start = entity[0] as? Int, let end = entity[1] as? Int,
          let label = entity[2] as? String
        else {
          throw LoadError(
            file: url.path, line: lineNumber, message: "entities must be [start, end, label]")
        }
        spans.append((start, end, label))
      }
      sentences[doc, default: []].append((text, spans))
    }
    let positions = TrainFold.positions(of: sentences.keys)
    var numbers = sentences.keys.sorted()
    if let limit, limit < numbers.count {
      var generator = SeededGenerator(seed: seed)
      numbers.shuffle(using: &generator)
      numbers = Array(numbers.prefix(limit)).sorted()
    }
    return numbers.map { number in
      let (gold, text) = document(
        id: String(format: "conll-train-%04d", number), sentences: sentences[number] ?? [])
      return (gold, text, positions[number] ?? 0)
    }
  }

  /// One document from its sentences.
  static func document(id: String, sentences: [(text: String, spans: [(Int, Int, String)])])
    -> (document: NewsGoldDocument, text: String)
  {
    var groups: [(type: String, forms: [String])] = []
    var seen = Set<String>()
    var optional: [String] = []
    for sentence in sentences {
      let scalars = Array(sentence.text.unicodeScalars)
      for (start, end, label) in sentence.spans
      where 0 <= start && start < end && end <= scalars.count {
        var name = ""
        name.unicodeScalars.append(contentsOf: scalars[start..<end])
        let type: String
        switch label {
        case "PER": type = "PERSON"
        case "ORG", "LOC": type = label
        default:
          if !optional.contains(name) { optional.append(name) }
          continue
        }
        guard seen.insert(type + "\t" + name).inserted else { continue }
        groups.append((type: type, forms: [name]))
      }
    }
    let gold = NewsGoldDocument(
      id: id, groups: groups, optionalEntities: optional, relations: [], optionalRelations: [])
    return (gold, sentences.map(\.text).joined(separator: "\n\n"))
  }
}
