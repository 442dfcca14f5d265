import Foundation
import Pipeline

/// The entities stage's document-level keep/retype classifier: a multi-class averaged
/// perceptron over a name group's ``GroupFeatures``, labels `NONE`, `PERSON`, `ORG`, `LOC`.
/// A group whose best label beats its own by more than a margin is dropped (`NONE`: not a
/// name of these types) or retyped; a MISC group counts as `NONE` (the types it could be are
/// not scored), so it can be retyped but is never dropped. Trained and its margins chosen by
/// cross-validation with `nlpipe train entity-groups`; stored as text
/// (`entities/groups-en.tsv`).
///
/// File format (UTF-8, tab-separated, `#` comment lines first): `labels<TAB>NONE<TAB>PERSON...`,
/// `mode<TAB>groups|off` (`off`: cross-validation found no gain on every set family),
/// `drop<TAB>N`, `retype<TAB>N` (margins, score units times 100; `-1`: never), then one line
/// per feature: `feature<TAB>w0<TAB>w1...` (integers, one per label).
public struct GroupClassifier: Sendable, Equatable {
  /// The labels of a model, `NONE` first.
  public static let defaultLabels = ["NONE", "PERSON", "ORG", "LOC"]
  /// Averaged weights are stored times this, rounded.
  public static let scale = 100.0

  /// Label names; index 0 is `NONE`.
  public var labels: [String]
  /// `groups`: the stage applies it; `off`: it does not (cross-validation found no gain).
  public var mode: String
  /// Margins of a drop and of a retype; nil: never.
  public var margins: Margins
  /// Weights per feature, one per label.
  public var weights: [String: [Int32]]
  /// Comment lines (how it was trained), written back as `# ...`.
  public var comments: [String] = []

  /// How far a label must beat the group's own to drop (`NONE`) or retype it; nil: never.
  public struct Margins: Sendable, Equatable, Hashable {
    public var drop: Int?
    public var retype: Int?
    public init(drop: Int?, retype: Int?) {
      self.drop = drop
      self.retype = retype
    }
  }

  /// What happens to a group.
  public enum Decision: Sendable, Equatable {
    case keep
    case drop
    case retype(String)
  }

  public init(labels: [String], mode: String, margins: Margins, weights: [String: [Int32]]) {
    self.labels = labels
    self.mode = mode
    self.margins = margins
    self.weights = weights
  }

  /// Scores of each label for a feature list.
  package func scores(_ features: [String]) -> [Int] {
    var scores = [Int](repeating: 0, count: labels.count)
    for feature in features {
      guard let row = weights[feature] else { continue }
      for label in row.indices { scores[label] += Int(row[label]) }
    }
    return scores
  }

  /// The decision for a group labelled `label` with these label scores.
  package func decision(scores: [Int], label: String, margins: Margins? = nil) -> Decision {
    let margins = margins ?? self.margins
    let own = labels.firstIndex(of: label) ?? 0
    var best = 0
    for index in scores.indices where scores[index] > scores[best] { best = index }
    guard best != own else { return .keep }
    let margin = scores[best] - scores[own]
    if best == 0 {
      guard let drop = margins.drop, margin > drop else { return .keep }
      return .drop
    }
    guard let retype = margins.retype, margin > retype else { return .keep }
    return .retype(labels[best])
  }

  /// Applies the decisions to the document's groups: drops or retypes every mention of a
  /// group (a retyped group keeps its canonical name). A group with a linked mention
  /// (``GroupFeatures/linked(_:)``) is never dropped.
  package func apply(
    _ entities: inout [Entity], groups: [(group: EntityGroup, features: [String])],
    margins: Margins? = nil
  ) {
    var dropped = Set<Int>()
    for (group, features) in groups {
      switch decision(scores: scores(features), label: group.label, margins: margins) {
      case .keep: continue
      case .drop:
        // A name the document writes two ways (full and short, or with its acronym) is a
        // name: never dropped (relations need it), only retyped.
        if features.contains(GroupFeatures.linked(group.label)) { continue }
        dropped.formUnion(group.members)
      case .retype(let label):
        for member in group.members { entities[member].label = label }
      }
    }
    guard !dropped.isEmpty else { return }
    entities = entities.indices.filter { !dropped.contains($0) }.map { entities[$0] }
  }

  /// The file's text; byte-identical for the same model.
  public func serialized() -> String {
    var lines = comments.map { "# " + $0 }
    lines.append((["labels"] + labels).joined(separator: "\t"))
    lines.append("mode\t" + mode)
    lines.append("drop\t\(margins.drop ?? -1)")
    lines.append("retype\t\(margins.retype ?? -1)")
    for feature in weights.keys.sorted() {
      guard let row = weights[feature] else { continue }
      lines.append(([feature] + row.map { String($0) }).joined(separator: "\t"))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads a model file's text; a malformed line is a load error naming the file and line.
  public init(text: String, displayName: String) throws {
    var labels: [String] = []
    var mode = "off"
    var margins = Margins(drop: nil, retype: nil)
    var weights: [String: [Int32]] = [:]
    var comments: [String] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated() where !line.isEmpty
    {
      if line.hasPrefix("#") {
        comments.append(String(line.dropFirst(line.hasPrefix("# ") ? 2 : 1)))
        continue
      }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      func fail(_ message: String) -> LoadError {
        LoadError(file: displayName, line: number + 1, column: 1, message: message)
      }
      switch fields[0] {
      case "labels" where labels.isEmpty:
        labels = Array(fields.dropFirst())
        guard labels.first == "NONE", labels.count >= 2, Set(labels).count == labels.count else {
          throw fail("expected `labels<TAB>NONE<TAB>LABEL...`")
        }
      case "mode":
        guard fields.count == 2, ["groups", "off"].contains(fields[1]) else {
          throw fail("expected `mode<TAB>groups` or `mode<TAB>off`")
        }
        mode = fields[1]
      case "drop", "retype":
        guard fields.count == 2, let value = Int(fields[1]), value >= -1 else {
          throw fail("expected `\(fields[0])<TAB>MARGIN` (an integer, -1 for never)")
        }
        if fields[0] == "drop" {
          margins.drop = value < 0 ? nil : value
        } else {
          margins.retype = value < 0 ? nil : value
        }
      default:
        let row = fields.dropFirst().compactMap { Int32($0) }
        guard !labels.isEmpty, row.count == labels.count, fields.count == labels.count + 1 else {
          throw fail("expected a feature and \(labels.count) integer weights (after `labels`)")
        }
        weights[fields[0]] = row
      }
    }
    guard !labels.isEmpty else {
      throw LoadError(file: displayName, message: "the group model has no `labels` line")
    }
    self.init(labels: labels, mode: mode, margins: margins, weights: weights)
    self.comments = comments
  }

  /// Reads a model file.
  public init(url: URL, displayName: String) throws {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw LoadError(
        file: displayName, message: "cannot read the group model: \(error.localizedDescription)")
    }
    try self.init(text: text, displayName: displayName)
  }
}
