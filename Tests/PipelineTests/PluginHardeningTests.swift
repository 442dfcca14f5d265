import Foundation
import Testing

@testable import Pipeline
@testable import Stages

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `external` stage's boundary (issue 14, part A): exact numbers, character offsets,
/// process groups that end with the plugin, and `validate` that starts nothing.
@Suite struct PluginHardeningTests {
  @Test func characterOffsetsAreConvertedBothWays() throws {
    var document = Document(id: "d", location: "x", format: .text, source: "Zürich – Baku 🙂 ok")
    // Bytes: "Zürich" 0..<7, "Baku" 12..<16, "ok" 22..<24; characters: 0..<6, 9..<13, 16..<18.
    document.tokens = [
      Token(start: 0, end: 7), Token(start: 12, end: 16), Token(start: 22, end: 24),
    ]
    let scalars = ScalarOffsets(document.text)
    let request = String(
      decoding: PluginRequest.encode(document, parts: [.tokens], scalars: scalars), as: UTF8.self)
    #expect(request.contains("\"tokens\":[[0,6],[9,13],[16,18]]"))
    let object: [String: JSONValue] = [
      "id": .string("d"),
      "entities": .array([
        .object(["start": .number(9), "end": .number(13), "label": .string("LOC")]),
        .object(["start": .number(16), "end": .number(18), "label": .string("X")]),
      ]),
    ]
    let reply = try PluginReply(
      object, document: document, origin: "p", fields: [], layers: [], scalars: scalars)
    #expect(reply.entities.map { document.slice($0) } == ["Baku", "ok"])
    // Without `offsets: chars` the same numbers are bytes: 9 is inside "–".
    #expect(throws: DocumentError.self) {
      _ = try PluginReply(object, document: document, origin: "p", fields: [], layers: [])
    }
    let outside: [String: JSONValue] = [
      "id": .string("d"),
      "entities": .array([
        .object(["start": .number(16), "end": .number(19), "label": .string("X")])
      ]),
    ]
    #expect {
      _ = try PluginReply(
        outside, document: document, origin: "p", fields: [], layers: [], scalars: scalars)
    } throws: { "\($0)".contains("0..<18 characters") }
  }

  @Test func pluginNumbersAreExactAndInfinityIsRefused() throws {
    let document = Document(id: "d", location: "x", format: .text, source: "text")
    let line = Array(#"{"id": "d", "fields": {"score": 0.123456789, "big": 1e305}}"#.utf8)
    let object = try PluginReply.envelope(line, expecting: "d")
    let reply = try PluginReply(
      object, document: document, origin: "p", fields: ["score", "big"], layers: [])
    var writer = JSONWriter()
    writer.value(.object(reply.fields))
    #expect(writer.string == #"{"big":1e+305,"score":0.123456789}"#)
    #expect(throws: PluginFailure.self) {
      _ = try PluginReply.envelope(
        Array(#"{"id": "d", "fields": {"x": 1e400}}"#.utf8), expecting: "d")
    }
  }

  @Test func whatAPluginStartsEndsWithIt() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pidFile = folder.appendingPathComponent("child.pid").path
    // The plugin starts a long sleep in the background, then exits cleanly at end of input.
    let launch = PluginLaunch(
      command: ["/bin/sh", "-c", "sleep 300 & echo $! > '\(pidFile)'; cat > /dev/null"],
      environment: ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" },
      directory: folder.path, logPrefix: "[external sleeper] ", log: { _ in })
    let process = try PluginProcess(launch)
    var child: Int32?
    for _ in 0..<500 where child == nil {
      child = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap {
        Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      usleep(10_000)
    }
    let sleeper = try #require(child)
    #expect(kill(sleeper, 0) == 0)
    process.stop(graceSeconds: 2)
    #expect(process.exitedCleanly)
    var gone = false
    for _ in 0..<200 where !gone {
      gone = kill(sleeper, 0) == -1 && errno == ESRCH
      if !gone { usleep(10_000) }
    }
    #expect(gone, "the plugin's child outlived it")
  }

  @Test func validateStartsNoProgram() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("x", "docs/a.txt", in: folder)
    try write(
      """
      input: docs
      stages:
        - external: {command: ["/bin/sh", "-c", "touch started; cat"]}
        - export: {dir: out}
      """, "pipeline.yaml", in: folder)
    var loader = PipelineLoader(registry: try testRegistry())
    loader.checkOnly = true
    let definition = try loader.load(path: folder.appendingPathComponent("pipeline.yaml").path)
    #expect(definition.stages.count == 2)
    usleep(200_000)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("started").path))
  }
}
