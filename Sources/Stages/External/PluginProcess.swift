import Dispatch
import Foundation
import Pipeline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How to start a plugin process.
struct PluginLaunch: Sendable {
  /// Program and arguments; the program is looked up on `PATH`.
  var command: [String]
  /// The full environment, as `NAME=value` entries.
  var environment: [String]
  /// The working directory.
  var directory: String
  /// Prefix of forwarded stderr lines, e.g. `[external sentiment] `.
  var logPrefix: String
  /// Where forwarded stderr lines go.
  var log: StderrForwarder.Log
}

/// One running plugin process with its pipes: stdin, stdout and stderr are socket pairs
/// (created close-on-exec atomically, and writing to a dead plugin reports an error instead
/// of raising SIGPIPE); stdout is read with `poll` for timeouts, stderr is forwarded by a
/// ``StderrForwarder``.
///
/// A process is used by one worker at a time: the pool hands it out and takes it back, so its
/// mutable state (the read buffer) is never touched concurrently.
final class PluginProcess: @unchecked Sendable {
  let pid: pid_t
  private let input: Int32
  private let output: Int32
  private let forwarder: StderrForwarder
  /// Bytes read from stdout after the last complete line.
  private var pending: [UInt8] = []
  /// Replies received so far.
  private(set) var replies = 0
  private var finished = false
  /// The wait status once the process has been reaped.
  private var status: Int32?

  /// Whether the process has ended with exit status 0 (on its own, not killed).
  var exitedCleanly: Bool { status == 0 }

  private static let maxReplyBytes = 64 << 20

  /// Starts the process. Its stdin, stdout and stderr are connected to nlpipe; it runs in a
  /// process group of its own, so that killing it also kills what it started.
  init(_ launch: PluginLaunch) throws(PluginFailure) {
    var stdinPair: [Int32] = [-1, -1]
    var stdoutPipe: [Int32] = [-1, -1]
    var stderrPipe: [Int32] = [-1, -1]
    func closeAll() {
      for fd in stdinPair + stdoutPipe + stderrPipe where fd >= 0 { close(fd) }
    }
    guard Self.makeSocketPair(&stdinPair), Self.makeSocketPair(&stdoutPipe),
      Self.makeSocketPair(&stderrPipe)
    else {
      let reason = String(cString: strerror(errno))
      closeAll()
      throw .startFailed("cannot create pipes: \(reason)")
    }
    var pid: pid_t = 0
    let status = Self.spawn(
      launch, pid: &pid, stdin: stdinPair[1], stdout: stdoutPipe[1], stderr: stderrPipe[1])
    guard status == 0 else {
      closeAll()
      throw .startFailed(
        "\(launch.command.joined(separator: " ")): \(String(cString: strerror(status)))"
          + " (working directory \(launch.directory))")
    }
    close(stdinPair[1])
    close(stdoutPipe[1])
    close(stderrPipe[1])
    _ = fcntl(stdinPair[0], F_SETFL, fcntl(stdinPair[0], F_GETFL) | O_NONBLOCK)
    PluginGroups.add(pid)
    self.pid = pid
    self.input = stdinPair[0]
    self.output = stdoutPipe[0]
    self.forwarder = StderrForwarder(
      descriptor: stderrPipe[0], prefix: launch.logPrefix, log: launch.log)
  }

  deinit {
    if !finished { _ = terminate() }
  }

  /// Sends one request line and reads one reply line (without its newline), both within
  /// `timeout` seconds.
  func exchange(_ request: [UInt8], timeout: Double) throws(PluginFailure) -> [UInt8] {
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
    try send(request, deadline: deadline, timeout: timeout)
    let line = try receiveLine(deadline: deadline, timeout: timeout)
    guard pending.isEmpty else {
      throw .malformed("more than one line in reply to one request")
    }
    replies += 1
    return line
  }

