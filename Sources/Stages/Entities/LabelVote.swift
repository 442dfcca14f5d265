import Pipeline

/// One label per name within a document: the model tags each mention from its sentence
/// alone, so "Sinjar" may come out LOC once and PERSON twice. Mentions with the same text
/// (ignoring a trailing possessive, hyphens as spaces) vote with their confidence, bundled
/// gazetteer names included; model mentions take the winning label. Names from the pipeline
/// file's own lists and pattern entities neither vote nor change. A label a construction
/// around a mention gave it ("Ennahda members": ORG; `byContext`) is stated by the text: it
/// wins the vote of its name, and is not changed.
enum LabelVote {
  static let labels: Set<String> = ["PERSON", "ORG", "LOC", "MISC"]

  static func apply(_ entities: inout [Entity], text: String, byContext: [Bool] = []) {
    func decided(_ index: Int) -> Bool { index < byContext.count && byContext[index] }
    let bytes = Array(text.utf8)
    var keys: [String?] = []
    var votes: [String: [String: Double]] = [:]
    for entity in entities {
      guard labels.contains(entity.label), entity.origin == "model" || entity.origin == "gazetteer"
      else {
        keys.append(nil)
        continue
      }
      let key = Self.key(bytes[entity.start..<entity.end])
      keys.append(key)
      votes[key, default: [:]][entity.label, default: 0] += entity.confidence
    }
    var stated: [String: String] = [:]
    for index in entities.indices where decided(index) {
      if let key = keys[index], stated[key] == nil { stated[key] = entities[index].label }
    }
    for index in entities.indices where entities[index].origin == "model" && !decided(index) {
      guard let key = keys[index], let tally = votes[key], tally.count > 1 else { continue }
      if let label = stated[key] {
        entities[index].label = label
        continue
      }
      guard
        let winner = tally.max(by: {
          $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key)
        }),
        winner.key != entities[index].label
      else { continue }
      entities[index].label = winner.key
    }
  }

  /// The voting key of a mention: its text without a trailing possessive, hyphens as spaces.
  static func key(_ bytes: ArraySlice<UInt8>) -> String {
    var end = bytes.endIndex
    if bytes.count > 2, bytes[end - 1] == 0x73, bytes[end - 2] == 0x27 {
      end -= 2
    } else if bytes.count > 4, bytes[end - 1] == 0x73, bytes[end - 2] == 0x99,
      bytes[end - 3] == 0x80, bytes[end - 4] == 0xE2
    {
      end -= 4
    }
    return String(
      decoding: bytes[bytes.startIndex..<end].map { $0 == 0x2D ? 0x20 : $0 }, as: UTF8.self)
  }
}
