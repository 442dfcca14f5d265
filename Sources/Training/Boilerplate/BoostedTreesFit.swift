import Foundation
import Stages

/// Fits ``BoostedTrees`` to weighted rows (logistic loss, Newton leaf values, histogram
/// splits over at most 32 bins a feature, depth-limited trees grown level by level).
/// Deterministic: ties between splits go to the lower feature and bin; no sampling.
package struct BoostedTreesFit {
  package var values: [Double]
  package var columns: Int
  package var labels: [Double]
  package var weights: [Double]
  package var trees = 40
  package var depth = 4
  package var learningRate = 0.1
  /// L2 penalty on leaf values (in units of the mean row weight).
  package var lambda = 1.0
  /// Smallest summed hessian a leaf may have (in units of the mean row weight).
  package var minChildWeight = 5.0

  private static let maxBins = 32

  /// The value as the model file prints it, so a model in memory and its file agree.
  static func rounded(_ value: Double) -> Double {
    Double(BoilerplateModel.format(value)) ?? value
  }

  package init(values: [Double], columns: Int, labels: [Double], weights: [Double]) {
    self.values = values
    self.columns = columns
    self.labels = labels
    self.weights = weights
  }

  package func fit() -> BoostedTrees {
    let rows = labels.count
    guard rows > 0 else { return BoostedTrees(base: 0, trees: []) }
    let meanWeight = weights.reduce(0, +) / Double(rows)
    let weight = weights.map { $0 / max(meanWeight, 1e-12) }
    let (edges, bins) = binned()
    let positive = zip(labels, weight).reduce(0) { $0 + $1.0 * $1.1 }
    let total = weight.reduce(0, +)
    let prior = min(max(positive / total, 1e-4), 1 - 1e-4)
    let base = Self.rounded(log(prior / (1 - prior)))
    var margin = [Double](repeating: base, count: rows)
    var gradient = [Double](repeating: 0, count: rows)
    var hessian = [Double](repeating: 0, count: rows)
    var forest: [[BoostedTrees.Node]] = []
    for _ in 0..<trees {
      for row in 0..<rows {
        let p = 1 / (1 + exp(-margin[row]))
        gradient[row] = weight[row] * (p - labels[row])
        hessian[row] = max(weight[row] * p * (1 - p), 1e-12)
      }
      let tree = grow(bins: bins, edges: edges, gradient: gradient, hessian: hessian)
      for row in 0..<rows {
        var node = 0
        while tree[node].feature >= 0 {
          let split = tree[node]
          node = values[row * columns + split.feature] < split.threshold ? split.left : split.right
        }
        margin[row] += tree[node].value
      }
      forest.append(tree)
    }
    return BoostedTrees(base: base, trees: forest)
  }

  /// Bin edges per feature (split thresholds) and every row's bin per feature.
  private func binned() -> (edges: [[Double]], bins: [UInt8]) {
    let rows = labels.count
    var edges: [[Double]] = []
    var bins = [UInt8](repeating: 0, count: rows * columns)
    // Cut points come from the rows that count (weight above zero).
    var counted = (0..<rows).filter { weights[$0] > 0 }
    if counted.isEmpty { counted = Array(0..<rows) }
    for column in 0..<columns {
      var sorted = counted.map { values[$0 * columns + column] }
      sorted.sort()
      var distinct: [Double] = []
      for value in sorted where distinct.last != value { distinct.append(value) }
      var cuts: [Double] = []
      if distinct.count <= Self.maxBins {
        for index in distinct.indices.dropFirst() {
          cuts.append(Self.rounded((distinct[index - 1] + distinct[index]) / 2))
        }
      } else {
        for quantile in 1..<Self.maxBins {
          let position = quantile * sorted.count / Self.maxBins
          let low = sorted[max(0, position - 1)]
          let high = sorted[position]
          let cut = Self.rounded(low == high ? high : (low + high) / 2)
          if cut > (cuts.last ?? -Double.infinity), cut > sorted[0] { cuts.append(cut) }
        }
      }
      edges.append(cuts)
      for row in 0..<rows {
        let value = values[row * columns + column]
        var bin = 0
        while bin < cuts.count, value >= cuts[bin] { bin += 1 }
        bins[row * columns + column] = UInt8(bin)
      }
    }
    return (edges, bins)
  }

  private struct Pending {
    var node: Int
    var rows: [Int]
    var level: Int
  }

  private func grow(bins: [UInt8], edges: [[Double]], gradient: [Double], hessian: [Double])
    -> [BoostedTrees.Node]
  {
    var nodes = [BoostedTrees.Node(feature: -1, threshold: 0, left: -1, right: -1, value: 0)]
    var queue = [Pending(node: 0, rows: Array(0..<labels.count), level: 0)]
    var histogramG = [Double](repeating: 0, count: columns * Self.maxBins)
    var histogramH = [Double](repeating: 0, count: columns * Self.maxBins)
    var cursor = 0
    while cursor < queue.count {
      let pending = queue[cursor]
      cursor += 1
      var sumG = 0.0
      var sumH = 0.0
      for row in pending.rows {
        sumG += gradient[row]
        sumH += hessian[row]
      }
      nodes[pending.node].value = Self.rounded(-learningRate * sumG / (sumH + lambda))
      guard pending.level < depth, sumH >= 2 * minChildWeight else { continue }
      for index in histogramG.indices {
        histogramG[index] = 0
        histogramH[index] = 0
      }
      for row in pending.rows {
        let base = row * columns
        let g = gradient[row]
        let h = hessian[row]
        for column in 0..<columns {
          let slot = column * Self.maxBins + Int(bins[base + column])
          histogramG[slot] += g
          histogramH[slot] += h
        }
      }
      let parentScore = sumG * sumG / (sumH + lambda)
      var best = (gain: 1e-9, column: -1, bin: -1)
      for column in 0..<columns {
        var leftG = 0.0
        var leftH = 0.0
        for bin in 0..<edges[column].count {
          leftG += histogramG[column * Self.maxBins + bin]
          leftH += histogramH[column * Self.maxBins + bin]
          let rightG = sumG - leftG
          let rightH = sumH - leftH
          guard leftH >= minChildWeight, rightH >= minChildWeight else { continue }
          let gain =
            leftG * leftG / (leftH + lambda) + rightG * rightG / (rightH + lambda) - parentScore
          if gain > best.gain { best = (gain, column, bin) }
        }
      }
      guard best.column >= 0 else { continue }
      var left: [Int] = []
      var right: [Int] = []
      for row in pending.rows {
        if Int(bins[row * columns + best.column]) <= best.bin {
          left.append(row)
        } else {
          right.append(row)
        }
      }
      let leftNode = nodes.count
      nodes.append(BoostedTrees.Node(feature: -1, threshold: 0, left: -1, right: -1, value: 0))
      nodes.append(BoostedTrees.Node(feature: -1, threshold: 0, left: -1, right: -1, value: 0))
      nodes[pending.node] = BoostedTrees.Node(
        feature: best.column, threshold: edges[best.column][best.bin], left: leftNode,
        right: leftNode + 1, value: 0)
      queue.append(Pending(node: leftNode, rows: left, level: pending.level + 1))
      queue.append(Pending(node: leftNode + 1, rows: right, level: pending.level + 1))
    }
    return nodes
  }
}
