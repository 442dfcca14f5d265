import Pipeline

/// Tags keywords and key phrases from word lists, grouped by topic.
///
/// ```yaml
/// - keywords: {topics: {diplomacy: [embassy, foreign minister], energy: [oil, gas]}}
/// ```
///
/// Each match becomes an annotation in the `keywords` layer (label: the topic; exported to
/// `annotations.csv`), and the document gets a `topics` field listing the topics found
/// (a `documents.csv` column). Matching is case-insensitive, on whole words; the longest
/// phrase wins.
struct KeywordStage: Stage {
  struct Config: StageConfig {
    var topics: [String: [String]]
    var layer: String

    init(reading reader: inout ConfigReader) throws {
      topics = try reader.stringLists(
        "topics", help: "topic name -> keywords or phrases, e.g. {energy: [oil, gas]}")
      layer = try reader.string("layer", default: "keywords", help: "annotation layer to fill")
      if topics.isEmpty { throw reader.error("topics", "key 'topics' lists no keywords") }
    }
  }

  static let name = "keywords"
  static let summary = "tag keywords and phrases from word lists, by topic"

  /// A phrase as lowercased words, and its topic.
  private struct Phrase: Sendable {
    var words: [String]
    var topic: String
  }

  private let layer: String
  /// Phrases by their first word, longest first.
  private let phrases: [String: [Phrase]]

  init(config: Config, context: StageContext) throws {
    layer = config.layer
    var phrases: [String: [Phrase]] = [:]
    for (topic, entries) in config.topics {
      for entry in entries {
        let words = entry.lowercased().split(separator: " ").map(String.init)
        guard let first = words.first else { continue }
        phrases[first, default: []].append(Phrase(words: words, topic: topic))
      }
    }
    self.phrases = phrases.mapValues { $0.sorted { $0.words.count > $1.words.count } }
  }

  /// Declared from the config alone (before the stage is built): checked against the earlier
  /// stages, and the output gets a `topics` column and the config's layer.
  static func contract(_ config: Config) -> StageContract {
    StageContract(requires: [.cleanText], fields: ["topics"], layers: [config.layer])
  }

  func process(_ document: inout Document) throws {
    let bytes = Array(document.text.utf8)
    let words = Self.words(bytes)
    let lowered = words.map { String(decoding: bytes[$0], as: UTF8.self).lowercased() }
    var found: Set<String> = []
    var index = 0
    while index < words.count {
      let match = phrases[lowered[index]]?.first { phrase in
        index + phrase.words.count <= words.count
          && Array(lowered[index..<index + phrase.words.count]) == phrase.words
      }
      guard let match else {
        index += 1
        continue
      }
      let last = words[index + match.words.count - 1]
      document.annotations[layer, default: []].append(
        Annotation(start: words[index].lowerBound, end: last.upperBound, label: match.topic))
      found.insert(match.topic)
      index += match.words.count
    }
    document.fields["topics"] = .array(found.sorted().map(JSONValue.string))
  }

  /// Byte ranges of words: runs of letters, digits and non-ASCII bytes (UTF-8 offsets).
  private static func words(_ bytes: [UInt8]) -> [Range<Int>] {
    var words: [Range<Int>] = []
    var start: Int?
    for (offset, byte) in bytes.enumerated() {
      let isWordByte =
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39)
        || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
      if isWordByte {
        if start == nil { start = offset }
      } else if let begin = start {
        words.append(begin..<offset)
        start = nil
      }
    }
    if let begin = start { words.append(begin..<bytes.count) }
    return words
  }
}
