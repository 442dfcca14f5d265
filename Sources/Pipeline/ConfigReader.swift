import Yams

/// The documentation of one config key, as `nlpipe stages` prints it.
public struct ConfigKey: Sendable, Equatable {
  public var name: String
  public var type: String
  public var defaultValue: String
  public var help: String
}

/// Reads a stage's config mapping with typed getters that check types, ranges and choices
/// and report errors at the key's line and column.
///
/// Every getter also records the key's documentation, so running a config's initializer on
/// an empty reader (``describing()``) lists its keys. Keys present in the file that no getter
/// asked for are reported by the loader as unknown.
public struct ConfigReader {
  private let mapping: [(key: String, keyMark: Mark?, value: Node)]
  private let origin: Mark?
  /// The file the config was read from, for error messages.
  public let file: String
  /// The stage (or section) whose config this is.
  public let section: String
  /// The keys documented so far.
  public private(set) var keys: [ConfigKey] = []
  /// The values read, as JSON, for the run manifest.
  public private(set) var values: [(String, JSONValue)] = []
  private var consumed: Set<String> = []
  private let isDescribing: Bool

  /// A reader over a YAML mapping node (or an empty config when `node` is nil or null).
  public init(node: Node?, file: String, section: String, origin: Mark?) throws {
    self.file = file
    self.section = section
    self.origin = origin
    self.isDescribing = false
    switch node {
    case .none:
      self.mapping = []
    case .some(.scalar(let scalar)) where scalar.string.isEmpty || node?.null != nil:
      self.mapping = []
    case .some(.mapping(let map)):
      var pairs: [(String, Mark?, Node)] = []
      for (key, value) in map {
        guard let name = key.scalar?.string else {
          throw LoadError.at(key.mark, file: file, "\(section): config keys must be plain words")
        }
        pairs.append((name, key.mark, value))
      }
      self.mapping = pairs
    case .some(let other):
      throw LoadError.at(
        other.mark, file: file,
        "\(section): expected a mapping of settings (like `{key: value}` or `{}`), found \(other.kindName)"
      )
    }
  }

  private init(describing section: String) {
    self.mapping = []
    self.origin = nil
    self.file = "<describe>"
    self.section = section
    self.isDescribing = true
  }

  /// An empty reader that only records key documentation.
  public static func describing(_ section: String = "") -> ConfigReader {
    ConfigReader(describing: section)
  }

  /// Keys present in the mapping that no getter asked for.
  public var unknownKeys: [(key: String, mark: Mark?)] {
    mapping.filter { !consumed.contains($0.key) }.map { ($0.key, $0.keyMark) }
  }

  /// Whether the mapping sets a key.
  public func has(_ key: String) -> Bool { mapping.contains { $0.key == key } }

  /// An error located at a key's value (or at the section when the key is absent).
  public func error(_ key: String?, _ message: String) -> LoadError {
    let entry = key.flatMap { name in mapping.first { $0.key == name } }
    return LoadError.at(entry?.value.mark ?? origin, file: file, "\(section): \(message)")
  }

  private mutating func take(
    _ key: String, type: String, defaultText: String, help: String
  ) -> Node? {
    keys.append(ConfigKey(name: key, type: type, defaultValue: defaultText, help: help))
    consumed.insert(key)
    guard let entry = mapping.first(where: { $0.key == key }) else { return nil }
    if entry.value.null != nil, entry.value.scalar?.style == .plain { return nil }
    return entry.value
  }

  private func typeError(_ key: String, _ node: Node, expected: String) -> LoadError {
    error(key, "key '\(key)' expects \(expected), found \(node.kindName) \(node.shortText)")
  }

  /// A string.
  public mutating func string(_ key: String, default value: String, help: String) throws -> String {
    guard let node = take(key, type: "string", defaultText: quoted(value), help: help) else {
      values.append((key, .string(value)))
      return value
    }
    guard let text = node.scalar?.string else { throw typeError(key, node, expected: "a string") }
    values.append((key, .string(text)))
    return text
  }

  /// A string that may be absent.
  public mutating func optionalString(_ key: String, help: String) throws -> String? {
    guard let node = take(key, type: "string", defaultText: "none", help: help) else { return nil }
    guard let text = node.scalar?.string else { throw typeError(key, node, expected: "a string") }
    values.append((key, .string(text)))
    return text
  }

  /// One of a fixed set of words.
  public mutating func choice(
    _ key: String, default value: String, from choices: [String], help: String
  ) throws -> String {
    let type = choices.joined(separator: "|")
    guard let node = take(key, type: type, defaultText: value, help: help) else {
      values.append((key, .string(value)))
      return value
    }
    guard let text = node.scalar?.string else {
      throw typeError(key, node, expected: "one of \(choices.joined(separator: ", "))")
    }
    guard choices.contains(text) else {
      throw error(
        key, "key '\(key)' must be one of \(choices.joined(separator: ", ")); found '\(text)'")
    }
    values.append((key, .string(text)))
    return text
  }

