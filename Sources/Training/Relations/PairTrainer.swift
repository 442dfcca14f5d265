import Stages

/// Trains a ``PairClassifier``: a multi-class averaged perceptron, deterministic (a fixed
/// seed's shuffle, integer updates), so that the same examples give the same file.
public struct PairTrainer: Sendable {
  /// One training pair: features and the index of its gold label (0 `none`).
  public struct Example: Sendable {
    public var features: [String]
    public var label: Int

    public init(features: [String], label: Int) {
      self.features = features
      self.label = label
    }
  }

  public var labels: [String]
  public var epochs = 10
  public var seed: UInt64 = 1
  /// Averaged weights are stored times this, rounded.
  public static let scale = PairClassifier.scale

  public init(labels: [String]) {
    self.labels = labels
  }

  public func train(_ examples: [Example], mode: String, threshold: Int) -> PairClassifier {
    PairClassifier(labels: labels, mode: mode, threshold: threshold, weights: weights(examples))
  }

  /// The averaged weights (times ``scale``, rounded) of each feature, one per label; features
  /// whose weights are all 0 are left out. The entity group classifier is trained by it too.
  public func weights(_ examples: [Example]) -> [String: [Int32]] {
    var index: [String: Int] = [:]
    var names: [String] = []
    let encoded = examples.map { example in
      example.features.map { feature -> Int in
        if let known = index[feature] { return known }
        index[feature] = names.count
        names.append(feature)
        return names.count - 1
      }
    }
    let width = labels.count
    var weights = [Int](repeating: 0, count: names.count * width)
    // Sum of (step * update): the average is weights - accumulated / steps.
    var accumulated = [Int](repeating: 0, count: names.count * width)
    var step = 1
    var order = Array(examples.indices)
    var state = seed
    for _ in 0..<epochs {
      // Fisher-Yates with a 64-bit LCG: the same seed gives the same order everywhere.
      for position in stride(from: order.count - 1, to: 0, by: -1) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let other = Int((state >> 33) % UInt64(position + 1))
        order.swapAt(position, other)
      }
      for example in order {
        let features = encoded[example]
        var scores = [Int](repeating: 0, count: width)
        for feature in features {
          for label in 0..<width { scores[label] += weights[feature * width + label] }
        }
        var guess = 0
        for label in 1..<width where scores[label] > scores[guess] { guess = label }
        let gold = examples[example].label
        if guess != gold {
          for feature in features {
            weights[feature * width + gold] += 1
            accumulated[feature * width + gold] += step
            weights[feature * width + guess] -= 1
            accumulated[feature * width + guess] -= step
          }
        }
        step += 1
      }
    }
    var table: [String: [Int32]] = [:]
    for (feature, name) in names.enumerated() {
      var row = [Int32](repeating: 0, count: width)
      for label in 0..<width {
        let cell = feature * width + label
        let average = Double(weights[cell]) - Double(accumulated[cell]) / Double(step)
        row[label] = Int32((average * Self.scale).rounded())
      }
      if row.contains(where: { $0 != 0 }) { table[name] = row }
    }
    return table
  }
}
