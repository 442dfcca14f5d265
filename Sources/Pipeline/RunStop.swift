/// Thrown by a stage to stop the whole run, not just fail one document: the document fails
/// with this message (in `errors.jsonl`), no further document is started, the documents in
/// flight are finished and written, and `nlpipe run` exits with status 1 naming the reason.
/// For problems that would fail every remaining document (a plugin that fails document
/// after document); a problem with one document is a ``DocumentError``.
public struct StopRunError: Error, CustomStringConvertible, Sendable {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