  /// Whether the process is idle and in step: it has written nothing since its last reply
  /// and not closed its stdout (i.e. it has not exited).
  var isIdleAndAlive: Bool {
    guard !finished, pending.isEmpty else { return false }
    var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, 0) == 0
  }

  /// Whether the process is still running, without having written anything, after up to
  /// `seconds` without input (a plugin that exits at start-up fails this).
  func survives(seconds: Double) -> Bool {
    var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
    var result: Int32
    repeat {
      result = poll(&descriptor, 1, Int32(seconds * 1000))
    } while result < 0 && errno == EINTR
    return result == 0
  }

  /// Kills the process (and its group) at once, reaps it, closes its pipes, and describes
  /// how it ended, with its last stderr line.
  func terminate() -> String {
    guard !finished else { return "already stopped" }
    return finish(Self.reap(pid, graceSeconds: 0))
  }

  /// Collects a process that closed its stdout (it is exiting): waits up to a second for
  /// its own exit status before killing it.
  private func collect() -> String {
    guard !finished else { return "already stopped" }
    return finish(Self.reap(pid, graceSeconds: 1))
  }

  /// Ends the process politely: closes its stdin (a well-behaved plugin exits at end of
  /// input), waits up to `graceSeconds`, then kills it.
  func stop(graceSeconds: Double) {
    guard !finished else { return }
    shutdown(input, Int32(SHUT_WR))
    _ = finish(Self.reap(pid, graceSeconds: graceSeconds))
  }

  /// Closes stdin without waiting (the first half of ``stop(graceSeconds:)``, so that a
  /// pool can let all its plugins wind down at once).
  func closeInput() {
    if !finished { shutdown(input, Int32(SHUT_WR)) }
  }

  private func finish(_ status: Int32?) -> String {
    finished = true
    self.status = status
    close(input)
    close(output)
    forwarder.waitForEnd(seconds: 0.5)
    var description = Self.describe(status)
    let last = forwarder.last
    if !last.isEmpty { description += " (its last stderr line: \(last))" }
    return description
  }

  // MARK: I/O

  private func remainingMilliseconds(_ deadline: UInt64) -> Int32 {
    let now = DispatchTime.now().uptimeNanoseconds
    guard now < deadline else { return 0 }
    return Int32(min((deadline - now + 999_999) / 1_000_000, UInt64(Int32.max)))
  }

  private func send(_ bytes: [UInt8], deadline: UInt64, timeout: Double) throws(PluginFailure) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        Self.sendBytes(input, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if written > 0 {
        offset += written
        continue
      }
      let code = errno
      if code == EINTR { continue }
      guard code == EAGAIN || code == EWOULDBLOCK else {
        // The plugin closed its stdin: it has exited (or is about to).
        throw .exited(collect())
      }
      let wait = remainingMilliseconds(deadline)
      if wait == 0 { throw .timedOut(timeout) }
      var descriptor = pollfd(fd: input, events: Int16(POLLOUT), revents: 0)
      _ = poll(&descriptor, 1, wait)
    }
  }

  private func receiveLine(deadline: UInt64, timeout: Double) throws(PluginFailure) -> [UInt8] {
    var scanned = 0
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      if let newline = pending[scanned...].firstIndex(of: 0x0A) {
        let line = Array(pending[..<newline])
        pending.removeFirst(newline + 1)
        return line
      }
      scanned = pending.count
      if pending.count > Self.maxReplyBytes {
        throw .malformed("reply longer than \(Self.maxReplyBytes >> 20) MiB without a newline")
      }
      let wait = remainingMilliseconds(deadline)
      if wait == 0 { throw .timedOut(timeout) }
      var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, wait)
      if ready < 0, errno == EINTR { continue }
      if ready == 0 { throw .timedOut(timeout) }
      let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR || errno == EAGAIN { continue }
      if count <= 0 {
        let status = collect()
        let partial = pending.isEmpty ? "" : "; it wrote \(PluginReply.preview(pending))"
        throw .exited(status + partial)
      }
      pending.append(contentsOf: chunk[0..<count])
    }
  }

  // MARK: system calls

  private static func sendBytes(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if os(Linux)
      return Glibc.send(fd, pointer, count, Int32(MSG_NOSIGNAL))
    #else
      return Darwin.send(fd, pointer, count, 0)
    #endif
  }

  private static func makeSocketPair(_ fds: inout [Int32]) -> Bool {
    #if os(Linux)
      return socketpair(
        AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
        == 0
    #else
      guard socketpair(AF_UNIX, SOCK_STREAM, 0, &fds) == 0 else { return false }
      var one: Int32 = 1
      for fd in fds {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = setsockopt(
          fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
      }
      return true
    #endif
  }

  /// `posix_spawn` with the three descriptors as the child's 0, 1, 2, in `directory`, in a
  /// new process group, with default signal handling. Returns 0 or an errno value.
  private static func spawn(
    _ launch: PluginLaunch, pid: inout pid_t, stdin: Int32, stdout: Int32, stderr: Int32
  ) -> Int32 {
    // `sh` changes to the working directory and replaces itself with the plugin (portable
    // `posix_spawn` has no chdir action).
    ChildSpawn.spawn(
      "/bin/sh",
      arguments: ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", launch.directory]
        + launch.command,
      environment: launch.environment,
      descriptors: [
        .duplicate(stdin, as: 0), .duplicate(stdout, as: 1), .duplicate(stderr, as: 2),
      ],
      pid: &pid)
  }

  /// Waits for the process to exit (up to `graceSeconds`), then kills its group (whatever
  /// the plugin started, even when it exited on its own) and reaps it. Returns the wait
  /// status, or nil when it could not be collected.
  private static func reap(_ pid: pid_t, graceSeconds: Double) -> Int32? {
    defer { PluginGroups.remove(pid) }
    if graceSeconds > 0 {
      let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(graceSeconds * 1e9)
      while true {
        // WNOWAIT: an exited leader stays a zombie, so its group id cannot be reused
        // before the group is killed below.
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        if result == 0, info.si_signo == SIGCHLD { break }
        if result < 0, errno != EINTR { break }
        if DispatchTime.now().uptimeNanoseconds >= deadline { break }
        usleep(2_000)
      }
    }
    kill(-pid, SIGKILL)
    kill(pid, SIGKILL)
    return ChildStatus.waitForExit(pid)
  }

  /// "exited with status 3", "was killed by signal 4 (Illegal instruction)".
  static func describe(_ status: Int32?) -> String { ChildStatus.describe(status) }
}
