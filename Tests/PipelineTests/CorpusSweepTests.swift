import Foundation
import Testing

/// The shared corpora beside the repository (`../shared/corpora`), for the sweep.
enum SharedCorpora {
  static let folder = CLIBinary.root.deletingLastPathComponent()
    .appendingPathComponent("shared/corpora")

  static var isAvailable: Bool {
    FileManager.default.fileExists(atPath: folder.appendingPathComponent("ner").path)
  }

  static func url(_ path: String) -> URL { folder.appendingPathComponent(path) }
}

/// Every stage over every line and page of every shared corpus, through the built binary (a
/// crash fails the test with the signal instead of ending the test run): HTML pages through
/// `boilerplate` or `cleanup`, then sentences, entities and relations; every JSON line of the
/// sentence, NER and relation corpora, every line of the CoNLL files (200 lines a document)
/// and every news-relations text through sentences, entities and relations. Checks that each
/// run completes (no time is measured: a return to quadratic time shows as a CI timeout),
/// that no document fails, and that every offset slices the exported text on character
/// boundaries, with entities and relations pointing at what exists. Cost (debug build): about
/// 90 CPU seconds in all (HTML 37 s, text lines 50 s), under a minute of wall time on 2 idle
/// cores.
@Suite(
  .enabled(if: SharedCorpora.isAvailable, "../shared/corpora is absent: corpus sweep skipped"),
  .serialized)
struct CorpusSweepTests {
  /// Writes the text corpora as one JSON-lines input: `(id, text)` per document.
  func textCorpus(in folder: URL) throws -> Int {
    var lines: [String] = []
    func add(_ id: String, _ text: String) throws {
      let data = try JSONSerialization.data(withJSONObject: ["id": id, "text": text])
      lines.append(String(decoding: data, as: UTF8.self))
    }
    for file in [
      "ner/conll2003_train.jsonl", "ner/conll2003_dev.jsonl", "sentences/ewt_dev.jsonl",
      "sentences/golden_rules_en.jsonl", "relations/re3d_dev.jsonl",
    ] {
      let content = try String(contentsOf: SharedCorpora.url(file), encoding: .utf8)
      for (number, line) in content.split(separator: "\n").enumerated() {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        try add("\(file):\(number + 1)", try #require(object?["text"] as? String))
      }
    }
    for file in ["syntax/conll2003_train.conll", "syntax/conll2003_dev.conll"] {
      let content = try String(contentsOf: SharedCorpora.url(file), encoding: .utf8)
      let all = content.split(separator: "\n", omittingEmptySubsequences: false)
      for start in stride(from: 0, to: all.count, by: 200) {
        try add(
          "\(file):\(start + 1)", all[start..<min(all.count, start + 200)].joined(separator: "\n"))
      }
    }
    let texts = SharedCorpora.url("news-relations-dev/texts")
    for name in try FileManager.default.contentsOfDirectory(atPath: texts.path).sorted() {
      try add(name, try String(contentsOf: texts.appendingPathComponent(name), encoding: .utf8))
    }
    try write(lines.joined(separator: "\n") + "\n", "texts.jsonl", in: folder)
    return lines.count
  }

  /// Runs a pipeline file with the binary; returns the documents and the errors written.
  func run(_ yaml: String, in folder: URL) throws -> (
    documents: [[String: Any]], errors: [[String: Any]]
  ) {
    try CLIBinary.requireBuilt()
    try write(yaml, "pipeline.yaml", in: folder)
    let jobs = max(2, ProcessInfo.processInfo.activeProcessorCount)
    let (status, _, errors) = try CLIBinary.run([
      "run", folder.appendingPathComponent("pipeline.yaml").path, "--quiet", "--overwrite",
      "--jobs", "\(jobs)",
    ])
    #expect(status == 0, "the run ended with status \(status): \(errors.suffix(2000))")
    let out = folder.appendingPathComponent("out")
    return (
      try readJSONLines(out.appendingPathComponent("documents.jsonl")),
      try readJSONLines(out.appendingPathComponent("errors.jsonl"))
    )
  }

  /// Every offset of a document slices its text on UTF-8 character boundaries; entities lie
  /// in order and apart, relations name existing entities and sentences.
  func checkOffsets(_ document: [String: Any]) {
    let id = document["id"] as? String ?? "?"
    let text = Array((document["text"] as? String ?? "").utf8)
    func valid(_ start: Int?, _ end: Int?) -> Bool {
      guard let start, let end, 0 <= start, start <= end, end <= text.count else { return false }
      return [start, end].allSatisfy { $0 == text.count || text[$0] & 0xC0 != 0x80 }
    }
    let sentences = document["sentences"] as? [[String: Any]] ?? []
    for sentence in sentences {
      #expect(valid(sentence["start"] as? Int, sentence["end"] as? Int), "\(id): \(sentence)")
    }
    let entities = document["entities"] as? [[String: Any]] ?? []
    var previous = 0
    for entity in entities {
      let start = entity["start"] as? Int
      let end = entity["end"] as? Int
      #expect(valid(start, end) && (start ?? 0) >= previous, "\(id): \(entity)")
      if valid(start, end), let start, let end {
        #expect(
          String(decoding: text[start..<end], as: UTF8.self) == entity["text"] as? String,
          "\(id): \(entity)")
      }
      previous = end ?? previous
    }
    let entityIds = Set(entities.compactMap { $0["entity_id"] as? String })
    for relation in document["relations"] as? [[String: Any]] ?? [] {
      #expect(entityIds.contains(relation["head_id"] as? String ?? ""), "\(id): \(relation)")
      #expect(entityIds.contains(relation["tail_id"] as? String ?? ""), "\(id): \(relation)")
      if let sentence = relation["sentence_id"] as? Int {
        #expect(sentence >= 0 && sentence < sentences.count, "\(id): \(relation)")
      }
    }
  }

  @Test(arguments: ["boilerplate", "cleanup"])
  func htmlPages(_ first: String) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var total = 0
    for corpus in ["article-extraction-dev", "readability-dev"] {
      let pages = SharedCorpora.url("\(corpus)/html")
      let result = try run(
        """
        input: {path: \(pages.path)}
        stages:
          - \(first): {}
          - sentences: {}
          - tagger: {}
          - entities: {}
          - relations: {}
          - export: {formats: [jsonl], dir: out}
        """, in: folder)
      let count = try FileManager.default.contentsOfDirectory(atPath: pages.path).count
      #expect(result.documents.count == count, "\(corpus): documents missing")
      #expect(result.errors.isEmpty, "\(corpus): \(result.errors.prefix(3))")
      for document in result.documents { checkOffsets(document) }
      total += result.documents.count
    }
    #expect(total > 100)
  }

  @Test func textLines() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let count = try textCorpus(in: folder)
    let result = try run(
      """
      input: texts.jsonl
      stages:
        - sentences: {}
        - tagger: {}
        - entities: {}
        - relations: {}
        - export: {formats: [jsonl], dir: out}
      """, in: folder)
    #expect(result.documents.count == count)
    #expect(result.errors.isEmpty, "\(result.errors.prefix(3))")
    for document in result.documents { checkOffsets(document) }
  }
}
