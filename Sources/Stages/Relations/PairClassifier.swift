import Foundation
import Pipeline

/// A multi-class averaged perceptron over candidate entity pairs (``PairFeatures``): one
/// integer weight per feature and label, label 0 `none`. Trained by `nlpipe train relations`
/// (``PairTrainer``); stored as text (`relations/pairs-en.tsv`).
///
/// File format (UTF-8, tab-separated, `#` comment lines first):
/// `labels<TAB>none<TAB>role_in...`, `mode<TAB>union|rules`, `threshold<TAB>N`, then one line
/// per feature: `feature<TAB>w0<TAB>w1...` (integers, one per label).
public struct PairClassifier: Sendable, Equatable {
  /// Label names; index 0 is `none`.
  public var labels: [String]
  /// How the stage combines it with the rules: `union` adds its pairs to the rules', `rules`
  /// leaves the rules alone (the classifier did not help in cross-validation).
  public var mode: String
  /// Margin (best label's score minus `none`'s) a pair needs.
  public var threshold: Int
  /// Weights per feature, one per label.
  public var weights: [String: [Int32]]
  /// Comment lines (how it was trained), written back as `# ...`.
  public var comments: [String] = []
  /// Labels that hold in both directions.
  package static let symmetric: Set<String> = ["met_with", "fights"]
  /// Averaged weights are stored times this, rounded.
  package static let scale = 100.0

  public init(labels: [String], mode: String, threshold: Int, weights: [String: [Int32]]) {
    self.labels = labels
    self.mode = mode
    self.threshold = threshold
    self.weights = weights
  }

  /// Scores of each label for a feature list.
  func scores(_ features: [String]) -> [Int] {
    var scores = [Int](repeating: 0, count: labels.count)
    for feature in features {
      guard let row = weights[feature] else { continue }
      for label in row.indices { scores[label] += Int(row[label]) }
    }
    return scores
  }

  /// The best label other than `none` and its margin over `none`, when it beats `none` by
  /// more than `threshold`.
  func prediction(_ features: [String], threshold: Int? = nil) -> (label: Int, margin: Int)? {
    let scores = scores(features)
    var best = 0
    for label in scores.indices where scores[label] > scores[best] { best = label }
    let margin = scores[best] - scores[0]
    guard best != 0, margin > (threshold ?? self.threshold) else { return nil }
    return (best, margin)
  }

  /// The file's text; byte-identical for the same model.
  public func serialized() -> String {
    var lines = comments.map { "# " + $0 }
    lines.append((["labels"] + labels).joined(separator: "\t"))
    lines.append("mode\t" + mode)
    lines.append("threshold\t\(threshold)")
    for feature in weights.keys.sorted() {
      guard let row = weights[feature] else { continue }
      lines.append(([feature] + row.map { String($0) }).joined(separator: "\t"))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads a model file; a malformed line is a load error naming it.
  public init(url: URL, displayName: String) throws {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw LoadError(
        file: displayName, message: "cannot read the pair model: \(error.localizedDescription)")
    }
    var labels: [String] = []
    var mode = "rules"
    var threshold = 0
    var weights: [String: [Int32]] = [:]
    var comments: [String] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated() where !line.isEmpty
    {
      if line.hasPrefix("# ") {
        comments.append(String(line.dropFirst(2)))
        continue
      }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      func fail(_ message: String) -> LoadError {
        LoadError(file: displayName, line: number + 1, column: 1, message: message)
      }
      switch fields[0] {
      case "labels" where labels.isEmpty:
        labels = Array(fields.dropFirst())
        guard labels.first == "none", labels.count >= 2 else {
          throw fail("expected `labels<TAB>none<TAB>LABEL...`")
        }
      case "mode":
        guard fields.count == 2, ["union", "rules"].contains(fields[1]) else {
          throw fail("expected `mode<TAB>union` or `mode<TAB>rules`")
        }
        mode = fields[1]
      case "threshold":
        guard fields.count == 2, let value = Int(fields[1]) else {
          throw fail("expected `threshold<TAB>INTEGER`")
        }
        threshold = value
      default:
        let row = fields.dropFirst().compactMap { Int32($0) }
        guard !labels.isEmpty, row.count == labels.count, fields.count == labels.count + 1 else {
          throw fail("expected a feature and \(labels.count) integer weights (after `labels`)")
        }
        weights[fields[0]] = row
      }
    }
    guard !labels.isEmpty else {
      throw LoadError(file: displayName, message: "the pair model has no `labels` line")
    }
    self.init(labels: labels, mode: mode, threshold: threshold, weights: weights)
    self.comments = comments
  }
}

extension PairClassifier {
  /// One relation the classifier adds: a candidate pair, its label and margin.
  package struct Addition {
    package var head: Int
    package var tail: Int
    package var label: String
    package var margin: Int
  }

  /// What the classifier adds to the rules' relations of a sentence: candidate pairs the
  /// rules left without a typed relation (in either direction) whose best label beats `none`
  /// by more than the threshold; a symmetric label once per pair.
  package func additions(
    _ candidates: [PairFeatures.Candidate], rules: [Relation], threshold: Int? = nil
  ) -> [Addition] {
    var covered = Set<[Int]>()
    for relation in rules {
      covered.insert([min(relation.head, relation.tail), max(relation.head, relation.tail)])
    }
    var result: [Addition] = []
    var symmetricTaken = Set<[Int]>()
    for candidate in candidates {
      let pair = [min(candidate.head, candidate.tail), max(candidate.head, candidate.tail)]
      guard !covered.contains(pair),
        let (label, margin) = prediction(candidate.features, threshold: threshold)
      else { continue }
      if Self.symmetric.contains(labels[label]) {
        guard symmetricTaken.insert(pair).inserted else { continue }
      }
      result.append(
        Addition(head: candidate.head, tail: candidate.tail, label: labels[label], margin: margin))
    }
    return result
  }

  /// The confidence of an added relation: 0.5 at the threshold, rising to 0.75 (below the
  /// rules' own) a score of 10 above it.
  func confidence(_ margin: Int) -> Double {
    let above = Double(margin - threshold) / (10 * Self.scale)
    return 0.5 + 0.25 * min(1, max(0, above))
  }
}
