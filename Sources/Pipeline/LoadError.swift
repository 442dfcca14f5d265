/// A problem with a pipeline file, rule file or stage config, located in its file.
public struct LoadError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file, as the user named it.
  public var file: String
  /// 1-based line, when known.
  public var line: Int?
  /// 1-based column, when known.
  public var column: Int?
  /// What is wrong and what was expected.
  public var message: String
  /// The further problems found in the same file (a file is checked whole: every problem is
  /// reported, not only the first).
  public var others: [LoadError] = []

  public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// This problem and the others, in the order they were found.
  public var all: [LoadError] {
    var first = self
    first.others = []
    return [first] + others.flatMap(\.all)
  }

  /// `file:line:column: error: message`, as compilers print it (one line per problem).
  public var description: String {
    guard others.isEmpty else { return all.map(\.description).joined(separator: "\n") }
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return "\(place): error: \(message)"
  }
}

extension [LoadError] {
  /// The first problem, carrying the others; nil when there is none.
  var combined: LoadError? {
    guard var first = first else { return nil }
    first.others += dropFirst()
    return first
  }
}
