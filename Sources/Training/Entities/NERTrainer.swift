import Foundation
import Pipeline
import Stages

/// Trains the averaged-perceptron tagger (greedy decoding, BIO tags) with early stopping on
/// a development set. Deterministic for a given seed.
public struct NERTrainer {
  /// Training settings.
  public struct Options: Sendable {
    /// Maximum passes over the training data.
    public var epochs: Int = 12
    /// Stop after this many epochs without a better development F1.
    public var patience: Int = 3
    /// Seed of the per-epoch shuffle.
    public var seed: UInt64 = 1
    /// log2 of the number of weight rows (19 = 524,288 rows).
    public var bucketBits: Int = 19
    /// Unlabelled texts whose lower-case words join the common-word lexicon.
    public var lexiconTexts: [String] = []
    /// Hand-written common words (the bundled `common_words.txt`).
    public var commonWords: [String] = []
    /// Probability, per gold name and epoch, that the name's words are masked (read as an
    /// unknown word) in that pass: 0 trains on the words as they are.
    public var maskNames: Double = 0
    /// Training runs, from seeds `seed`, `seed + 1`, ...: with more than one, the model is
    /// the average of the runs' kept weights.
    public var runs: Int = 1
    /// With a tagger model, every sentence is tagged with it (part of speech and chunks) and
    /// the model reads those tags as features (templates v3); the entities stage then tags
    /// with the bundled tagger at run time, so this should be that model.
    public var tagger: TaggerModel?
    /// With a tagger: the training sentences' tags predicted by jackknifed POS models
    /// (``JackknifedSyntax``) instead of the tagger's own (which has seen CoNLL train).
    package var jackknifed: [EntitySyntax]?
    /// Word classes learned from unlabelled text (``WordClusterTraining``): with them the
    /// model reads each word's classes as features and stores the table.
    package var clusters: WordClusters?
    public init() {}
  }

  /// Exact-match scores of one evaluation.
  public struct Score: Sendable, CustomStringConvertible {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var gold: Int
    public var description: String {
      String(format: "F1 %.4f P %.4f R %.4f (%d gold)", f1, precision, recall, gold)
    }
  }

  let gazetteer: Gazetteer
  let options: Options

  public init(gazetteer: Gazetteer, options: Options) {
    self.gazetteer = gazetteer
    self.options = options
  }

  /// The entity types of a corpus: PER, ORG, LOC, MISC first, then any others sorted.
  static func types(_ examples: [NERExample]) -> [String] {
    let seen = Set(examples.flatMap { $0.entities.map(\.type) })
    let preferred = ["PER", "ORG", "LOC", "MISC"].filter(seen.contains)
    return preferred + seen.subtracting(preferred).sorted()
  }

