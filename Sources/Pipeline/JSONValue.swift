/// A JSON value, for document fields whose shape the model does not fix.
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// The value as text, for a CSV cell: strings as they are, the rest as JSON.
  public var cellText: String {
    switch self {
    case .null: return ""
    case .string(let value): return value
    default:
      var writer = JSONWriter()
      writer.value(self)
      return writer.string
    }
  }
}
