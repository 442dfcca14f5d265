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

  /// Takes up to `count` slots, as many as are free now (perhaps none); returns how many.
  func tryTake(upTo count: Int) -> Int {
    condition.lock()
    defer { condition.unlock() }
    let taken = max(0, min(count, free))
    free -= taken
    return taken
  }

  /// Gives a slot back.
  func give() { give(1) }

  /// Gives `count` slots back.
  func give(_ count: Int) {
    guard count > 0 else { return }
    condition.lock()
    free += count
    if count == 1 { condition.signal() } else { condition.broadcast() }
    condition.unlock()
  }
}