  /// Trains a model; `log` receives one line per epoch.
  public func train(
    train: [NERExample], dev: [NERExample], metadata: String, log: (String) -> Void
  ) -> NERModel {
    let types = Self.types(train)
    let tagCount = types.count * 2 + 1
    let commonWords = FeatureExtractor.commonWords(
      in: train, texts: options.lexiconTexts, words: options.commonWords)
    log("common-word lexicon: \(commonWords.count) words")
    let extractor = FeatureExtractor(
      gazetteer: gazetteer, bucketBits: options.bucketBits, commonWords: commonWords,
      syntax: options.tagger != nil, clusters: options.clusters)
    let decoder = GreedyDecoder(extractor: extractor)
    let trainSyntax: [EntitySyntax?] =
      options.jackknifed.map { $0.map { Optional($0) } } ?? Self.syntax(train, options.tagger)
    let features = Self.features(train, trainSyntax, extractor)
    let devFeatures = Self.features(dev, Self.syntax(dev, options.tagger), extractor)
    let gold = train.map { Self.tags($0, types: types) }
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: tagCount)
    defer { scores.deallocate() }
    /// One training run from a seed: the kept epoch's averaged weights.
    func run(seed: UInt64) -> (weights: [Float], epoch: Int) {
      var table = TrainingTable(rows: 1 << options.bucketBits, tagCount: tagCount)
      var order = Array(train.indices)
      var generator = SeededGenerator(seed: seed)
      var masking = NameMasking(probability: options.maskNames, seed: seed)
      var best: (f1: Double, weights: [Float], epoch: Int)?
      var stale = 0
      for epoch in 1...max(1, options.epochs) {
        order.shuffle(using: &generator)
        var mistakes = 0
        var tokens = 0
        for index in order {
          let sentence =
            masking.features(train[index], extractor, tags: trainSyntax[index]) ?? features[index]
          let goldTags = gold[index]
          var prev = 0
          var prev2 = 0
          for position in 0..<sentence.count {
            table.tick()
            decoder.score(table, sentence, position, prev, prev2, into: scores)
            let guess = GreedyDecoder.best(scores, count: tagCount, after: prev)
            let truth = goldTags[position]
            if truth >= 0 && guess != truth {
              mistakes += 1
              let base = position * sentence.rowsPerToken
              for slot in 0..<sentence.rowsPerToken {
                table.update(sentence.rows[base + slot], truth: truth, guess: guess)
              }
              let dynamic = extractor.dynamicFeatures(sentence, position, prev, prev2)
              for row in [dynamic.0, dynamic.1, dynamic.2, dynamic.3] {
                table.update(row, truth: truth, guess: guess)
              }
            }
            if truth >= 0 { tokens += 1 }
            prev2 = prev
            prev = guess
          }
        }
        let averaged = table.averaged()
        let view = FloatTable(weights: averaged, tagCount: tagCount)
        let score = Self.evaluate(decoder, view, devFeatures, dev, types: types, only: nil)
        let core = Self.evaluate(
          decoder, view, devFeatures, dev, types: types, only: ["PER", "ORG", "LOC"])
        let errorRate = Double(mistakes) / Double(max(1, tokens))
        log(
          "epoch \(epoch): train errors \(String(format: "%.4f", errorRate)); dev all \(score); "
            + "dev PER/ORG/LOC \(core)")
        if dev.isEmpty || best.map({ score.f1 > $0.f1 }) ?? true {
          best = (score.f1, averaged, epoch)
          stale = 0
        } else {
          stale += 1
          if stale >= options.patience { break }
        }
      }
      return (best?.weights ?? table.averaged(), best?.epoch ?? options.epochs)
    }
    guard options.runs > 1 else {
      let single = run(seed: options.seed)
      log("kept epoch \(single.epoch)")
      return NERModel.quantising(
        types: types, bucketBits: options.bucketBits, weights: single.weights,
        commonWords: commonWords, syntax: extractor.syntax, clusters: extractor.clusters,
        metadata: metadata + "\nepoch: \(single.epoch)")
    }
    // Several runs (seeds seed, seed + 1, ...): their kept weights are averaged, which
    // evens out what one shuffle order happens to learn.
    var sum = [Float](repeating: 0, count: (1 << options.bucketBits) * tagCount)
    var epochs: [Int] = []
    for index in 0..<options.runs {
      let one = run(seed: options.seed &+ UInt64(index))
      log("run \(index + 1): kept epoch \(one.epoch)")
      for (slot, weight) in one.weights.enumerated() { sum[slot] += weight }
      epochs.append(one.epoch)
    }
    let scale = 1 / Float(options.runs)
    let averaged = sum.map { $0 * scale }
    let view = FloatTable(weights: averaged, tagCount: tagCount)
    log(
      "averaged \(options.runs) runs: dev all \(Self.evaluate(decoder, view, devFeatures, dev, types: types, only: nil))"
    )
    return NERModel.quantising(
      types: types, bucketBits: options.bucketBits, weights: averaged, commonWords: commonWords,
      syntax: extractor.syntax, clusters: extractor.clusters,
      metadata: metadata + "\nepochs: \(epochs.map(String.init).joined(separator: ","))")
  }

  /// Each example's part-of-speech and chunk tags by the tagger (nil without one).
  static func syntax(_ examples: [NERExample], _ tagger: TaggerModel?) -> [EntitySyntax?] {
    guard let tagger else { return examples.map { _ in nil } }
    return examples.map { example in
      example.bytes.withUnsafeBufferPointer {
        EntitySyntax(tagging: $0, tokens: example.tokens[...], with: tagger)
      }
    }
  }

  /// Static features of every example.
  static func features(
    _ examples: [NERExample], _ syntax: [EntitySyntax?], _ extractor: FeatureExtractor
  ) -> [FeatureExtractor.Sentence] {
    zip(examples, syntax).map { example, tags in
      example.bytes.withUnsafeBufferPointer {
        extractor.extract($0, tokens: example.tokens[...], tags: tags)
      }
    }
  }

  /// Gold BIO tags of an example; -1 where the tag is unknown (``NERExample/unlabelled``:
  /// training makes no update there).
  static func tags(_ example: NERExample, types: [String]) -> [Int] {
    var tags = [Int](repeating: 0, count: example.tokens.count)
    for range in example.unlabelled {
      for position in range.clamped(to: 0..<tags.count) { tags[position] = -1 }
    }
    for span in example.entities {
      guard let type = types.firstIndex(of: span.type) else { continue }
      for position in span.first..<span.end {
        tags[position] = position == span.first ? 2 * type + 1 : 2 * type + 2
      }
    }
    return tags
  }

  /// Exact-match span scores of a weight table on examples.
  static func evaluate<W: WeightTable>(
    _ decoder: GreedyDecoder, _ weights: W, _ features: [FeatureExtractor.Sentence],
    _ examples: [NERExample], types: [String], only: Set<String>?
  ) -> Score {
    var correct = 0
    var predicted = 0
    var goldCount = 0
    for (sentence, example) in zip(features, examples) {
      let tags = decoder.decode(weights, sentence).tags
      let guesses = Set(
        BIO.spans(tags).map { NERSpan(first: $0.first, end: $0.end, type: types[$0.type]) }
          .filter { only?.contains($0.type) ?? true })
      let truth = Set(example.entities.filter { only?.contains($0.type) ?? true })
      correct += guesses.intersection(truth).count
      predicted += guesses.count
      goldCount += truth.count
    }
    let precision = predicted > 0 ? Double(correct) / Double(predicted) : 0
    let recall = goldCount > 0 ? Double(correct) / Double(goldCount) : 0
    let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    return Score(precision: precision, recall: recall, f1: f1, gold: goldCount)
  }

  /// Scores a finished model on examples (what the runtime tagger will do).
  public func evaluate(_ model: NERModel, on examples: [NERExample], only: Set<String>?) -> Score {
    let extractor = FeatureExtractor(
      gazetteer: gazetteer, bucketBits: model.bucketBits, commonWords: model.commonWords,
      syntax: model.usesSyntax, clusters: model.clusters)
    let tagger = model.usesSyntax ? options.tagger : nil
    let features = Self.features(examples, Self.syntax(examples, tagger), extractor)
    return Self.evaluate(
      GreedyDecoder(extractor: extractor), model, features, examples, types: model.types,
      only: only)
  }
}

