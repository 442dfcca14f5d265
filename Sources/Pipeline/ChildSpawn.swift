#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Starts a child process with `posix_spawn`, for the worker processes of a run and
/// `external` plugins: in a new process group, with an empty signal mask and default
/// handling of SIGPIPE, SIGINT, SIGTERM and SIGCHLD.
public enum ChildSpawn {
  /// What the child's descriptor `target` is.
  public enum Descriptor {
    /// A copy of this process's descriptor `source`.
    case duplicate(Int32, as: Int32)
    /// `/dev/null`, opened read-only.
    case nullInput(as: Int32)
  }

  /// Spawns `program` with `arguments` (argv, the program's name first) and `environment`
  /// (`NAME=value` entries; nil: this process's). Returns 0 or an errno value.
  public static func spawn(
    _ program: String, arguments: [String], environment: [String]?,
    descriptors: [Descriptor], pid: inout pid_t
  ) -> Int32 {
    #if os(Linux)
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #else
      var actions: posix_spawn_file_actions_t?
      var attributes: posix_spawnattr_t?
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    for descriptor in descriptors {
      switch descriptor {
      case .duplicate(let source, let target):
        posix_spawn_file_actions_adddup2(&actions, source, target)
      case .nullInput(let target):
        posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_RDONLY, 0)
      }
    }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGINT, SIGTERM, SIGCHLD] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes,
      Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    guard let environment else {
      return posix_spawn(&pid, program, &actions, &attributes, argv, environ)
    }
    let envp = environment.map { strdup($0) } + [nil]
    defer { for pointer in envp { free(pointer) } }
    return posix_spawn(&pid, program, &actions, &attributes, argv, envp)
  }
}
