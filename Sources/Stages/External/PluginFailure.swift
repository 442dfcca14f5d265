/// Why talking to a plugin process failed. Each case ends that process: the pool kills it,
/// fails the document, and starts a fresh one for the next document.
enum PluginFailure: Error, CustomStringConvertible {
  /// The process could not be started (program not found, bad working directory...).
  case startFailed(String)
  /// The process ended (or closed its stdout) before replying.
  case exited(String)
  /// No complete reply line within the timeout.
  case timedOut(Double)
  /// The reply is not a JSON object with the document's id, or is followed by extra output.
  case malformed(String)

  var description: String {
    switch self {
    case .startFailed(let reason): return "cannot start: \(reason)"
    case .exited(let status): return "crashed: \(status)"
    case .timedOut(let seconds):
      return "timed out: no reply within \(Self.seconds(seconds)) s"
    case .malformed(let reason): return "sent a malformed reply: \(reason)"
    }
  }

  private static func seconds(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
