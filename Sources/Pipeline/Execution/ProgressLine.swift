import Foundation

/// The `done/total, docs/s` line on stderr (only when stderr is a terminal).
struct ProgressLine {
  let enabled: Bool
  let total: Int?
  private var last: ContinuousClock.Instant?
  private var start: ContinuousClock.Instant?

  init(enabled: Bool, total: Int?) {
    self.enabled = enabled
    self.total = total
  }

  mutating func update(done: Int, clock: ContinuousClock) {
    guard enabled else { return }
    let now = clock.now
    if start == nil { start = now }
    if let last, now - last < .milliseconds(250) { return }
    last = now
    draw(done: done, now: now)
  }

  mutating func finish(done: Int, clock: ContinuousClock) {
    guard enabled else { return }
    draw(done: done, now: clock.now)
    FileHandle.standardError.write(Data("\n".utf8))
  }

  private func draw(done: Int, now: ContinuousClock.Instant) {
    let elapsed = start.map { now - $0 } ?? .zero
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = seconds > 0 ? Int(Double(done) / seconds) : 0
    let count = total.map { "\(done)/\($0)" } ?? "\(done)"
    FileHandle.standardError.write(Data("\r\(count) docs  \(rate) docs/s   ".utf8))
  }
}
