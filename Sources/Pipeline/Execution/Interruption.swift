import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM during a run: the first one stops handing out documents; the
/// documents in flight are finished and written, a checkpoint is saved, and the run ends with
/// ``RunInterrupted`` (how to `--resume`). A second one exits at once (the last checkpoint
/// still allows `--resume`).
final class Interruption: @unchecked Sendable {
  private let sources: [any DispatchSourceSignal]
  private let received = Atomic<Int32>(0)

  init(queue: DocumentQueue) {
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      Foundation.signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      sources.append(source)
    }
    self.sources = sources
    for (source, number) in zip(sources, [SIGINT, SIGTERM]) {
      source.setEventHandler { [self] in
        if self.received.exchange(number, ordering: .relaxed) != 0 { _exit(128 + number) }
        FileHandle.standardError.write(
          Data(
            "\nnlpipe: stopping: finishing the documents in flight and saving a checkpoint (press Ctrl-C again to quit at once)\n"
              .utf8))
        queue.stop()
      }
      source.resume()
    }
  }

  /// The signal received, if any.
  var signal: Int32? {
    let value = received.load(ordering: .relaxed)
    return value == 0 ? nil : value
  }

  /// Restores the default handling.
  func cancel() {
    for source in sources { source.cancel() }
    for number in [SIGINT, SIGTERM] { Foundation.signal(number, SIG_DFL) }
  }
}

/// A run stopped by SIGINT or SIGTERM, leaving a resumable state.
public struct RunInterrupted: Error, CustomStringConvertible, Sendable {
  /// The signal.
  public var signal: Int32
  /// Input items written before the checkpoint.
  public var written: Int
  /// The output folders (holding the checkpoint).
  public var directories: [URL]

  public var description: String {
    let name = signal == SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM"
    return
      "interrupted by \(name) after \(written) input items; the partial dataset and its "
      + "checkpoint are in \(directories.map(\.path).joined(separator: ", ")): continue with "
      + "the same command and --resume"
  }
}
