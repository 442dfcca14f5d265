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

  public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: error: message`, as compilers print it.
  public var description: String {
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return "\(place): error: \(message)"
  }
}
