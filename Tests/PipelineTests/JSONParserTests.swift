import Foundation
import Testing

@testable import Pipeline

/// The JSON-lines parser (input documents and plugin replies) against Foundation's
/// `JSONSerialization`, which it replaced on the input path.
@Suite struct JSONParserTests {
  func parse(_ text: String) throws(JSONParser.SyntaxError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
  }

  @Test func escapesSurrogatesAndUnicode() throws {
    let value = try parse(
      #"{"id": 12, "text": "a \"quoted\" \\ line\nwith \u00e9, \ud83d\ude00, tab\t and / \/", "x": [1, {"y": null}]}"#
    )
    guard case .object(let object) = value else {
      Issue.record("not an object")
      return
    }
    #expect(object["id"] == .number(12))
    #expect(object["text"] == .string("a \"quoted\" \\ line\nwith é, 😀, tab\t and / /"))
    #expect(object["x"] == .array([.number(1), .object(["y": .null])]))
  }

  @Test func brokenLinesAreErrorsWithAnOffset() {
    for (line, offset) in [
      (#"{"id": "a", "text": "unterminated}"#, 34), (#"{"id" "a"}"#, 6),
      (#"{"text": "\ud800 alone"}"#, 16), (#"{"text": "ok"} trailing"#, 15),
      ("{\"text\": \"raw \u{1} control\"}", 14),
    ] {
      do {
        _ = try parse(line)
        Issue.record("accepted \(line)")
      } catch {
        #expect(error.offset == offset, "\(line): \(error)")
      }
    }
    // Invalid UTF-8 inside a string is an error, not replaced silently.
    #expect(throws: JSONParser.SyntaxError.self) {
      try JSONParser.parse(Array(#"{"text": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8))
    }
  }

  /// Every line of the shared corpora decodes to the same id and text as with Foundation.
  @Test(.enabled(if: SharedSentenceCorpus.isAvailable))
  func agreesWithFoundationOnTheSharedCorpora() throws {
    let corpora = SharedSentenceCorpus.folder.deletingLastPathComponent()
    let files = [
      "sentences/ewt_dev.jsonl", "sentences/golden_rules_en.jsonl", "relations/re3d_dev.jsonl",
      "ner/conll2003_dev.jsonl",
    ]
    var lines = 0
    for file in files {
      let data = try Data(contentsOf: corpora.appendingPathComponent(file))
      for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
        let expected = try #require(
          try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        guard case .object(let object) = try JSONParser.parse(Array(line)) else {
          Issue.record("\(file): not an object")
          continue
        }
        #expect(object["text"] == .string(try #require(expected["text"] as? String)))
        if let id = expected["id"] as? String { #expect(object["id"] == .string(id)) }
        #expect(object.keys.sorted() == expected.keys.sorted())
        lines += 1
      }
    }
    #expect(lines > 3_000)
  }
}
