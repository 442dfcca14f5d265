import Foundation
import Pipeline

@testable import Stages

/// Builds annotated documents for relation tests from marked-up text: one sentence a line,
/// entities as `[text|LABEL]` or `[text|LABEL|canonical]`, tokens from a small test-only
/// tokenizer (words, with punctuation split off; `'s` is left on the word on purpose).
enum RelationTestSupport {
  static func document(_ markup: String, id: String = "t") -> Document {
    var text = ""
    var entities: [Entity] = []
    var sentences: [Sentence] = []
    for line in markup.split(separator: "\n", omittingEmptySubsequences: true) {
      let sentenceStart = text.utf8.count
      var rest = Substring(line)
      while let open = rest.firstIndex(of: "[") {
        text += rest[..<open]
        guard let close = rest[open...].firstIndex(of: "]") else { break }
        let parts = rest[rest.index(after: open)..<close].split(separator: "|").map(String.init)
        let start = text.utf8.count
        text += parts[0]
        entities.append(
          Entity(
            start: start, end: text.utf8.count, label: parts[1],
            canonical: parts.count > 2 ? parts[2] : nil, origin: "test"))
        rest = rest[rest.index(after: close)...]
      }
      text += rest
      sentences.append(Sentence(start: sentenceStart, end: text.utf8.count))
      text += "\n"
    }
    var document = Document(id: id, location: id, format: .text, source: text)
    document.sentences = sentences
    document.entities = entities
    document.tokens = tokens(text)
    return document
  }

  /// Whitespace tokens with leading/trailing punctuation split into their own tokens.
  static func tokens(_ text: String) -> [Token] {
    let bytes = Array(text.utf8)
    let punctuation = Set(",.;:!?()\"".utf8)
    var tokens: [Token] = []
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x20 || bytes[index] == 0x0A {
        index += 1
        continue
      }
      var end = index
      while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x0A { end += 1 }
      var start = index
      while start < end, punctuation.contains(bytes[start]) {
        tokens.append(Token(start: start, end: start + 1))
        start += 1
      }
      var trailing: [Token] = []
      var last = end
      while last > start, punctuation.contains(bytes[last - 1]) {
        trailing.insert(Token(start: last - 1, end: last), at: 0)
        last -= 1
      }
      if last > start { tokens.append(Token(start: start, end: last)) }
      tokens += trailing
      index = end
    }
    return tokens
  }

  static func stage(_ config: RelationsStage.Config = .init(open: false)) throws -> RelationsStage {
    try RelationsStage(
      config: config,
      context: StageContext(
        baseDirectory: URL(fileURLWithPath: "/"), pipelineName: "test", jobs: 1))
  }

  /// Relations of marked-up text as `head relation tail` lines (canonical names), plus roles.
  static func triples(_ markup: String, config: RelationsStage.Config = .init(open: false))
    throws -> [String]
  {
    var document = document(markup)
    try stage(config).process(&document)
    return document.relations.map { relation in
      let head = name(document, relation.head)
      let tail = name(document, relation.tail)
      var line = "\(head) \(relation.relation) \(tail)"
      if let role = relation.role { line += " [\(role)]" }
      if let predicate = relation.predicate { line += " {\(predicate)}" }
      return line
    }
  }

  /// The triples ``triples(_:config:)`` finds, without their role words (`head relation tail`).
  static func bareTriples(_ markup: String) throws -> [String] {
    try triples(markup).map { line in
      line.split(separator: " [").first.map(String.init) ?? line
    }
  }

  /// A relations stage reading the rule file `yaml` (written to a fresh temporary folder,
  /// removed after `body`), the bundled rules left out.
  static func withRuleFile<R>(
    _ yaml: String, _ body: (RelationsStage) throws -> R
  ) throws -> R {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("rules-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try yaml.write(
      to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
    let stage = try RelationsStage(
      config: .init(rules: "rules.yaml", open: false),
      context: StageContext(baseDirectory: folder, pipelineName: "t", jobs: 1))
    return try body(stage)
  }

  static func name(_ document: Document, _ index: Int) -> String {
    let entity = document.entities[index]
    return entity.canonical ?? document.slice(entity)
  }
}
