#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a child process ended, for the worker processes of a run and `external` plugins.
public enum ChildStatus {
  /// Waits (blocking, retrying on EINTR) until `pid` exits and returns its wait status, or
  /// nil when it cannot be collected.
  public static func waitForExit(_ pid: pid_t) -> Int32? {
    var status: Int32 = 0
    while true {
      let result = waitpid(pid, &status, 0)
      if result == pid { return status }
      if result < 0, errno != EINTR { return nil }
    }
  }

  /// "exited with status 3", "was killed by signal 4 (Illegal instruction)".
  public static func describe(_ status: Int32?) -> String {
    guard let status else { return "ended (status unknown)" }
    let signal = status & 0x7F
    if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
    return "was killed by signal \(signal) (\(String(cString: strsignal(signal))))"
  }
}
