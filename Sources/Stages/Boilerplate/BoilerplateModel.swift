import Foundation
import Pipeline

/// A logistic-regression layer: `p = 1 / (1 + exp(-(bias + weights · x)))`.
package struct LogisticLayer: Sendable, Equatable {
  var bias: Double
  var weights: [Double]

  package init(bias: Double, weights: [Double]) {
    self.bias = bias
    self.weights = weights
  }

  /// The probability for one row of `values` starting at `offset`.
  func probability(_ values: [Double], offset: Int) -> Double {
    var sum = bias
    for column in weights.indices { sum += weights[column] * values[offset + column] }
    return 1 / (1 + exp(-sum))
  }
}

/// The learned boilerplate classifier: gradient-boosted trees over ``BlockFeatures`` give every
/// block a first probability; a logistic regression over those probabilities in a
/// window around the block (``contextNames``) smooths them, so a short block between content
/// stays and a paragraph alone among links goes. Blocks at or above `threshold` are content.
///
/// Trained by `nlpipe train boilerplate` (``BoilerplateTrainer``); stored as text, one tree node
/// or weight a line, features named.
package struct BoilerplateModel: Sendable, Equatable {
  var blocks: BoostedTrees
  var context: LogisticLayer
  var threshold: Double
  /// Comment lines (how it was trained, its cross-validated scores).
  var notes: [String] = []

  /// Features of the second layer, from the first layer's probabilities `p`.
  package static let contextNames = [
    "logit", "prev_p", "next_p", "window3_p", "window10_p", "page_max_p", "page_content_share",
    "between_content", "log_chars", "p_times_log_chars",
  ]

  /// Final content probabilities of a page's blocks; `vetoed` blocks (never content, see
  /// ``LearnedContentSelector``) count as probability 0 for their neighbours.
  func probabilities(_ features: BlockFeatures, stats: [TextStats], vetoed: [Bool]) -> [Double] {
    let rows = features.rows
    guard rows > 0 else { return [] }
    let first = Self.firstProbabilities(blocks, features, vetoed: vetoed)
    let second = Self.contextFeatures(first, stats: stats)
    return (0..<rows).map {
      context.probability(second, offset: $0 * Self.contextNames.count)
    }
  }

  /// The first layer's probabilities, 0 for vetoed blocks.
  package static func firstProbabilities(
    _ trees: BoostedTrees, _ features: BlockFeatures, vetoed: [Bool]
  )
    -> [Double]
  {
    (0..<features.rows).map {
      vetoed[$0] ? 0 : trees.probability(features.values, offset: $0 * BlockFeatures.count)
    }
  }

  /// The second layer's rows for first-layer probabilities `p`.
  package static func contextFeatures(_ p: [Double], stats: [TextStats]) -> [Double] {
    let rows = p.count
    var values = [Double]()
    values.reserveCapacity(rows * contextNames.count)
    let chars = stats.map { Double($0.characters) }
    let total = max(1, chars.reduce(0, +))
    let content = zip(p, chars).reduce(0) { $0 + ($1.0 >= 0.5 ? $1.1 : 0) }
    let first = p.firstIndex { $0 >= 0.5 }
    let last = p.lastIndex { $0 >= 0.5 }
    let pageMax = p.max() ?? 0
    func window(_ index: Int, _ size: Int) -> Double {
      var sum = 0.0
      var weight = 0.0
      for other in max(0, index - size)...min(rows - 1, index + size) where other != index {
        let w = chars[other] + 1
        sum += p[other] * w
        weight += w
      }
      return weight == 0 ? 0 : sum / weight
    }
    for index in 0..<rows {
      let clipped = min(max(p[index], 1e-4), 1 - 1e-4)
      let logChars = log1p(chars[index]) / 5
      values.append(log(clipped / (1 - clipped)) / 4)
      values.append(index > 0 ? p[index - 1] : 0)
      values.append(index + 1 < rows ? p[index + 1] : 0)
      values.append(window(index, 3))
      values.append(window(index, 10))
      values.append(pageMax)
      values.append(content / total)
      let between = first.map { $0 <= index } == true && last.map { index <= $0 } == true
      values.append(between ? 1 : 0)
      values.append(logChars)
      values.append(p[index] * logChars)
    }
    return values
  }

  // MARK: file format

  /// The model as text: `#` comment lines, `threshold T`; `trees blocks COUNT`, `base B`,
  /// then per tree `tree NODES` and one line a node (`split FEATURE THRESHOLD LEFT RIGHT` or
  /// `leaf VALUE`); then `layer context COUNT`, `bias B` and one `FEATURE WEIGHT` line per
  /// feature, in column order.
  package func serialized() -> String {
    var lines = notes.map { "# \($0)" }
    lines.append("threshold \(Self.format(threshold))")
    lines.append("trees blocks \(blocks.trees.count)")
    lines.append("base \(Self.format(blocks.base))")
    for tree in blocks.trees {
      lines.append("tree \(tree.count)")
      for node in tree {
        lines.append(
          node.feature < 0
            ? "leaf \(Self.format(node.value))"
            : "split \(BlockFeatures.names[node.feature]) \(Self.format(node.threshold)) "
              + "\(node.left) \(node.right)")
      }
    }
    lines.append("layer context \(Self.contextNames.count)")
    lines.append("bias \(Self.format(context.bias))")
    for (feature, weight) in zip(Self.contextNames, context.weights) {
      lines.append("\(feature) \(Self.format(weight))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Eight significant digits: the same weights always print the same bytes.
  package static func format(_ value: Double) -> String { String(format: "%.8g", value) }

  /// Parses ``serialized()`` text; `origin` names the file in errors.
  package init(text: String, origin: String) throws {
    var reader = ModelTextReader(text: text, origin: origin)
    var notes: [String] = []
    while let note = reader.comment() { notes.append(note) }
    let threshold = try reader.number(after: "threshold")
    let count = try reader.count(after: "trees blocks")
    let base = try reader.number(after: "base")
    var trees: [[BoostedTrees.Node]] = []
    for _ in 0..<count {
      let size = try reader.count(after: "tree")
      var nodes: [BoostedTrees.Node] = []
      for _ in 0..<size {
        nodes.append(try reader.node(at: nodes.count, size: size))
      }
      trees.append(nodes)
    }
    _ = try reader.count(after: "layer context", expected: Self.contextNames.count)
    let bias = try reader.number(after: "bias")
    var weights: [Double] = []
    for name in Self.contextNames { weights.append(try reader.number(after: name)) }
    try reader.end()
    self.init(
      blocks: BoostedTrees(base: base, trees: trees),
      context: LogisticLayer(bias: bias, weights: weights), threshold: threshold, notes: notes)
  }

  package init(
    blocks: BoostedTrees, context: LogisticLayer, threshold: Double, notes: [String] = []
  ) {
    self.blocks = blocks
    self.context = context
    self.threshold = threshold
    self.notes = notes
  }

  /// The model bundled with the stage (`Resources/boilerplate/model.txt`).
  static func bundled() throws -> BoilerplateModel {
    let url = try BundledResources.folder("boilerplate").appendingPathComponent("model.txt")
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw DocumentError("cannot read \(url.path): \(error.localizedDescription)")
    }
    return try BoilerplateModel(text: text, origin: url.path)
  }
}
