import Foundation
import Pipeline
import Stages

/// Learns the entity model's word classes (``WordClusters``) from unlabelled text: the
/// training sentences' own words and raw texts cut into sentences and tokens by the
/// sentences stage's splitter, words keyed as the feature extractor reads them. Words seen
/// fewer than `minimumCount` times share one class-less "rare word" in the statistics.
/// One ``ExchangeClustering`` per size; deterministic.
package struct WordClusterTraining {
  /// Class counts of the clusterings, coarsest first.
  package var sizes: [Int] = [32, 128, 512]
  /// Words seen fewer times get no class.
  package var minimumCount = 3
  /// Most passes over the vocabulary per clustering.
  package var passes = 12

  package init() {}

  /// Sentences of form hashes: the examples' tokens, then each text's sentences.
  package static func sentences(examples: [NERExample], texts: [String]) throws -> [[UInt64]] {
    var result: [[UInt64]] = []
    for example in examples {
      example.bytes.withUnsafeBufferPointer { text in
        result.append(example.tokens.map { FeatureExtractor.formHash(text, $0) })
      }
    }
    let splitter = try SentenceSplitter.standard()
    for text in texts {
      let bytes = Array(text.utf8)
      bytes.withUnsafeBufferPointer { buffer in
        let tokens = splitter.tokenizer.scan(buffer, range: 0..<buffer.count)
        for range in splitter.split(buffer, tokens: tokens) {
          result.append(tokens[range].map { FeatureExtractor.formHash(buffer, $0.token) })
        }
      }
    }
    return result
  }

  /// The word classes of the sentences' words.
  package func train(_ sentences: [[UInt64]], log: (String) -> Void) -> WordClusters {
    var counts: [UInt64: Int] = [:]
    for sentence in sentences {
      for word in sentence { counts[word, default: 0] += 1 }
    }
    // Frequent words by decreasing count (ties by hash); id `frequent.count` is every rare word.
    let frequent = counts.filter { $0.value >= minimumCount }.sorted {
      $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key)
    }.map(\.key)
    var ids: [UInt64: Int32] = [:]
    for (index, word) in frequent.enumerated() { ids[word] = Int32(index) }
    let rare = Int32(frequent.count)
    let corpus = sentences.map { sentence in sentence.map { ids[$0] ?? rare } }
    log(
      "word classes: \(sentences.count) sentences, \(corpus.reduce(0) { $0 + $1.count }) tokens, "
        + "\(frequent.count) words seen at least \(minimumCount) times")
    let clustering = ExchangeClustering(sentences: corpus, vocabulary: frequent.count + 1)
    let order = Array(0...frequent.count)
    let assignments = sizes.map {
      clustering.cluster(classes: $0, order: order, passes: passes, log: log)
    }
    var codes: [UInt64: UInt64] = [:]
    for (index, word) in frequent.enumerated() {
      codes[word] = WordClusters.pack(assignments.map { $0[index] })
    }
    return WordClusters(sizes: sizes, codes: codes)
  }
}
