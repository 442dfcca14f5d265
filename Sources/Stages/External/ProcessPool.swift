import Pipeline
import Synchronization

/// The long-lived plugin processes of one external stage, shared by all workers.
///
/// A worker checks a process out, exchanges one document with it, and checks it back in; so
/// there are at most as many processes as workers. A process that crashes, hangs, or answers
/// out of step is killed (and reaped) and the document fails; the next document gets a
/// fresh process. A plugin that keeps dying before its first reply is not restarted forever:
/// after ``maxStartFailures`` such deaths in a row, a new process is started and watched for
/// ``probeSeconds`` without any input; if it exits on its own, the plugin exits at start-up
/// and documents fail at once from then on (if it survives, the deaths were crashes on
/// those documents, and restarts go on). When the pool goes away, every process gets
/// end-of-input on stdin, then a grace period, then SIGKILL.
final class ProcessPool: Sendable {
  private struct State {
    var idle: [PluginProcess] = []
    /// Processes in a row that ended before their first reply.
    var startFailures = 0
    /// Whether a process of this plugin has ever replied, or survived a probe: once true,
    /// deaths before a first reply are crashes on a document, not at start-up.
    var startsFine = false
    /// Set once the plugin is known to exit at start-up.
    var givenUp: String?
  }

  /// Deaths before a first reply, in a row, after which the plugin is no longer restarted.
  static let maxStartFailures = 3
  /// How long a probe process must survive without input to count as starting fine.
  static let probeSeconds = 3.0

  let name: String
  private let launch: PluginLaunch
  private let timeout: Double
  private let startupTimeout: Double
  private let state = Mutex(State())

  /// Starts the first process right away, so that a command that cannot start at all is
  /// reported when the pipeline is loaded.
  init(name: String, launch: PluginLaunch, timeout: Double, startupTimeout: Double)
    throws(PluginFailure)
  {
    self.name = name
    self.launch = launch
    self.timeout = timeout
    self.startupTimeout = startupTimeout
    let first = try PluginProcess(launch)
    state.withLock { $0.idle.append(first) }
  }

  deinit {
    let processes = state.withLock { state in
      let all = state.idle
      state.idle = []
      return all
    }
    for process in processes { process.closeInput() }
    for process in processes { process.stop(graceSeconds: 2) }
  }

  /// Process ids of the idle processes (for tests).
  var idleProcessIDs: [Int32] { state.withLock { $0.idle.map(\.pid) } }

  /// Sends a request for document `id` and returns the reply object, or fails the document.
  ///
  /// A process that served earlier documents and then exited cleanly (status 0) before
  /// answering has most likely quit on its own between documents (some plugins recycle
  /// themselves): the document is sent once more, to a new process.
  func exchange(_ request: [UInt8], id: String) throws(DocumentError) -> [String: JSONValue] {
    var retried = false
    while true {
      let process = try checkOut()
      do {
        // A new process's first reply also covers its start-up.
        let allowed = process.replies == 0 ? timeout + startupTimeout : timeout
        let line = try process.exchange(request, timeout: allowed)
        let object = try PluginReply.envelope(line, expecting: id)
        state.withLock { state in
          state.startFailures = 0
          state.startsFine = true
          state.idle.append(process)
        }
        return object
      } catch {
        let ending = process.terminate()
        let exited: Bool
        if case .exited = error { exited = true } else { exited = false }
        if exited, process.exitedCleanly, process.replies > 0, !retried {
          retried = true
          continue
        }
        recordFailure(diedAtStart: exited && process.replies == 0)
        var message = "plugin '\(name)' \(error)"
        if case .timedOut = error { message += "; \(ending)" }
        throw DocumentError(message + "; it will be restarted for the next document")
      }
    }
  }

  /// An idle process in step with the protocol, or a new one.
  private func checkOut() throws(DocumentError) -> PluginProcess {
    var needsProbe = false
    while true {
      let (process, givenUp, probe) = state.withLock { state in
        (
          state.idle.popLast(), state.givenUp,
          !state.startsFine && state.startFailures >= Self.maxStartFailures
        )
      }
      if let givenUp { throw DocumentError(givenUp) }
      needsProbe = probe
      guard let process else { break }
      if process.isIdleAndAlive { return process }
      // It exited or wrote output while idle: replace it without failing the document.
      let ending = process.terminate()
      launch.log(launch.logPrefix + "(nlpipe) the plugin \(ending) between documents")
      recordFailure(diedAtStart: process.replies == 0)
    }
    let process: PluginProcess
    do {
      process = try PluginProcess(launch)
    } catch {
      throw DocumentError("plugin '\(name)' \(error)")
    }
    guard needsProbe else { return process }
    if process.survives(seconds: Self.probeSeconds) {
      state.withLock { $0.startsFine = true }
      return process
    }
    let ending = process.terminate()
    let message =
      "plugin '\(name)' exits at start-up, before reading any input (\(ending)); "
      + "not restarting it: check that it runs, e.g. "
      + "`echo '{\"id\":\"x\",\"text\":\"hi\"}' | \(launch.command.joined(separator: " "))`"
    state.withLock { $0.givenUp = message }
    throw DocumentError(message)
  }

  private func recordFailure(diedAtStart: Bool) {
    guard diedAtStart else { return }
    state.withLock { $0.startFailures += 1 }
  }
}
