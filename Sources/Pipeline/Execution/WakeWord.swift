import Synchronization

#if os(Linux)
  import CFutex
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A 32-bit word, possibly in memory shared by two processes, that one thread sleeps on and
/// another bumps to wake it: a futex on Linux.
///
/// The sleeper takes a ``ticket()`` before it checks whether it must sleep at all, then
/// ``sleep(ticket:nanoseconds:)`` returns at once if a ``wake()`` came after the ticket: a
/// wake-up between the check and the sleep is never lost. Elsewhere than Linux the sleeper
/// looks at the word every 50 µs instead (the same protocol, slower).
struct WakeWord: @unchecked Sendable {
  private let address: UnsafeMutableRawPointer

  /// The word at `address` (4-byte aligned; zeroed by whoever created the memory).
  init(_ address: UnsafeMutableRawPointer) {
    precondition(Int(bitPattern: address) % 4 == 0)
    self.address = address
  }

  private var word: UnsafeMutablePointer<Atomic<UInt32>> {
    address.assumingMemoryBound(to: Atomic<UInt32>.self)
  }

  /// The word's value now: a ``wake()`` after this changes it.
  func ticket() -> UInt32 { word.pointee.load(ordering: .sequentiallyConsistent) }

  /// Sleeps until a ``wake()`` after `ticket` was taken, or `nanoseconds` pass; false when the
  /// time ran out (true also when it returns early for another reason, a signal).
  func sleep(ticket: UInt32, nanoseconds: UInt64) -> Bool {
    #if os(Linux)
      let result = nlpipe_futex_wait(
        address.assumingMemoryBound(to: UInt32.self), ticket, nanoseconds)
      return result != ETIMEDOUT
    #else
      var left = nanoseconds
      while self.ticket() == ticket {
        guard left > 0 else { return false }
        let step = min(left, 50_000)
        usleep(useconds_t(step / 1_000))
        left -= step
      }
      return true
    #endif
  }

  /// Wakes the thread sleeping on the word (a later ``sleep(ticket:nanoseconds:)`` with an
  /// older ticket returns at once).
  func wake() {
    word.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
    #if os(Linux)
      _ = nlpipe_futex_wake(address.assumingMemoryBound(to: UInt32.self), Int32.max)
    #endif
  }
}
