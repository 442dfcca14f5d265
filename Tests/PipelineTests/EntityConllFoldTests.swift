import Foundation
import Pipeline
import Testing

@testable import Stages
@testable import Training

/// Stop 34 (cls34b): CoNLL-2003 train cross-fitted by folds: `nlpipe train ner --train-fold
/// K/N` leaves one fold of the documents out, and `nlpipe train entity-groups` tags each fold's
/// documents with the model trained without it (`--family-model conll-train:K/N=PATH`).
@Suite struct EntityConllFoldTests {
  /// The tiny fixture's six sentences as four documents (numbers 1, 1, 2, 5, 7, 7).
  static func tinyDocuments() throws -> URL {
    let fixture = try EntityModelTests.tinyFixture()
    let lines = try String(contentsOf: fixture, encoding: .utf8).split(separator: "\n")
    let numbers = [1, 1, 2, 5, 7, 7]
    try #require(lines.count == numbers.count)
    let numbered = zip(lines, numbers).map { line, number in
      "{\"doc\": \(number), " + line.dropFirst()
    }
    return try EntityGroupTrainingDataTests.conllFile(numbered)
  }

  func tokens(_ examples: [NERExample]) -> [String] {
    examples.map { String(decoding: $0.bytes, as: UTF8.self) }
  }

  @Test func aFoldIsKOfN() throws {
    let fold = try #require(TrainFold("2/3"))
    #expect(fold.index == 2 && fold.count == 3 && fold.description == "2/3")
    #expect((0..<7).filter { fold.contains(position: $0) } == [1, 4])
    for bad in ["0/3", "4/3", "1/1", "1/21", "3", "a/b", "1/3/4", "", "/3", "-1/3"] {
      #expect(TrainFold(bad) == nil, "\(bad)")
    }
    #expect(TrainFold.of(position: 5, count: 3) == TrainFold("3/3"))
  }

