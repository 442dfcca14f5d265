import Foundation
import Pipeline
import Testing

@testable import Stages

@Suite("Tagger: pipeline run to tokens.csv and documents.conllu")
struct TaggerExportTests {
  private func run(_ stages: String, files: [String: String]) throws -> URL {
    let folder = try temporaryFolder()
    for (name, text) in files { try write(text, "in/\(name)", in: folder) }
    let pipeline = try loadPipeline(
      """
      name: tag
      input: {path: in, glob: "*.txt"}
      stages:
      \(stages)
      """, in: folder)
    let summary = try Executor(pipeline: pipeline, options: RunOptions(jobs: 2)).run()
    #expect(summary.documentsFailed == 0)
    return folder
  }

  private func csvRows(_ url: URL) throws -> [[String]] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  @Test func pipelineWritesTaggedTokensAndCoNLLU() throws {
    let folder = try run(
      """
        - sentences: {}
        - tagger: {}
        - export: {formats: [csv, conllu], tokens: true, dir: out}
      """,
      files: [
        "a.txt": "The children went to school. They didn't like it.\n",
        "b.txt": "Prices rose sharply in Berlin on Monday.\n",
      ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let rows = try csvRows(out.appendingPathComponent("tokens.csv"))
    #expect(
      rows[0] == ["doc_id", "token_id", "start", "end", "text", "pos", "upos", "lemma", "chunk"])
    let a = rows.dropFirst().filter { $0[0] == "a" }
    #expect(
      a.first { $0[4] == "children" }.map { [$0[5], $0[6], $0[7]] } == ["NNS", "NOUN", "child"])
    #expect(a.first { $0[4] == "went" }.map { [$0[6], $0[7]] } == ["VERB", "go"])
    for row in rows.dropFirst() {
      #expect(row.count == 9 && !row[5].isEmpty && !row[6].isEmpty && !row[7].isEmpty)
      #expect(row[8] == "O" || row[8].hasPrefix("B-") || row[8].hasPrefix("I-"))
    }
    // documents.conllu, parsed back: comments, ten columns, forms equal to the tokens.
    let conllu = try String(
      contentsOf: out.appendingPathComponent("documents.conllu"), encoding: .utf8)
    let blocks = conllu.components(separatedBy: "\n\n").filter { !$0.isEmpty && $0 != "\n" }
    #expect(blocks.count == 3)
    var forms: [String] = []
    var sentIDs: [String] = []
    for block in blocks {
      let lines = block.split(separator: "\n").map(String.init)
      let comments = lines.filter { $0.hasPrefix("#") }
      #expect(comments.contains { $0.hasPrefix("# doc_id = ") })
      #expect(comments.contains { $0.hasPrefix("# text = ") })
      sentIDs += comments.filter { $0.hasPrefix("# sent_id = ") }
      for (index, line) in lines.filter({ !$0.hasPrefix("#") }).enumerated() {
        let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        #expect(columns.count == 10)
        #expect(columns[0] == String(index + 1))
        #expect(columns[9].contains("TokenRange="))
        forms.append(columns[1])
      }
    }
    #expect(sentIDs == ["# sent_id = a-1", "# sent_id = a-2", "# sent_id = b-1"])
    #expect(conllu.hasPrefix("# newdoc id = a\n"))
    #expect(forms == rows.dropFirst().map { $0[4] })
    #expect(conllu.contains("\tgo\tVERB\tVBD\t_\t_\t_\t_\t"))
  }

  @Test func withoutTheTaggerTokensKeepTheirFiveColumns() throws {
    let folder = try run(
      """
        - sentences: {}
        - export: {formats: [csv, conllu, jsonl], tokens: true, dir: out}
      """, files: ["a.txt": "It works.\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let rows = try csvRows(out.appendingPathComponent("tokens.csv"))
    #expect(rows[0] == ["doc_id", "token_id", "start", "end", "text"])
    #expect(rows[1] == ["a", "0", "0", "2", "It"])
    let lines = try readJSONLines(out.appendingPathComponent("documents.jsonl"))
    #expect((lines[0]["tokens"] as? [[Int]])?.first == [0, 2])
    let conllu = try String(
      contentsOf: out.appendingPathComponent("documents.conllu"), encoding: .utf8)
    #expect(conllu.contains("1\tIt\t_\t_\t_\t_\t_\t_\t_\tTokenRange=0:2\n"))
  }

  @Test func taggerNeedsSentencesAndTokens() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(throws: (any Error).self) {
      try loadPipeline(
        """
        name: bad
        input: in
        stages:
          - tagger: {}
          - sentences: {}
        """, in: folder)
    }
  }
}
