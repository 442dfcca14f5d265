import Foundation
import Testing

/// `nlpipe init`, `--limit` and `--set` through the built binary.
@Suite struct CLIFeedbackTests {
  init() throws {
    try CLIBinary.requireBuilt()
  }

  @Test func initWritesAStarterThatRunsWithLimitAndSettings() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for index in 0..<4 {
      try write(
        "{\"id\": \"n\(index)\", \"text\": \"Angela Merkel visited Paris.\", \"url\": \"u\(index)\"}\n",
        "docs/part\(index).jsonl", in: folder)
    }
    let file = folder.appendingPathComponent("pipeline.yaml").path
    let docs = folder.appendingPathComponent("docs").path
    var (status, out, err) = try CLIBinary.run(["init", docs, "-o", file])
    #expect(status == 0, "\(err)")
    #expect(out.contains("wrote \(file) for \(docs) (4 jsonl)"))
    let yaml = try String(contentsOfFile: file, encoding: .utf8)
    #expect(yaml.contains("input: {path: docs, glob: \"*.jsonl\", fields: [url]}"))
    // It refuses to overwrite without --force.
    (status, _, err) = try CLIBinary.run(["init", docs, "-o", file])
    #expect(status == 1 && err.contains("pass --force"))

    let output = folder.appendingPathComponent("out").path
    (status, _, err) = try CLIBinary.run([
      "run", file, "--limit", "3", "--output", output, "--quiet",
      "--set", "export.formats=[csv, sqlite]", "--set", "entities.min_confidence=0.5",
    ])
    #expect(status == 0, "\(err)")
    let csv = try String(contentsOfFile: output + "/documents.csv", encoding: .utf8)
    #expect(csv.split(separator: "\r\n").count == 4)
    #expect(
      csv.hasPrefix("doc_id,source,format,chars,bytes,sentences,entities,relations,warnings,url"))
    #expect(FileManager.default.fileExists(atPath: output + "/dataset.sqlite"))
    #expect(!FileManager.default.fileExists(atPath: output + "/report.html"))
    let manifest = try String(contentsOfFile: output + "/manifest.json", encoding: .utf8)
    #expect(manifest.contains("\"min_confidence\" : 0.5"))

    (status, _, err) = try CLIBinary.run(["validate", file, "--set", "entities.min_confidense=1"])
    #expect(status == 2 && err.contains("did you mean 'min_confidence'"))
    (status, _, err) = try CLIBinary.run(["run", file, "--limit", "0"])
    #expect(status != 0 && err.contains("--limit must be at least 1"))
  }
}