  @Test func aFoldLeavesOutItsDocumentsByPosition() throws {
    let url = try Self.tinyDocuments()
    defer { try? FileManager.default.removeItem(at: url) }
    let all = tokens(try NERCorpus.load(url))
    let fixture = try EntityModelTests.tinyFixture()
    #expect(all == tokens(try NERCorpus.load(fixture)))
    // Documents 1, 2, 5, 7 at positions 0...3: fold 1/2 leaves out 1 and 5, fold 2/2 2 and 7.
    let first = tokens(try NERCorpus.load(url, leavingOut: try #require(TrainFold("1/2"))))
    let second = tokens(try NERCorpus.load(url, leavingOut: try #require(TrainFold("2/2"))))
    #expect(first == [all[2], all[4], all[5]])
    #expect(second == [all[0], all[1], all[3]])
    let third = tokens(try NERCorpus.load(url, leavingOut: try #require(TrainFold("3/3"))))
    // Fold 3/3: position 2 (document 5) only.
    #expect(third == [all[0], all[1], all[2], all[4], all[5]])
  }

  @Test func aFoldTrainsTheSameModelAsItsDocumentsAlone() throws {
    let url = try Self.tinyDocuments()
    defer { try? FileManager.default.removeItem(at: url) }
    var options = NERTrainer.Options()
    options.epochs = 10
    options.bucketBits = 14
    options.seed = 5
    let trainer = NERTrainer(gazetteer: Gazetteer(), options: options)
    func train(_ examples: [NERExample]) -> [UInt8] {
      Array(trainer.train(train: examples, dev: [], metadata: "fold", log: { _ in }).encoded())
    }
    let all = try NERCorpus.load(url)
    let folded = try NERCorpus.load(url, leavingOut: try #require(TrainFold("1/2")))
    #expect(train(folded) == train([all[2], all[4], all[5]]))
    #expect(train(folded) != train(all))
  }

  @Test func aFoldNeedsDocumentNumbersAndEnoughDocuments() throws {
    let fixture = try EntityModelTests.tinyFixture()
    #expect {
      _ = try NERCorpus.load(fixture, leavingOut: try #require(TrainFold("1/2")))
    } throws: { error in
      "\(error)".contains("\(fixture.path):1") && "\(error)".contains("--train-fold 1/2")
    }
    let url = try Self.tinyDocuments()
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
      _ = try NERCorpus.load(url, leavingOut: try #require(TrainFold("1/5")))
    } throws: { error in
      "\(error)".contains("4 documents") && "\(error)".contains("--train-fold 1/5")
    }
  }

  @Test func theCommandLineNamesABadFold() throws {
    try CLIBinary.requireBuilt()
    let url = try Self.tinyDocuments()
    defer { try? FileManager.default.removeItem(at: url) }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nlpipe-fold-\(UUID().uuidString).bin")
    defer { try? FileManager.default.removeItem(at: out) }
    let base = ["train", "ner", "--train", url.path, "--epochs", "1", "--out", out.path]
    let (status, _, errors) = try CLIBinary.run(base + ["--train-fold", "3/2"])
    #expect(status != 0)
    #expect(errors.contains("--train-fold must be K/N"))
    let (tooMany, _, many) = try CLIBinary.run(base + ["--train-fold", "1/5"])
    #expect(tooMany != 0)
    #expect(many.contains("4 documents, fewer than the 5 folds of --train-fold 1/5"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test func conllDocumentsKnowTheirPositionsInASample() throws {
    let url = try Self.tinyDocuments()
    defer { try? FileManager.default.removeItem(at: url) }
    let all = try ConllGroupGold.numberedDocuments(url, limit: nil, seed: 1)
    #expect(
      all.map(\.document.id) == [
        "conll-train-0001", "conll-train-0002", "conll-train-0005", "conll-train-0007",
      ])
    #expect(all.map(\.position) == [0, 1, 2, 3])
    let sample = try ConllGroupGold.numberedDocuments(url, limit: 2, seed: 3)
    for document in sample {
      let whole = try #require(all.first { $0.document.id == document.document.id })
      #expect(document.position == whole.position)
    }
    #expect(GroupTraining.conllTagging(position: 4, folds: 3) == "conll-train:2/3")
    #expect(GroupTraining.conllTagging(position: 4, folds: nil) == "conll-train")
  }

  @Test func conllFoldModelsAreAllNamedAndOfOneCount() throws {
    let url = try EntityGroupCrossFitTests.tinyModelFile()
    defer { try? FileManager.default.removeItem(at: url) }
    let folds = ["conll-train:1/2=\(url.path)", "conll-train:2/2=\(url.path)"]
    #expect(try GroupTraining.conllFolds(["news-a=\(url.path)"]) == nil)
    #expect(try GroupTraining.conllFolds(folds + ["news-a=\(url.path)"]) == 2)
    let keys: Set<String> = ["news-a", "conll-train:1/2", "conll-train:2/2"]
    let models = try GroupTraining.crossFitModels(folds + ["news-a=\(url.path)"], families: keys)
    #expect(models.keys.sorted() == keys.sorted())
    #expect {
      _ = try GroupTraining.crossFitModels([folds[0], "news-a=\(url.path)"], families: keys)
    } throws: { error in
      "\(error)".contains("no entity model for conll-train:2/2")
    }
    for (specifications, message) in [
      (["conll-train:3/2=\(url.path)"], "expected conll-train:K/N=PATH"),
      (["conll-train:x=\(url.path)"], "expected conll-train:K/N=PATH"),
      (
        [folds[0], "conll-train:1/3=\(url.path)"],
        "3 folds, but another conll-train fold model has 2"
      ),
    ] {
      #expect {
        _ = try GroupTraining.conllFolds(specifications)
      } throws: { error in
        "\(error)".contains(message)
      }
    }
  }

  @Test func eachConllFoldIsTaggedByItsModel() throws {
    let url = try EntityGroupCrossFitTests.tinyModelFile()
    defer { try? FileManager.default.removeItem(at: url) }
    let (text, gold) = try EntityGroupCrossFitTests.sample()
    let sources = ["conll-train:1/2", "conll-train:2/2"].map {
      GroupTraining.Source(family: "conll-train", gold: gold, text: text, tagging: $0)
    }
    let crossFit = try GroupAnnotation.annotate(sources, models: ["conll-train:1/2": url])
    let tiny = try GroupAnnotation.annotate(
      [GroupTraining.Source(family: "news-x", gold: gold, text: text)], models: ["news-x": url])
    let bundled = try GroupAnnotation.annotate([sources[1]])
    func names(_ document: GroupAnnotation.Annotated) -> [String] {
      document.entities.map { $0.map { $0.label + " " + $0.names.joined(separator: "|") } ?? "-" }
    }
    try #require(names(tiny[0]) != names(bundled[0]))
    #expect(crossFit.map(\.family) == ["conll-train", "conll-train"])
    #expect(names(crossFit[0]) == names(tiny[0]))
    #expect(names(crossFit[1]) == names(bundled[0]))
  }
}
