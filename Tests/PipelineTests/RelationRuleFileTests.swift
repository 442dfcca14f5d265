import Foundation
import Pipeline
import Testing

@testable import Stages

@Suite struct RelationRuleFileTests {
  typealias T = RelationTestSupport

  private func fixtures() throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
      .appendingPathComponent("relations")
  }

  private func loadError(_ yaml: String) -> LoadError? {
    do {
      _ = try RuleBook.parse(yaml, file: "rules.yaml")
      return nil
    } catch let error as LoadError {
      return error
    } catch {
      return LoadError(file: "?", message: "unexpected \(error)")
    }
  }

  @Test func shippedRulesLoad() throws {
    let stage = try T.stage()
    #expect(stage.book.rules.count > 20)
    #expect(
      Set(stage.book.relations.keys).isSuperset(of: [
        "role_in", "met_with", "visited", "embassy_in", "located_in", "member_of",
      ]))
    #expect(stage.book.relations["met_with"]?.symmetric == true)
  }

  @Test func userAddsARelationTypeInYAML() throws {
    let stage = try RelationsStage(
      config: .init(rules: "custom.yaml", open: false),
      context: StageContext(baseDirectory: try fixtures(), pipelineName: "t", jobs: 1))
    var document = T.document("[Azerbaijan|LOC] is a close ally of [Israel|LOC].")
    try stage.process(&document)
    #expect(document.relations.map(\.relation) == ["ally_of"])
    #expect(document.relations.first?.rule == "ally.is_ally")
  }

  @Test func unknownClassIsALoadErrorAtItsLine() throws {
    do {
      _ = try RelationsStage(
        config: .init(rules: "bad-class.yaml"),
        context: StageContext(baseDirectory: try fixtures(), pipelineName: "t", jobs: 1))
      Issue.record("expected a load error")
    } catch let error as LoadError {
      #expect(error.file == "bad-class.yaml")
      #expect(error.line == 8)
      #expect(error.column == 32)
      #expect(error.message.contains("@friend"))
    }
  }

  @Test func missingRuleFileIsALoadError() {
    #expect(throws: LoadError.self) {
      _ = try RelationsStage(
        config: .init(rules: "no-such-rules.yaml"),
        context: StageContext(
          baseDirectory: URL(fileURLWithPath: "/nonexistent"), pipelineName: "t", jobs: 1))
    }
  }

  @Test func patternSyntaxErrorsPointAtTheColumn() throws {
    let yaml = """
      relations:
        visited: {symmetric: false}
      rules:
        - id: v
          relation: visited
          pattern: <head:PERSON> visited (to <tail:LOC>
      """
    let error = try #require(loadError(yaml))
    #expect(error.line == 6)
    #expect(error.column == 36)
    #expect(error.message.contains("unclosed '('"))
  }

  @Test func notAfterDropsAMatchAfterTheWord() throws {
    let yaml =
      "relations:\n  visited: {symmetric: false}\nrules:\n"
      + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> saw <tail:LOC>\n"
      + "    not_after: [Unlike]\n"
    try T.withRuleFile(yaml) { stage in
      var seen = T.document("[Gantz|PERSON] saw [Baku|LOC].")
      try stage.process(&seen)
      #expect(seen.relations.map(\.relation) == ["visited"])
      var dropped = T.document("Unlike [Gantz|PERSON] saw [Baku|LOC].")
      try stage.process(&dropped)
      #expect(dropped.relations.isEmpty)
    }
  }

  @Test func notAfterAClassDropsAMatchAfterItsPhrasesLastWord() throws {
    let yaml =
      "classes:\n  title: [planetary geologist, professor]\n"
      + "relations:\n  member_of: {symmetric: false}\nrules:\n"
      + "  - id: m\n    relation: member_of\n    pattern: <head:PERSON> of <tail:ORG>\n"
      + "    not_after: [\"@title\", Unlike]\n"
    try T.withRuleFile(yaml) { stage in
      var kept = T.document("said [Jane Roe|PERSON] of [Acme|ORG].")
      try stage.process(&kept)
      #expect(kept.relations.map(\.relation) == ["member_of"])
      for text in [
        "said planetary geologist [Jane Roe|PERSON] of [Acme|ORG].",
        "said Professor [Jane Roe|PERSON] of [Acme|ORG].",
        "Unlike [Jane Roe|PERSON] of [Acme|ORG].",
      ] {
        var dropped = T.document(text)
        try stage.process(&dropped)
        #expect(dropped.relations.isEmpty, "\(text)")
      }
    }
    let unknown = try #require(
      loadError(
        "relations:\n  member_of: {symmetric: false}\nrules:\n"
          + "  - id: m\n    relation: member_of\n    pattern: <head:PERSON> of <tail:ORG>\n"
          + "    not_after: [\"@titles\"]\n"))
    #expect(unknown.line == 7)
    #expect(unknown.message.contains("unknown class '@titles'"))
  }

  @Test func ruleMistakesAreReportedWithLines() throws {
    let base = "relations:\n  visited: {symmetric: false}\nrules:\n"
    let undeclared = try #require(
      loadError(base + "  - id: v\n    relation: went\n    pattern: <head:PERSON> <tail:LOC>\n"))
    #expect(undeclared.line == 5)
    #expect(undeclared.message.contains("not declared"))
    let noTail = try #require(
      loadError(base + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> visited\n"))
    #expect(noTail.line == 6)
    #expect(noTail.message.contains("<tail:LABEL>"))
    let optionalTail = try #require(
      loadError(
        base + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> visited <tail:LOC>?\n")
    )
    #expect(optionalTail.message.contains("<tail:LABEL>"))
    #expect(
      loadError(
        base
          + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> (to <tail:LOC> | in <tail:LOC>)\n"
      ) == nil)
    let badKey = try #require(
      loadError(base + "  - id: v\n    relation: visited\n    patern: <head:PERSON> <tail:LOC>\n"))
    #expect(badKey.line == 6)
    #expect(badKey.message.contains("patern"))
    let confidence = try #require(
      loadError(
        base
          + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> <tail:LOC>\n    confidence: 2\n"
      ))
    #expect(confidence.line == 7)
    let notAfter = try #require(
      loadError(
        base
          + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> <tail:LOC>\n    not_after: in\n"
      ))
    #expect(notAfter.line == 7)
    #expect(notAfter.message.contains("not_after must be a list of words"))
    let lowercase = try #require(
      loadError(base + "  - id: v\n    relation: visited\n    pattern: <head:person> <tail:LOC>\n"))
    #expect(lowercase.message.contains("upper case"))
    let duplicate = try #require(
      loadError(
        base + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> <tail:LOC>\n"
          + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> <tail:LOC>\n"))
    #expect(duplicate.line == 7)
    #expect(duplicate.message.contains("duplicate"))
    let yamlError = try #require(loadError("rules: [\n  - id: v\n"))
    #expect(yamlError.line != nil)
    // Bounds and nesting are limited (fuzzing found a trap and a stack overflow here).
    let huge = try #require(
      loadError(
        base
          + "  - id: v\n    relation: visited\n    pattern: ((<head:PERSON> <tail:LOC>){4000000000}){2}\n"
      ))
    #expect(huge.line == 6)
    let big = try #require(
      loadError(
        base + "  - id: v\n    relation: visited\n    pattern: <head:PERSON> x{1,500} <tail:LOC>\n")
    )
    #expect(big.message.contains("larger than 100"))
    let deep =
      String(repeating: "(", count: 40) + "<head:PERSON> <tail:LOC>"
      + String(repeating: ")", count: 40)
    let nested = try #require(
      loadError(base + "  - id: v\n    relation: visited\n    pattern: \"\(deep)\"\n"))
    #expect(nested.message.contains("nested deeper than 32"))
  }

  @Test func patternParserHandlesTheLanguage() throws {
    let nodes = try RulePatternParser.parse(
      "<head:PERSON&> ,? ~3 (met | held talks with) role:(@title+) \"(\" ...4 <tail:LOC|DEMONYM> !'s x{1,2}"
    )
    #expect(nodes.count == 10)
    guard case .slot(let name, let labels, let coordinated) = nodes[0] else {
      Issue.record("expected a slot")
      return
    }
    #expect(name == "head")
    #expect(labels == ["PERSON"])
    #expect(coordinated)
    #expect(throws: RulePatternSyntaxError.self) { try RulePatternParser.parse("<head:PERSON") }
    #expect(throws: RulePatternSyntaxError.self) { try RulePatternParser.parse("a{3,1}") }
    #expect(throws: RulePatternSyntaxError.self) { try RulePatternParser.parse("( | a)") }
  }
}