/// Float weights viewed as a weight table (averaged weights during training).
struct FloatTable: WeightTable {
  let weights: [Float]
  let tagCount: Int

  @inline(__always)
  func accumulate(_ row: Int32, into scores: UnsafeMutablePointer<Float>) {
    weights.withUnsafeBufferPointer { table in
      let base = Int(row) * tagCount
      for tag in 0..<tagCount { scores[tag] += table[base + tag] }
    }
  }
}

/// Perceptron weights with lazy averaging: `averaged = w - u / c`.
struct TrainingTable: WeightTable {
  let tagCount: Int
  private var weights: [Float]
  private var totals: [Double]
  private var clock: Double = 1

  init(rows: Int, tagCount: Int) {
    self.tagCount = tagCount
    weights = [Float](repeating: 0, count: rows * tagCount)
    totals = [Double](repeating: 0, count: rows * tagCount)
  }

  mutating func tick() { clock += 1 }

  @inline(__always)
  mutating func update(_ row: Int32, truth: Int, guess: Int) {
    let base = Int(row) * tagCount
    weights[base + truth] += 1
    totals[base + truth] += clock
    weights[base + guess] -= 1
    totals[base + guess] -= clock
  }

  @inline(__always)
  func accumulate(_ row: Int32, into scores: UnsafeMutablePointer<Float>) {
    weights.withUnsafeBufferPointer { table in
      let base = Int(row) * tagCount
      for tag in 0..<tagCount { scores[tag] += table[base + tag] }
    }
  }

  func averaged() -> [Float] {
    var result = [Float](repeating: 0, count: weights.count)
    for index in weights.indices where weights[index] != 0 || totals[index] != 0 {
      result[index] = Float(Double(weights[index]) - totals[index] / clock)
    }
    return result
  }
}
