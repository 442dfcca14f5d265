import Foundation

/// A trained averaged-perceptron sequence tagger over BIO tags: entity types, a hashed
/// weight table quantised to 16 bits, and the training metadata.
///
/// Tag `0` is `O`; tag `2k+1` is `B-type[k]` and `2k+2` is `I-type[k]`. The weights are
/// `rows × tagCount` values; a weight is `Float(weights[i]) * scale`. Loaded once per run
/// and shared read-only by every worker.
public struct NERModel: Sendable {
  /// Entity types the model tags, as in the training data (`PER`, `ORG`, `LOC`, `MISC`).
  public let types: [String]
  /// log2 of the number of weight rows.
  public let bucketBits: Int
  /// The feature-template version the model was trained with.
  public let featureVersion: UInt32
  /// Quantised weights, row-major (`rows × tagCount`).
  let weights: [Int16]
  /// The training text's common lower-case words (hashes; see ``FeatureExtractor``).
  package let commonWords: Set<UInt64>
  /// The factor turning a quantised weight back into a score.
  let scale: Float
  /// Training information (command, data, scores), as free text.
  public let metadata: String
  /// Word classes learned from unlabelled text, read as features (templates v4 and v5).
  package let clusters: WordClusters?

  /// Whether the model reads part-of-speech and chunk features (``EntitySyntax``).
  public var usesSyntax: Bool { FeatureExtractor.families(of: featureVersion)?.syntax ?? false }

  /// Number of tags (`O` plus B/I per type).
  public var tagCount: Int { types.count * 2 + 1 }

  init(
    types: [String], bucketBits: Int, featureVersion: UInt32, weights: [Int16], scale: Float,
    commonWords: Set<UInt64>, metadata: String, clusters: WordClusters? = nil
  ) {
    self.clusters = clusters
    self.types = types
    self.bucketBits = bucketBits
    self.featureVersion = featureVersion
    self.weights = weights
    self.commonWords = commonWords
    self.scale = scale
    self.metadata = metadata
  }

  /// Quantises float weights (`rows × tagCount`) to 16 bits; `syntax` records that they were
  /// trained with the part-of-speech and chunk features, `clusters` the word classes they
  /// were trained with.
  package static func quantising(
    types: [String], bucketBits: Int, weights: [Float], commonWords: Set<UInt64>,
    syntax: Bool = false, clusters: WordClusters? = nil, metadata: String
  ) -> NERModel {
    var largest: Float = 0
    for weight in weights { largest = max(largest, abs(weight)) }
    let scale = largest > 0 ? largest / 32767 : 1
    let quantised = weights.map { Int16(($0 / scale).rounded()) }
    return NERModel(
      types: types, bucketBits: bucketBits,
      featureVersion: FeatureExtractor.templateVersion(syntax: syntax, clusters: clusters != nil),
      weights: quantised, scale: scale, commonWords: commonWords, metadata: metadata,
      clusters: clusters)
  }
}

/// Where the tagger reads a feature row's per-tag weights from.
package protocol WeightTable {
  var tagCount: Int { get }
  /// Adds row `row`'s weights to `scores` (`tagCount` values).
  func accumulate(_ row: Int32, into scores: UnsafeMutablePointer<Float>)
}

extension NERModel: WeightTable {
  @inline(__always)
  package func accumulate(_ row: Int32, into scores: UnsafeMutablePointer<Float>) {
    let count = tagCount
    weights.withUnsafeBufferPointer { table in
      let base = Int(row) * count
      for tag in 0..<count { scores[tag] += Float(table[base + tag]) }
    }
  }
}

/// Tag arithmetic shared by training and tagging.
package enum BIO {
  /// Whether `tag` may follow `previous` (an `I-x` only continues `B-x` or `I-x`).
  @inline(__always)
  static func allowed(_ tag: Int, after previous: Int) -> Bool {
    if tag == 0 || tag & 1 == 1 { return true }
    return previous != 0 && (previous + 1) / 2 == tag / 2
  }

  /// The entity type index of a non-`O` tag.
  @inline(__always)
  static func type(_ tag: Int) -> Int { (tag - 1) / 2 }

  /// Token spans `(first, end, type)` of a tag sequence.
  package static func spans(_ tags: [Int]) -> [(first: Int, end: Int, type: Int)] {
    var result: [(first: Int, end: Int, type: Int)] = []
    var open: (first: Int, type: Int)?
    for (position, tag) in tags.enumerated() {
      if tag == 0 || tag & 1 == 1 || open.map({ $0.type != type(tag) }) ?? true {
        if let current = open { result.append((current.first, position, current.type)) }
        open = tag == 0 ? nil : (position, type(tag))
      }
    }
    if let current = open { result.append((current.first, tags.count, current.type)) }
    return result
  }
}

/// Greedy left-to-right decoding with previous-tag features, shared by training and tagging.
package struct GreedyDecoder {
  let extractor: FeatureExtractor

  package init(extractor: FeatureExtractor) { self.extractor = extractor }

  /// Scores every tag for one token given the two previous tags.
  @inline(__always)
  package func score<W: WeightTable>(
    _ weights: W, _ sentence: FeatureExtractor.Sentence, _ position: Int, _ prev: Int,
    _ prev2: Int, into scores: UnsafeMutablePointer<Float>
  ) {
    for tag in 0..<weights.tagCount { scores[tag] = 0 }
    let base = position * sentence.rowsPerToken
    sentence.rows.withUnsafeBufferPointer { rows in
      for slot in 0..<sentence.rowsPerToken {
        weights.accumulate(rows[base + slot], into: scores)
      }
    }
    let dynamic = extractor.dynamicFeatures(sentence, position, prev, prev2)
    weights.accumulate(dynamic.0, into: scores)
    weights.accumulate(dynamic.1, into: scores)
    weights.accumulate(dynamic.2, into: scores)
    weights.accumulate(dynamic.3, into: scores)
  }

  /// The best tag allowed after `prev`.
  @inline(__always)
  package static func best(_ scores: UnsafeMutablePointer<Float>, count: Int, after prev: Int)
    -> Int
  {
    var bestTag = 0
    var bestScore = scores[0]
    for tag in 1..<count where BIO.allowed(tag, after: prev) && scores[tag] > bestScore {
      bestTag = tag
      bestScore = scores[tag]
    }
    return bestTag
  }

  /// Tags a sentence; returns each token's tag and the probability of that tag (softmax over
  /// the allowed tags' scores, in score units of `temperature`).
  package func decode<W: WeightTable>(
    _ weights: W, _ sentence: FeatureExtractor.Sentence, temperature: Float = 1
  ) -> (tags: [Int], probabilities: [Float]) {
    let count = weights.tagCount
    var tags = [Int](repeating: 0, count: sentence.count)
    var probabilities = [Float](repeating: 1, count: sentence.count)
    withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { buffer in
      guard let scores = buffer.baseAddress else { return }
      var prev = 0
      var prev2 = 0
      for position in 0..<sentence.count {
        score(weights, sentence, position, prev, prev2, into: scores)
        let tag = Self.best(scores, count: count, after: prev)
        var total: Float = 0
        let top = scores[tag]
        for other in 0..<count where BIO.allowed(other, after: prev) {
          total += exp((scores[other] - top) / temperature)
        }
        probabilities[position] = total > 0 ? 1 / total : 1
        tags[position] = tag
        prev2 = prev
        prev = tag
      }
    }
    return (tags, probabilities)
  }
}
