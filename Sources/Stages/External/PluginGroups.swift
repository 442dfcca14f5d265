import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process groups of the running plugins, so that no plugin (nor anything it started)
/// outlives nlpipe: they are killed when nlpipe exits (`atexit`) and when it is ended by
/// SIGINT, SIGTERM or SIGHUP (where nlpipe has no handler of its own for the signal, one is
/// installed that kills the groups and then ends nlpipe as the signal would have).
///
/// This is process-wide state by necessity: a signal handler can reach nothing else. The
/// table is a fixed block of `pid_t` slots, read without locks by the handler (which only
/// calls `kill`, async-signal-safe); adding and removing take a lock among themselves.
enum PluginGroups {
  private static let capacity = 4096
  nonisolated(unsafe) private static let slots: UnsafeMutablePointer<pid_t> = {
    let slots = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
    slots.initialize(repeating: 0, count: capacity)
    return slots
  }()
  private static let lock = Mutex(())
  private static let installed: Bool = {
    _ = slots
    atexit { PluginGroups.killAll() }
    for signal in [SIGINT, SIGTERM, SIGHUP] {
      var current = sigaction()
      guard sigaction(signal, nil, &current) == 0 else { continue }
      #if os(Linux)
        let isDefault = current.__sigaction_handler.sa_handler == nil
      #else
        let isDefault = current.__sigaction_u.__sa_handler == nil
      #endif
      guard isDefault else { continue }
      _ = Self.setHandler(signal)
    }
    return true
  }()

  /// Records a plugin's process group (its pid: each plugin leads a group of its own).
  static func add(_ group: pid_t) {
    _ = installed
    lock.withLock { _ in
      for index in 0..<capacity where slots[index] == 0 {
        slots[index] = group
        return
      }
    }
  }

  /// Forgets a group once its leader has been reaped and the group killed.
  static func remove(_ group: pid_t) {
    lock.withLock { _ in
      for index in 0..<capacity where slots[index] == group { slots[index] = 0 }
    }
  }

  /// Kills every recorded group (async-signal-safe: reads the table, calls `kill`).
  static func killAll() {
    for index in 0..<capacity {
      let group = slots[index]
      if group > 0 { kill(-group, SIGKILL) }
    }
  }

  private static func setHandler(_ signal: Int32) -> Int32 {
    var action = sigaction()
    #if os(Linux)
      action.__sigaction_handler.sa_handler = { signal in
        PluginGroups.killAll()
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
      }
    #else
      action.__sigaction_u.__sa_handler = { signal in
        PluginGroups.killAll()
        Darwin.signal(signal, SIG_DFL)
        raise(signal)
      }
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    return sigaction(signal, &action, nil)
  }
}
