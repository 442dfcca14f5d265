import Foundation
import Pipeline

/// Stages for nlpipe's own tests of crash isolation, registered only when the environment
/// holds `NLPIPE_TEST_STAGES=1` (never in normal use: they exist to crash and hang).
enum TestStages {
  /// Whether the test stages are registered in this process.
  static var enabled: Bool { ProcessInfo.processInfo.environment["NLPIPE_TEST_STAGES"] == "1" }
}

/// Test-only (`NLPIPE_TEST_STAGES=1`): a document whose text holds the marker crashes the
/// process (`trap`), hangs without ever checking its deadline (`hang`), or exits it (`exit`).
struct TestTrapStage: Stage {
  struct Config: StageConfig {
    var marker: String
    var action: String
    init(reading reader: inout ConfigReader) throws {
      marker = try reader.string("marker", default: "TRAP", help: "text that sets it off")
      action = try reader.choice(
        "action", default: "trap", from: ["trap", "hang", "exit"], help: "what it does then")
    }
  }

  static let name = "test-trap"
  static let summary = "test only: crashes, hangs or exits on documents holding a marker"
  let config: Config

  init(config: Config, context: StageContext) throws { self.config = config }

  func process(_ document: inout Document) throws {
    guard document.text.contains(config.marker) else { return }
    switch config.action {
    case "hang":
      while true { sleep(1) }
    case "exit":
      exit(7)
    default:
      fatalError("test-trap: marker \(config.marker) found in \(document.id)")
    }
  }
}
