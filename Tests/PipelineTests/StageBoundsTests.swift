import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Texts that used to index past a token slice or a buffer in a stage (issue 14, part A).
@Suite struct StageBoundsTests {
  /// Runs sentences, entities and relations over `text` in process.
  func annotate(_ text: String) throws -> Document {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipeline = try loadPipeline(
      """
      input: in.txt
      stages:
        - sentences: {}
        - entities: {}
        - relations: {}
        - export: {formats: [jsonl], dir: out}
      """, in: folder)
    var document = Document(id: "d", location: "d", format: .text, source: text)
    for loaded in pipeline.stages { try #require(loaded.stage).process(&document) }
    return document
  }

  @Test(arguments: [
    "He came on December 6", "He came on December 6,", "On May 1", "Since 12 November",
    "It cost $", "It cost US$", "He said 10", "Up 40", "7 per", "in 1996", "November",
    "He arrived on Dec. 6", "12:30", "5 million", "20,000-25,000", "3 to", "two square",
  ])
  func patternsAtTheEndOfTheText(_ text: String) throws {
    let document = try annotate(text)
    let bytes = Array(text.utf8)
    for entity in document.entities {
      #expect(entity.start >= 0 && entity.start < entity.end && entity.end <= bytes.count)
    }
  }

  @Test func monthAndDayEndingASentenceIsADate() throws {
    let document = try annotate("He came on December 6")
    #expect(document.entities.map { document.slice($0) }.contains("December 6"))
  }
}
