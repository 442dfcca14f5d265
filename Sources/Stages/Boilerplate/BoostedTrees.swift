import Foundation

/// Gradient-boosted regression trees for a binary decision: the margin is `base` plus the leaf
/// value of every tree; the probability is the logistic of the margin.
package struct BoostedTrees: Sendable, Equatable {
  /// One node: a split (`feature >= 0`: go left when the value is below `threshold`) or a
  /// leaf (`feature == -1`, `value`).
  package struct Node: Sendable, Equatable {
    package var feature: Int
    package var threshold: Double
    package var left: Int
    package var right: Int
    package var value: Double

    package init(feature: Int, threshold: Double, left: Int, right: Int, value: Double) {
      self.feature = feature
      self.threshold = threshold
      self.left = left
      self.right = right
      self.value = value
    }
  }

  var base: Double
  /// Each tree's nodes; the root is node 0, children point inside their tree.
  let trees: [[Node]]
  /// Every tree's nodes back to back (children made absolute, 24 bytes a node) and each
  /// tree's root, for a walk without nested arrays.
  private let flat: [FlatNode]
  private let roots: [Int]

  /// A split (`feature >= 0`, `number` the threshold) or a leaf (`number` the value).
  private struct FlatNode: Sendable, Equatable {
    var number: Double
    var feature: Int32
    var left: Int32
    var right: Int32
  }

  package init(base: Double, trees: [[Node]]) {
    self.base = base
    self.trees = trees
    var flat: [FlatNode] = []
    var roots: [Int] = []
    for tree in trees {
      let offset = flat.count
      roots.append(offset)
      for node in tree {
        let split = node.feature >= 0
        flat.append(
          FlatNode(
            number: split ? node.threshold : node.value, feature: Int32(split ? node.feature : -1),
            left: Int32(split ? node.left + offset : -1),
            right: Int32(split ? node.right + offset : -1)))
      }
    }
    self.flat = flat
    self.roots = roots
  }

  /// The probability for one row of `values` starting at `offset`.
  func probability(_ values: [Double], offset: Int) -> Double {
    var margin = base
    flat.withUnsafeBufferPointer { nodes in
      values.withUnsafeBufferPointer { row in
        for root in roots {
          var node = root
          while nodes[node].feature >= 0 {
            let split = nodes[node]
            node = Int(row[offset + Int(split.feature)] < split.number ? split.left : split.right)
          }
          margin += nodes[node].number
        }
      }
    }
    return 1 / (1 + exp(-margin))
  }
}
