import Foundation

/// True positives, false positives and misses of a cross-validation score, and the precision,
/// recall and F1 they give: the tallies of the relation pair trainer and of the entity group
/// trainer.
protocol ScoreCounts {
  var truePositives: Int { get }
  var falsePositives: Int { get }
  var misses: Int { get }
}

extension ScoreCounts {
  var precision: Double {
    truePositives + falsePositives == 0
      ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
  }
  var recall: Double {
    truePositives + misses == 0 ? 0 : Double(truePositives) / Double(truePositives + misses)
  }
  var f1: Double {
    precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
  }
  /// "P R F1", three decimals each.
  var description: String {
    func format(_ value: Double) -> String { String(format: "%.3f", value) }
    return "\(format(precision)) \(format(recall)) \(format(f1))"
  }
}