  /// An integer, optionally within a range.
  public mutating func int(
    _ key: String, default value: Int, in range: ClosedRange<Int>? = nil, help: String
  ) throws -> Int {
    guard let node = take(key, type: "integer", defaultText: "\(value)", help: help) else {
      values.append((key, .number(Double(value))))
      return value
    }
    guard let scalar = node.scalar, scalar.style == .plain, let number = node.int else {
      throw typeError(key, node, expected: "an integer")
    }
    if let range, !range.contains(number) {
      throw error(
        key,
        "key '\(key)' must be between \(range.lowerBound) and \(range.upperBound); found \(number)")
    }
    values.append((key, .number(Double(number))))
    return number
  }

  /// A number, optionally within a range.
  public mutating func double(
    _ key: String, default value: Double, in range: ClosedRange<Double>? = nil, help: String
  ) throws -> Double {
    guard let node = take(key, type: "number", defaultText: "\(value)", help: help) else {
      values.append((key, .number(value)))
      return value
    }
    guard let scalar = node.scalar, scalar.style == .plain, let number = node.float else {
      throw typeError(key, node, expected: "a number")
    }
    if let range, !range.contains(number) {
      throw error(
        key,
        "key '\(key)' must be between \(range.lowerBound) and \(range.upperBound); found \(number)")
    }
    values.append((key, .number(number)))
    return number
  }

  /// A boolean (`true`/`false`).
  public mutating func bool(_ key: String, default value: Bool, help: String) throws -> Bool {
    guard let node = take(key, type: "bool", defaultText: "\(value)", help: help) else {
      values.append((key, .bool(value)))
      return value
    }
    guard let scalar = node.scalar, scalar.style == .plain, let flag = node.bool else {
      throw typeError(key, node, expected: "true or false")
    }
    values.append((key, .bool(flag)))
    return flag
  }

  /// A list of strings, optionally restricted to a set of choices.
  public mutating func strings(
    _ key: String, default value: [String], choices: [String]? = nil, help: String
  ) throws -> [String] {
    let type = choices.map { "list of \($0.joined(separator: "|"))" } ?? "list of strings"
    let defaultText = "[" + value.joined(separator: ", ") + "]"
    guard let node = take(key, type: type, defaultText: defaultText, help: help) else {
      values.append((key, .array(value.map(JSONValue.string))))
      return value
    }
    guard case .sequence(let sequence) = node else {
      throw typeError(key, node, expected: "a list (like [a, b])")
    }
    var result: [String] = []
    for item in sequence {
      guard let text = item.scalar?.string else {
        throw LoadError.at(
          item.mark ?? node.mark, file: file,
          "\(section): key '\(key)' expects a list of strings, found \(item.kindName) in it")
      }
      if let choices, !choices.contains(text) {
        throw LoadError.at(
          item.mark ?? node.mark, file: file,
          "\(section): '\(text)' is not a valid value for '\(key)'; valid: \(choices.joined(separator: ", "))"
        )
      }
      result.append(text)
    }
    values.append((key, .array(result.map(JSONValue.string))))
    return result
  }

  /// A list of strings that must be present and non-empty.
  public mutating func requiredStrings(_ key: String, help: String) throws -> [String] {
    let present = has(key)
    let result = try strings(key, default: [], help: help + " (required)")
    if !isDescribing, !present || result.isEmpty {
      throw error(key, "key '\(key)' is required: \(help)")
    }
    return result
  }

  /// A mapping from names to lists of strings (e.g. extra gazetteer entries by label).
  public mutating func stringLists(_ key: String, help: String) throws -> [String: [String]] {
    guard let node = take(key, type: "map of lists", defaultText: "{}", help: help) else {
      return [:]
    }
    guard case .mapping(let map) = node else {
      throw typeError(key, node, expected: "a mapping of names to lists")
    }
    var result: [String: [String]] = [:]
    for (name, list) in map {
      guard let label = name.scalar?.string, case .sequence(let items) = list else {
        throw LoadError.at(
          name.mark ?? node.mark, file: file,
          "\(section): key '\(key)' expects `NAME: [entry, ...]` pairs")
      }
      result[label] = items.compactMap { $0.scalar?.string }
    }
    values.append((key, .object(result.mapValues { .array($0.map(JSONValue.string)) })))
    return result
  }

  private func quoted(_ text: String) -> String { text.isEmpty ? "\"\"" : text }
}

extension LoadError {
  /// An error at a YAML mark (1-based line and column).
  public static func at(_ mark: Mark?, file: String, _ message: String) -> LoadError {
    LoadError(file: file, line: mark?.line, column: mark?.column, message: message)
  }
}

extension Node {
  /// "a mapping", "a list", "a string"... for error messages.
  var kindName: String {
    switch self {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar):
      if scalar.style != .plain { return "a string" }
      if self.null != nil { return "null" }
      if self.bool != nil { return "a boolean" }
      if self.int != nil { return "an integer" }
      if self.float != nil { return "a number" }
      return "a string"
    }
  }

  /// A short rendering of a scalar for error messages.
  var shortText: String {
    guard let text = scalar?.string else { return "" }
    return "'" + (text.count > 40 ? String(text.prefix(40)) + "..." : text) + "'"
  }
}
