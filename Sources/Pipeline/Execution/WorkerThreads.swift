import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Starts the worker threads, with roomy stacks (deeply nested markup recurses in parsers).
///
/// `pthread_create` directly rather than Foundation's `Thread`, whose `start()` cannot report
/// a thread that failed to start: a run that asked for more threads than the system grants
/// would wait for it forever.
enum WorkerThreads {
  /// The stack size of worker threads.
  static let stackSize = 16 << 20

  /// A thread could not be started.
  struct StartFailure: Error, CustomStringConvertible {
    var description: String
  }

  private final class Box {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }

  /// Starts one detached thread running `body`.
  static func start(stackSize: Int = stackSize, _ body: @escaping @Sendable () -> Void)
    throws(StartFailure)
  {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    var code = pthread_attr_setstacksize(&attributes, stackSize)
    if code == 0 { code = pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
    if code == 0 {
      let box = Unmanaged.passRetained(Box(body)).toOpaque()
      #if canImport(Darwin)
        var thread: pthread_t?
      #else
        var thread = pthread_t()
      #endif
      code = pthread_create(
        &thread, &attributes,
        { context in
          #if canImport(Darwin)
            let box = Unmanaged<Box>.fromOpaque(context).takeRetainedValue()
          #else
            guard let context else { return nil }
            let box = Unmanaged<Box>.fromOpaque(context).takeRetainedValue()
          #endif
          box.body()
          return nil
        }, box)
      if code != 0 { Unmanaged<Box>.fromOpaque(box).release() }
    }
    guard code == 0 else {
      throw StartFailure(
        description: "cannot start a worker thread: \(String(cString: strerror(code))) "
          + "(errno \(code)); the system refuses more threads or memory: lower --jobs, or raise "
          + "the process or memory limits (ulimit -u, ulimit -v)")
    }
  }
}
