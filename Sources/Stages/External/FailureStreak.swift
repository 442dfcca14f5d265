import Pipeline
import Synchronization

/// Counts a plugin's failed documents in a row (across all workers, in the order they
/// finish) and stops the run when the count reaches the limit: a plugin that fails document
/// after document (a missing model, a bug on every input) would otherwise fill
/// `errors.jsonl` with the same error for the whole batch.
final class FailureStreak: Sendable {
  /// Failures in a row that stop the run (0: never).
  let limit: Int
  private let count = Atomic<Int>(0)

  init(limit: Int) { self.limit = limit }

  /// A document went through: the streak is broken.
  func succeeded() { count.store(0, ordering: .relaxed) }

  /// A document failed with `error`; returns the error that stops the run once the streak
  /// reaches the limit, else nil.
  func failed(_ error: any Error, plugin: String) -> StopRunError? {
    let failures = count.add(1, ordering: .relaxed).newValue
    guard limit > 0, failures >= limit else { return nil }
    return StopRunError(
      "plugin '\(plugin)' failed \(failures) documents in a row (max_consecutive_failures: "
        + "\(limit)); last error: \(error)")
  }
}
