import Foundation
import Yams

/// A change to a pipeline file given on the command line (`--set STAGE.KEY=VALUE`), applied
/// as the file is loaded, before any check: `--set entities.min_confidence=0.6`,
/// `--set export.formats=[csv,sqlite]`, `--set input.glob=*.html`, `--set name=trial`.
///
/// The value is YAML (a number, a word, a flow list `[a, b]` or mapping `{k: v}`; text that
/// is not YAML is a string), checked like the same value written in the file. A stage key changes every stage of that name.
public struct ConfigOverride: Sendable, Equatable {
  /// `input`, `name`, or a stage name.
  public var target: String
  /// The key in the stage's (or input's) config; nil for `name`.
  public var key: String?
  /// The value as YAML text.
  public var value: String

  /// Parses `TARGET.KEY=VALUE` (or `name=VALUE`).
  public init(parsing text: String) throws(LoadError) {
    guard let equals = text.firstIndex(of: "=") else {
      throw Self.error(text, "expected STAGE.KEY=VALUE, like entities.min_confidence=0.6")
    }
    let path = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
    value = String(text[text.index(after: equals)...])
    if path == "name" {
      target = path
      key = nil
      return
    }
    let parts = path.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
      throw Self.error(
        text,
        "expected STAGE.KEY=VALUE (or input.KEY=VALUE, name=VALUE); '\(path)' has no STAGE.KEY")
    }
    target = String(parts[0])
    key = String(parts[1])
  }

  /// The `--set` text this override came from.
  public var text: String { (key.map { "\(target).\($0)" } ?? target) + "=" + value }

  private static func error(_ text: String, _ message: String) -> LoadError {
    LoadError(file: "--set \(text)", message: message)
  }

  /// The pipeline file's root mapping with the overrides applied, in order.
  static func apply(_ overrides: [ConfigOverride], to root: Node, file: String)
    throws(LoadError) -> Node
  {
    guard case .mapping(var top) = root else { return root }
    for override in overrides {
      let value = try override.parsedValue()
      guard let key = override.key else {
        top["name"] = value
        continue
      }
      if override.target == "input" {
        var input = top["input"] ?? Node.mapping(Node.Mapping([]))
        if case .scalar = input, input.null == nil {
          input = .mapping(Node.Mapping([(Node("path"), input)]))
        } else if input.null != nil {
          input = .mapping(Node.Mapping([]))
        }
        input[key] = value
        top["input"] = input
        continue
      }
      guard case .sequence(var stages) = top["stages"] ?? Node.sequence(Node.Sequence([]))
      else {
        throw error(override.text, "the pipeline file's 'stages' is not a list")
      }
      var names: [String] = []
      var found = false
      for index in stages.indices {
        let (name, config) = entry(stages[index])
        names.append(name)
        guard name == override.target else { continue }
        var mapping = config ?? Node.mapping(Node.Mapping([]))
        if mapping.null != nil || mapping.scalar?.string.isEmpty == true {
          mapping = .mapping(Node.Mapping([]))
        }
        guard case .mapping = mapping else {
          throw error(override.text, "stage '\(name)' in \(file) has no settings mapping to change")
        }
        mapping[key] = value
        stages[index] = .mapping(Node.Mapping([(Node(name), mapping)]))
        found = true
      }
      guard found else {
        throw error(
          override.text,
          "no stage '\(override.target)' in \(file)\(suggestion(override.target, names)); "
            + "its stages: \(names.joined(separator: ", ")) (or input, name)")
      }
      top["stages"] = .sequence(stages)
    }
    return .mapping(top)
  }

  /// A stage list item's name and settings node.
  private static func entry(_ item: Node) -> (String, Node?) {
    switch item {
    case .scalar(let scalar): return (scalar.string, nil)
    case .mapping(let map) where map.count == 1:
      guard let (key, value) = map.first else { return ("", nil) }
      return (key.scalar?.string ?? "", value)
    default: return ("", nil)
    }
  }

  /// The value as a YAML node, without marks (a problem with it is reported at the stage it
  /// changes). Text that is not YAML (`*.txt`) is taken as a string, as is an empty value.
  private func parsedValue() throws(LoadError) -> Node {
    guard let node = try? Yams.compose(yaml: value) else { return Node(value) }
    return Self.unmarked(node)
  }

  private static func unmarked(_ node: Node) -> Node {
    switch node {
    case .scalar(var scalar):
      scalar.mark = nil
      return .scalar(scalar)
    case .sequence(let sequence):
      return .sequence(Node.Sequence(sequence.map(unmarked), sequence.tag, sequence.style))
    case .mapping(let mapping):
      return .mapping(
        Node.Mapping(
          mapping.map { (unmarked($0.key), unmarked($0.value)) }, mapping.tag, mapping.style))
    case .alias:
      return node
    }
  }
}
