import Pipeline

/// Reads the boilerplate model's text format line by line, with errors that name the file,
/// the line and what was expected.
struct ModelTextReader {
  private let lines: [Substring]
  private let origin: String
  private var index = 0

  init(text: String, origin: String) {
    lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    self.origin = origin
  }

  /// An error at the current line.
  func error(_ message: String) -> DocumentError {
    DocumentError("\(origin): line \(min(index + 1, lines.count)): \(message)")
  }

  /// The next `#` comment, if the next line is one.
  mutating func comment() -> String? {
    guard index < lines.count, lines[index].hasPrefix("#") else { return nil }
    defer { index += 1 }
    return String(lines[index].dropFirst()).trimmingSpaces
  }

  /// The number on a line `PREFIX NUMBER`.
  mutating func number(after prefix: String) throws -> Double {
    let value = try field(after: prefix)
    guard let number = Double(value) else { throw error("expected a number after '\(prefix)'") }
    return number
  }

  /// The count on a line `PREFIX COUNT` (which must be `expected` when given).
  mutating func count(after prefix: String, expected: Int? = nil) throws -> Int {
    let value = try field(after: prefix, advance: false)
    guard let count = Int(value), count >= 0 else {
      throw error("expected a count after '\(prefix)'")
    }
    if let expected, count != expected {
      throw error("'\(prefix)' has \(count), expected \(expected)")
    }
    index += 1
    return count
  }

  /// A tree node line: `leaf VALUE` or `split FEATURE THRESHOLD LEFT RIGHT` (node `position`
  /// of a tree of `size` nodes; children come after their parent, so no walk can loop).
  mutating func node(at position: Int, size: Int) throws -> BoostedTrees.Node {
    guard index < lines.count, !lines[index].isEmpty else {
      throw error("expected a tree node, found the end")
    }
    let parts = lines[index].split(separator: " ")
    if parts.count == 2, parts[0] == "leaf", let value = Double(parts[1]) {
      index += 1
      return BoostedTrees.Node(feature: -1, threshold: 0, left: -1, right: -1, value: value)
    }
    guard parts.count == 5, parts[0] == "split",
      let feature = BlockFeatures.names.firstIndex(of: String(parts[1])),
      let threshold = Double(parts[2]), let left = Int(parts[3]), let right = Int(parts[4]),
      ((position + 1)..<size).contains(left), ((position + 1)..<size).contains(right)
    else {
      throw error(
        "expected 'leaf VALUE' or 'split FEATURE THRESHOLD LEFT RIGHT' with a known feature "
          + "and children inside the tree, got '\(lines[index])'")
    }
    index += 1
    return BoostedTrees.Node(
      feature: feature, threshold: threshold, left: left, right: right, value: 0)
  }

  /// Only blank lines may follow.
  mutating func end() throws {
    while index < lines.count {
      guard lines[index].allSatisfy(\.isWhitespace) else {
        throw error("unexpected '\(lines[index])' after the model")
      }
      index += 1
    }
  }

  private mutating func field(after prefix: String, advance: Bool = true) throws -> Substring {
    guard lines[min(index, lines.count)...].contains(where: { !$0.allSatisfy(\.isWhitespace) })
    else { throw error("expected '\(prefix) ...', found the end") }
    let line = lines[index]
    guard line.hasPrefix(prefix + " ") else {
      throw error("expected '\(prefix) ...', got '\(line)'")
    }
    if advance { index += 1 }
    return line.dropFirst(prefix.count + 1)
  }
}
