import Foundation

/// The memory slots of the documents in flight: a counting semaphore whose non-blocking
/// ``tryTake()`` never blocks and never loses a wake-up.
///
/// A `DispatchSemaphore` on Linux can leave a thread waiting forever when one thread's
/// zero-timeout wait times out while another waits without a timeout and a signal comes in
/// between (the timed-out waiter then waits for the wake-up the other one took); a run with
/// worker processes hung that way. A lock and a condition variable have no such window.
final class DocumentSlots: @unchecked Sendable {
  private let condition = NSCondition()
  private var free: Int

  init(_ count: Int) { free = count }

  /// Takes a slot, waiting for one.
  func take() {
    condition.lock()
    while free == 0 { condition.wait() }
    free -= 1
    condition.unlock()
  }

  /// Takes a slot if one is free now.
  func tryTake() -> Bool {
    condition.lock()
    defer { condition.unlock() }
    guard free > 0 else { return false }
    free -= 1
    return true
  }

  /// Gives a slot back.
  func give() {
    condition.lock()
    free += 1
    condition.signal()
    condition.unlock()
  }
}
