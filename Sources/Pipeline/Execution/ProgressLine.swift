import Foundation

/// The progress line on stderr (only when stderr is a terminal): documents done (of the
/// total, when known), docs/s, failures so far, and the time left at the current rate.
struct ProgressLine {
  let enabled: Bool
  let total: Int?
  private var last: ContinuousClock.Instant?
  private var start: ContinuousClock.Instant?

  init(enabled: Bool, total: Int?) {
    self.enabled = enabled
    self.total = total
  }

  mutating func update(done: Int, failed: Int = 0, clock: ContinuousClock) {
    guard enabled else { return }
    let now = clock.now
    if start == nil { start = now }
    if let last, now - last < .milliseconds(250) { return }
    last = now
    draw(done: done, failed: failed, now: now)
  }

  mutating func finish(done: Int, failed: Int = 0, clock: ContinuousClock) {
    guard enabled else { return }
    draw(done: done, failed: failed, now: clock.now)
    FileHandle.standardError.write(Data("\n".utf8))
  }

  private func draw(done: Int, failed: Int, now: ContinuousClock.Instant) {
    let elapsed = start.map { now - $0 } ?? .zero
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    FileHandle.standardError.write(
      Data(("\r" + Self.text(done: done, total: total, failed: failed, seconds: seconds)).utf8))
  }

  /// `120/1000 docs  45 docs/s  2 failed  ETA 0:20   ` (the ETA once a rate is known).
  static func text(done: Int, total: Int?, failed: Int, seconds: Double) -> String {
    let rate = seconds > 0 ? Double(done) / seconds : 0
    var line = (total.map { "\(done)/\($0)" } ?? "\(done)") + " docs  \(Int(rate)) docs/s"
    if failed > 0 { line += "  \(failed) failed" }
    if let total, rate > 0, done > 0, done < total {
      line += "  ETA " + clock(Double(total - done) / rate)
    }
    return line + "   "
  }

  /// `m:ss`, or `h:mm:ss` from an hour on.
  static func clock(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded(.up))
    let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
    let padded = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
    return hours > 0 ? "\(hours):\(padded(minutes)):\(padded(secs))" : "\(minutes):\(padded(secs))"
  }
}
