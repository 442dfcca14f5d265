import Foundation
import Testing

/// The built `nlpipe` binary, for end-to-end tests of the command line.
enum CLIBinary {
  /// The repository root (three levels above this file).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The debug binary built next to the tests (`swift build --build-tests`).
  static let url = root.appendingPathComponent(".build/debug/nlpipe")

  /// Stops the calling test with a hint when the binary has not been built.
  static func requireBuilt() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: url.path),
      "build the CLI first: swift build --build-tests")
  }

  /// Starts the binary; stderr is discarded unless captured by the caller.
  static func start(
    _ arguments: [String], stdin: Any? = nil, stdout: Any? = nil, stderr: Any? = nil,
    environment: [String: String] = [:]
  )
    throws -> Process
  {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    process.currentDirectoryURL = root
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let stdin { process.standardInput = stdin }
    process.standardOutput = stdout ?? FileHandle.nullDevice
    process.standardError = stderr ?? FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Runs the binary to completion: exit status, stdout, stderr.
  static func run(
    _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
  ) throws -> (Int32, String, String) {
    let output = Pipe()
    let errors = Pipe()
    let feed = Pipe()
    let process = try start(
      arguments, stdin: feed, stdout: output, stderr: errors, environment: environment)
    if let input { feed.fileHandleForWriting.write(Data(input.utf8)) }
    try feed.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: out, as: UTF8.self),
      String(decoding: err, as: UTF8.self)
    )
  }
}

/// The command line end to end: streaming, validation errors, exit codes.
@Suite struct CLITests {
  init() throws {
    try CLIBinary.requireBuilt()
  }

  @Test func streamsJSONLinesFromStdinToStdout() throws {
    let input = """
      {"id": "a", "text": "First document."}
      {oops
      {"id": "b", "text": "Second, with \\"quotes\\" and Zürich."}

      """
    let (status, output, _) = try CLIBinary.run(
      [
        "run", "Tests/PipelineTests/Fixtures/pipelines/stream.yaml", "--stdin", "--stdout",
        "--jobs", "2",
      ], input: input)
    #expect(status == 0)
    let lines = output.split(separator: "\n").map {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:]
    }
    #expect(lines.map { $0["id"] as? String } == ["a", "stdin-2", "b"])
    #expect(lines[1]["error"] != nil)
    #expect(lines[2]["text"] as? String == "Second, with \"quotes\" and Zürich.")
  }

  @Test func emptyStdinIsAnEmptyPartitionNotAnError() throws {
    let (status, output, _) = try CLIBinary.run(
      ["run", "pipelines/news.yaml", "--stdin", "--stdout"], input: "")
    #expect(status == 0)
    #expect(output.isEmpty)
  }

  @Test func validateReportsEachBrokenFilePrecisely() throws {
    let expected: [(String, String)] = [
      ("bad-yaml.yaml", "bad-yaml.yaml:5:1: error: invalid YAML"),
      ("unknown-stage.yaml", "unknown-stage.yaml:4:5: error: unknown stage 'sentencez'"),
      (
        "unknown-key.yaml", "unknown-key.yaml:4:14: error: unknown key 'formatz' for stage 'export'"
      ),
      (
        "wrong-type.yaml",
        "wrong-type.yaml:5:15: error: stage 'export': key 'tokens' expects true or false"
      ),
      ("wrong-order.yaml", "wrong-order.yaml:4:5: error: stage 'entities' requires"),
    ]
    for (file, message) in expected {
      let path = "Tests/PipelineTests/Fixtures/broken/" + file
      let (status, _, errors) = try CLIBinary.run(["validate", path])
      #expect(status == 2, "\(file)")
      #expect(errors.contains(message), "\(file): \(errors)")
    }
    let (status, output, _) = try CLIBinary.run(["validate", "pipelines/news.yaml"])
    #expect(status == 0)
    #expect(output.contains("ok"))
  }
}
