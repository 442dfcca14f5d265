import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Pipeline

/// The futex word that the worker processes' channels sleep on (``WakeWord``): a sleeper is
/// woken, a sleep times out, a wake-up between the ticket and the sleep is not lost, and two
/// threads handing a counter back and forth many times with the channels' "going to sleep"
/// flag never miss one (a lost wake-up would show as a sleep that runs out).
@Suite struct WakeWordIsolationTests {
  /// Zeroed memory for a few words, each on a cache line of its own, freed by `body`'s end.
  private func withWords<T>(_ count: Int, _ body: ([UnsafeMutableRawPointer]) throws -> T)
    rethrows -> T
  {
    let memory = UnsafeMutableRawPointer.allocate(byteCount: 64 * count, alignment: 64)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: 64 * count)
    defer { memory.deallocate() }
    return try body((0..<count).map { memory + 64 * $0 })
  }

  /// Long enough never to run out on a loaded machine: running out means a lost wake-up.
  private let long: UInt64 = 30_000_000_000

  @Test func aSleeperIsWoken() {
    withWords(1) { words in
      let word = WakeWord(words[0])
      let ticket = word.ticket()
      let woken = Atomic<Bool>(false)
      let done = DispatchSemaphore(value: 0)
      DispatchQueue.global().async {
        woken.store(word.sleep(ticket: ticket, nanoseconds: long), ordering: .relaxed)
        done.signal()
      }
      usleep(20_000)
      word.wake()
      done.wait()
      let wasWoken = woken.load(ordering: .relaxed)
      #expect(wasWoken)
      #expect(word.ticket() != ticket)
    }
  }

  @Test func aSleepWithoutAWakeUpTimesOut() {
    withWords(1) { words in
      let word = WakeWord(words[0])
      #expect(!word.sleep(ticket: word.ticket(), nanoseconds: 20_000_000))
    }
  }

  @Test func aWakeUpAfterTheTicketEndsTheSleepAtOnce() {
    withWords(1) { words in
      let word = WakeWord(words[0])
      let ticket = word.ticket()
      word.wake()
      #expect(word.sleep(ticket: ticket, nanoseconds: long))
    }
  }

  /// Two threads hand a counter back and forth 20,000 times, each sleeping (ticket, flag,
  /// check, sleep) when the other has not answered yet, as a channel's sides do.
  @Test func noWakeUpIsLostUnderARace() {
    withWords(4) { words in
      let counters = (
        ping: words[0].bindMemory(to: Atomic<UInt32>.self, capacity: 1),
        pong: words[1].bindMemory(to: Atomic<UInt32>.self, capacity: 1)
      )
      let flags = (
        pinger: UnsafeMutableRawPointer(words[2] + 8).bindMemory(
          to: Atomic<UInt32>.self, capacity: 1),
        ponger: UnsafeMutableRawPointer(words[3] + 8).bindMemory(
          to: Atomic<UInt32>.self, capacity: 1)
      )
      let wake = (pinger: WakeWord(words[2]), ponger: WakeWord(words[3]))
      let shared = RaceMemory(
        ping: counters.ping, pong: counters.pong, pingerFlag: flags.pinger,
        pongerFlag: flags.ponger, pingerWord: wake.pinger, pongerWord: wake.ponger)
      let rounds: UInt32 = 20_000
      let timeouts = Atomic<Int>(0)
      let done = DispatchSemaphore(value: 0)
      DispatchQueue.global().async {
        for round in 1...rounds {
          // Waits for the ping of this round, then answers it.
          if !shared.wait(
            until: { shared.ping.pointee.load(ordering: .sequentiallyConsistent) >= round },
            flag: shared.pongerFlag, word: shared.pongerWord, long: long)
          {
            timeouts.add(1, ordering: .relaxed)
          }
          shared.post(shared.pong, round, flag: shared.pingerFlag, word: shared.pingerWord)
        }
        done.signal()
      }
      for round in 1...rounds {
        shared.post(shared.ping, round, flag: shared.pongerFlag, word: shared.pongerWord)
        if !shared.wait(
          until: { shared.pong.pointee.load(ordering: .sequentiallyConsistent) >= round },
          flag: shared.pingerFlag, word: shared.pingerWord, long: long)
        {
          timeouts.add(1, ordering: .relaxed)
        }
      }
      done.wait()
      let lost = timeouts.load(ordering: .relaxed)
      let answered = shared.pong.pointee.load(ordering: .relaxed)
      #expect(lost == 0)
      #expect(answered == rounds)
    }
  }
}

/// The memory two racing threads share: a counter each way, and each side's "going to sleep"
/// flag and wake word, used as ``WorkerChannel`` uses them.
private struct RaceMemory: @unchecked Sendable {
  let ping: UnsafeMutablePointer<Atomic<UInt32>>
  let pong: UnsafeMutablePointer<Atomic<UInt32>>
  let pingerFlag: UnsafeMutablePointer<Atomic<UInt32>>
  let pongerFlag: UnsafeMutablePointer<Atomic<UInt32>>
  let pingerWord: WakeWord
  let pongerWord: WakeWord

  /// Publishes `value`, and wakes the other side if it said it is going to sleep.
  func post(
    _ counter: UnsafeMutablePointer<Atomic<UInt32>>, _ value: UInt32,
    flag: UnsafeMutablePointer<Atomic<UInt32>>, word: WakeWord
  ) {
    counter.pointee.store(value, ordering: .sequentiallyConsistent)
    if flag.pointee.exchange(0, ordering: .sequentiallyConsistent) != 0 { word.wake() }
  }

  /// Sleeps until `ready`; false when a sleep ran out (a lost wake-up).
  func wait(
    until ready: () -> Bool, flag: UnsafeMutablePointer<Atomic<UInt32>>, word: WakeWord,
    long: UInt64
  ) -> Bool {
    while !ready() {
      let ticket = word.ticket()
      flag.pointee.store(1, ordering: .sequentiallyConsistent)
      if ready() {
        flag.pointee.store(0, ordering: .sequentiallyConsistent)
        return true
      }
      let woken = word.sleep(ticket: ticket, nanoseconds: long)
      flag.pointee.store(0, ordering: .sequentiallyConsistent)
      if !woken { return false }
    }
    return true
  }
}
