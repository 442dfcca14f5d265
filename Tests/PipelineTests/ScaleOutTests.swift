import Foundation
import Testing

@testable import Export
@testable import Pipeline

/// Streaming (`--stdout`), sharding, merging, overwrite protection.
@Suite struct ScaleOutTests {
  private func corpus(_ count: Int, in folder: URL) throws {
    var lines: [String] = []
    for index in 0..<count {
      lines.append("{\"id\": \"doc\(index)\", \"text\": \"Alpha Beta \(index), gamma \\\"q\\\"\"}")
    }
    lines.insert("{broken", at: count / 2)
    try write(lines.joined(separator: "\n") + "\n", "in.jsonl", in: folder)
  }

  @Test func streamSinkWritesDocumentsAndErrorsInOrder() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outputURL = folder.appendingPathComponent("stream.jsonl")
    #expect(FileManager.default.createFile(atPath: outputURL.path, contents: nil))
    let handle = try FileHandle(forWritingTo: outputURL)
    let output = StreamOutput(
      fileDescriptor: handle.fileDescriptor, options: Dataset.Options(formats: [.jsonl]))
    let sink = try output.openSink(
      OutputFiles(
        policy: OutputFiles.Policy(
          resume: false, overwrite: true, pipelineSHA256: "", shard: nil)))
    var encoded: [EncodedDocument] = []
    var document = Document(id: "x", location: "in", format: .text, source: "A \"q\"")
    document.entities = [Entity(start: 0, end: 1, label: "CAP", origin: "pattern")]
    encoded.append(try output.encoder.encode(document))
    try sink.write(encoded[0])
    try sink.recordFailure(
      ErrorRecord(id: "y", location: "in:2", stage: "input", message: "bad", offset: 3))
    try sink.finish()
    try handle.close()
    let lines = try readJSONLines(outputURL)
    #expect(lines.count == 2)
    #expect(lines[0]["id"] as? String == "x")
    #expect((lines[0]["entities"] as? [[String: Any]])?.first?["text"] as? String == "A")
    #expect((lines[1]["error"] as? [String: Any])?["stage"] as? String == "input")
  }

  @Test func shardsCoverEveryDocumentOnceAndMergeBack() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(200, in: folder)
    let yaml = "input: in.jsonl\nstages: [words, caps, {export: {dir: out}}]\n"
    let whole = try Executor(
      pipeline: try loadPipeline(yaml, in: folder),
      options: RunOptions(jobs: 2, outputOverride: folder.appendingPathComponent("whole"))
    ).run()
    #expect(whole.documentsIn == 201)
    var parts: [URL] = []
    var total = 0
    for index in 0..<3 {
      let out = folder.appendingPathComponent("part\(index)")
      let summary = try Executor(
        pipeline: try loadPipeline(yaml, in: folder),
        options: RunOptions(
          jobs: 2, outputOverride: out, shard: Shard(index: index, count: 3))
      ).run()
      #expect(summary.documentsIn + summary.documentsInOtherShards == 201)
      total += summary.documentsIn
      parts.append(out)
    }
    #expect(total == 201)
    let merged = folder.appendingPathComponent("merged")
    try DatasetMerger(inputs: parts, output: merged).merge(overwrite: false)
    for name in ["documents.jsonl", "errors.jsonl"] {
      let a = try readJSONLines(merged.appendingPathComponent(name)).map(canonical).sorted()
      let b = try readJSONLines(folder.appendingPathComponent("whole/\(name)")).map(canonical)
        .sorted()
      #expect(a == b)
    }
    for name in ["entities.csv", "sentences.csv", "documents.csv"] {
      let a = try String(contentsOf: merged.appendingPathComponent(name), encoding: .utf8)
        .split(separator: "\r\n").sorted()
      let b = try String(
        contentsOf: folder.appendingPathComponent("whole/\(name)"), encoding: .utf8
      ).split(separator: "\r\n").sorted()
      #expect(a == b)
    }
    let array =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: merged.appendingPathComponent("documents.json"))) as? [Any]
    #expect(array?.count == 200)
  }

  @Test func shardHashIsStable() {
    #expect(Shard.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
    #expect(Shard.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
    #expect(Shard("3/4") == Shard(index: 3, count: 4))
    #expect(Shard("4/4") == nil)
    #expect(Shard("x") == nil)
  }

  @Test func existingDatasetIsNotClobbered() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try corpus(5, in: folder)
    let yaml = "input: in.jsonl\nstages: [{export: {dir: out}}]\n"
    _ = try Executor(pipeline: try loadPipeline(yaml, in: folder), options: RunOptions(jobs: 1))
      .run()
    #expect(throws: OutputError.self) {
      _ = try Executor(
        pipeline: try loadPipeline(yaml, in: folder), options: RunOptions(jobs: 1, overwrite: false)
      ).run()
    }
    // A resubmitted job finds its dataset complete: a successful no-op.
    let again = try Executor(
      pipeline: try loadPipeline(yaml, in: folder), options: RunOptions(jobs: 1, resume: true)
    ).run()
    #expect(again.alreadyComplete)
    #expect(again.documentsIn == 6)
  }

  private func canonical(_ object: [String: Any]) -> String {
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }
}
