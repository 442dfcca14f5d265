import Foundation
import Pipeline
import Testing

@testable import Stages
@testable import Training

/// The group classifier's training data and margin choice: CoNLL documents as a family, the
/// guarded family and the gold relation arguments a setting loses.
@Suite struct EntityGroupTrainingDataTests {
  static func conllFile(_ lines: [String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "conll-groups-\(UUID().uuidString).jsonl")
    try Data(lines.joined(separator: "\n").utf8).write(to: url)
    return url
  }

  static let lines = [
    #"{"id": "s0", "doc": 1, "text": "Zoë Baker met IBM in Paris .", "entities": [[0, 9, "PER"], [14, 17, "ORG"], [21, 26, "LOC"]]}"#,
    #"{"id": "s1", "doc": 1, "text": "Paris is French ; IBM left .", "entities": [[0, 5, "LOC"], [9, 15, "MISC"], [18, 21, "ORG"]]}"#,
    #"{"id": "s2", "doc": 2, "text": "Hull 2 Watford 1", "entities": [[0, 4, "ORG"], [7, 14, "ORG"]]}"#,
    #"{"id": "s3", "doc": 3, "text": "LONDON 1996-08-30", "entities": [[0, 6, "LOC"]]}"#,
  ]

  @Test func conllDocumentsJoinTheirSentencesAndGroupTheirNames() throws {
    let url = try Self.conllFile(Self.lines)
    defer { try? FileManager.default.removeItem(at: url) }
    let documents = try ConllGroupGold.documents(url, limit: nil, seed: 1)
    #expect(
      documents.map(\.document.id) == ["conll-train-0001", "conll-train-0002", "conll-train-0003"])
    let first = try #require(documents.first)
    #expect(first.text == "Zoë Baker met IBM in Paris .\n\nParis is French ; IBM left .")
    // Code-point offsets: "Zoë Baker" whole; each name once, PER as PERSON; MISC optional.
    #expect(first.document.groups.map(\.type) == ["PERSON", "ORG", "LOC"])
    #expect(first.document.groups.map(\.forms) == [["Zoë Baker"], ["IBM"], ["Paris"]])
    #expect(first.document.optionalEntities == ["French"])
    #expect(first.document.relations.isEmpty)
  }

  @Test func aConllSampleIsSeeded() throws {
    let url = try Self.conllFile(Self.lines)
    defer { try? FileManager.default.removeItem(at: url) }
    let one = try ConllGroupGold.documents(url, limit: 2, seed: 7).map(\.document.id)
    let two = try ConllGroupGold.documents(url, limit: 2, seed: 7).map(\.document.id)
    #expect(one.count == 2)
    #expect(one == two)
    #expect(one == one.sorted())
  }

  @Test func aMalformedConllLineNamesTheFileAndLine() throws {
    let url = try Self.conllFile([Self.lines[0], #"{"id": "s9", "text": "no doc number"}"#])
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
      _ = try ConllGroupGold.documents(url, limit: nil, seed: 1)
    } throws: { error in
      guard let error = error as? LoadError else { return false }
      return error.file == url.path && error.line == 2
    }
  }

  static func tally(_ tp: Int, _ fp: Int, _ misses: Int, lost: Int = 0) -> GroupTally {
    GroupTally(truePositives: tp, falsePositives: fp, misses: misses, argumentsLost: lost)
  }

  @Test func theChoiceKeepsAGuardedFamilyAndCountsRelationArguments() {
    let never = GroupTraining.settings[0]
    let bold = GroupClassifier.Margins(drop: 0, retype: 0)
    let safe = GroupClassifier.Margins(drop: 1000, retype: nil)
    // The bold setting gains most overall but lowers the guarded family; the safe one
    // leaves it as it is and gains on news.
    let tallies: [GroupClassifier.Margins: [String: GroupTally]] = [
      never: [
        "news-a": Self.tally(8, 4, 2), "conll-train": Self.tally(9, 1, 1),
        "all": Self.tally(17, 5, 3),
      ],
      bold: [
        "news-a": Self.tally(10, 0, 0), "conll-train": Self.tally(8, 1, 2),
        "all": Self.tally(18, 1, 2, lost: 1),
      ],
      safe: [
        "news-a": Self.tally(9, 2, 1), "conll-train": Self.tally(9, 1, 1),
        "all": Self.tally(18, 3, 2, lost: 2),
      ],
    ]
    #expect(GroupTraining.choose(tallies) == never)
    #expect(GroupTraining.choose(tallies, guarded: ["conll-train"]) == safe)
    #expect(GroupTraining.choose(tallies, guarded: ["conll-train"], argumentsLost: 1) == never)
    #expect(GroupTraining.choose(tallies, guarded: ["conll-train"], argumentsLost: 2) == safe)
  }

  @Test func theGroupsOfGoldRelationArgumentsAreMarked() throws {
    let gold = try NewsGold.documents(
      Data(
        #"{"docs": {"a": {"entities": {"PERSON": [["Ann Lee"]], "ORG": [["Acme Corp"]]}, "relations": [["Ann Lee", "works_for", "Acme Corp"]]}}}"#
          .utf8), origin: "test.json")
    let source = GroupTraining.Source(
      family: "news-a", gold: try #require(gold.first),
      text: "Ann Lee works for Acme Corp in Paris. Lee said Acme Corp was calm.\n")
    let document = try #require(try GroupAnnotation.annotate([source]).first)
    let names = Set(document.arguments.map { document.groups[$0].group.name })
    #expect(names.contains("Ann Lee"))
    #expect(!names.contains("Paris"))
    #expect(document.argumentsTyped.isSubset(of: document.arguments))
  }
}
