import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// End-to-end floor scores on the shared corpora (`../shared/corpora/sentences`, beside the
/// repository), with the scorer's rules re-implemented (see `../shared/tools/score_sentences.py`).
enum SharedSentenceCorpus {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/corpora/sentences")

  static var ewt: URL { folder.appendingPathComponent("ewt_dev.jsonl") }
  static var isAvailable: Bool { FileManager.default.fileExists(atPath: ewt.path) }

  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace || scalar == "\u{200B}" || scalar == "\u{FEFF}"
  }

  /// Number of non-whitespace scalars in each prefix of `text`, indexed by UTF-8 offset.
  static func nonSpaceCountsByByte(_ text: String) -> [Int] {
    var counts = [Int](repeating: 0, count: text.utf8.count + 1)
    var offset = 0
    var seen = 0
    for scalar in text.unicodeScalars {
      let width = String(scalar).utf8.count
      if !isSpace(scalar) { seen += 1 }
      for step in 1...width { counts[offset + step] = seen }
      offset += width
    }
    return counts
  }

  /// Number of non-whitespace scalars in each prefix of `text`, indexed by scalar offset.
  static func nonSpaceCountsByScalar(_ text: String) -> [Int] {
    var counts = [0]
    for scalar in text.unicodeScalars {
      counts.append(counts[counts.count - 1] + (isSpace(scalar) ? 0 : 1))
    }
    return counts
  }
}

@Test(.enabled(if: SharedSentenceCorpus.isAvailable))
func ewtDevBoundaryF1Floor() throws {
  let splitter = try #require(SentenceFixtures.splitter)
  let data = try String(contentsOf: SharedSentenceCorpus.ewt, encoding: .utf8)
  var truePositives = 0
  var predicted = 0
  var gold = 0
  for line in data.split(separator: "\n") {
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let text = try #require(object["text"] as? String)
    let spans = try #require(object["sentences"] as? [[Int]])
    let byScalar = SharedSentenceCorpus.nonSpaceCountsByScalar(text)
    let byByte = SharedSentenceCorpus.nonSpaceCountsByByte(text)
    let total = byScalar[byScalar.count - 1]
    var goldSet = Set(spans.map { byScalar[$0[1]] })
    goldSet.remove(total)
    goldSet.remove(0)
    var predictedSet = Set(splitter.split(text).map { byByte[$0.end] })
    predictedSet.remove(total)
    predictedSet.remove(0)
    truePositives += goldSet.intersection(predictedSet).count
    predicted += predictedSet.count
    gold += goldSet.count
  }
  let precision = Double(truePositives) / Double(max(predicted, 1))
  let recall = Double(truePositives) / Double(max(gold, 1))
  let f1 = 2 * precision * recall / max(precision + recall, 1e-9)
  #expect(f1 >= 0.93, "EWT dev boundary F1 \(f1) (P \(precision), R \(recall))")
}
