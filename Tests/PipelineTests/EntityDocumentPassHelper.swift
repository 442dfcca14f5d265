import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Made-up texts through the real sentence splitter and tokenizer with the model's names given
/// by the test, for the entities stage's document passes (``ModifierCompounds``,
/// ``PrepositionJoinedNames``).
struct EntityDocumentPassHelper {
  /// Each (name, label) as a model name at every occurrence not already covered (the first
  /// names first), sorted by start, handed to `pass` with the text's bytes and tokens; the
  /// names kept, in order, as "text LABEL".
  func kept(
    _ text: String, names: [(String, String)],
    pass: (inout [Entity], UnsafeBufferPointer<UInt8>, [Token]) -> Void
  ) throws -> [String] {
    let sentences = try #require(EntityCleanupTests.sentences)
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    let bytes = Array(text.utf8)
    var entities: [Entity] = []
    for (name, label) in names {
      for start in document.tokens.map(\.start)
      where bytes[start...].starts(with: Array(name.utf8)) {
        let end = start + name.utf8.count
        guard end == bytes.count || !ASCII.isLetter(bytes[end]),
          !entities.contains(where: { $0.start < end && start < $0.end })
        else { continue }
        entities.append(
          Entity(start: start, end: end, label: label, origin: "model", confidence: 0.9))
      }
    }
    entities.sort { $0.start < $1.start }
    let tokens = document.tokens
    bytes.withUnsafeBufferPointer { buffer in pass(&entities, buffer, tokens) }
    return entities.map {
      "\(String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)) \($0.label)"
    }
  }
}
