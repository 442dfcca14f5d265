import ArgumentParser
import Foundation
import Stages
import Training

/// `nlpipe train relations`: trains the relations stage's pair classifier.
struct TrainRelationsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "relations",
    abstract:
      "Train the relation pair classifier (averaged perceptron over entity pairs in a sentence) "
      + "and choose how it joins the rules by k-fold cross-validation grouped by document.")

  @Option(help: "News-relations dev folder (gold.json and texts/).")
  var news: String

  @Option(help: "re3d JSONL with entities and relations.")
  var re3d: String

  @Option(
    help: ArgumentHelp(
      "Which half of each corpus to train on: A (even positions of the sorted ids), B, or all."))
  var half: String = "A"

  @Option(help: "Where to write the model file (TSV).")
  var out: String

  @Option(help: "Cross-validation folds.")
  var folds: Int = 5

  @Option(help: "Perceptron epochs.")
  var epochs: Int = 10

  @Option(help: "Seed of the shuffle (training is deterministic for a seed).")
  var seed: UInt64 = 1

  func validate() throws {
    guard ["A", "B", "all"].contains(half) else {
      throw ValidationError("--half must be A, B or all")
    }
    guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
  }

  func run() throws {
    let started = Date()
    do {
      let newsFolder = URL(fileURLWithPath: news)
      let gold = newsFolder.appendingPathComponent("gold.json")
      let texts = newsFolder.appendingPathComponent("texts")
      let newsAll = try PairGold.news(gold: gold, texts: texts, ids: nil)
      let newsDocs = try PairGold.news(
        gold: gold, texts: texts, ids: DevHalves.ids(half, of: newsAll.map(\.id)))
      let re3dAll = try PairGold.re3d(URL(fileURLWithPath: re3d), ids: nil)
      let re3dDocs = try PairGold.re3d(
        URL(fileURLWithPath: re3d), ids: DevHalves.ids(half, of: re3dAll.map(\.id)))
      printError("training on \(newsDocs.count) news and \(re3dDocs.count) re3d documents")
      var options = PairTraining.Options()
      options.folds = folds
      options.epochs = epochs
      options.seed = seed
      let command =
        "nlpipe train relations --news \(newsFolder.lastPathComponent) --re3d "
        + "\((re3d as NSString).lastPathComponent) --half \(half) --folds \(folds) "
        + "--epochs \(epochs) --seed \(seed)"
      let (model, report) = try PairTraining.train(
        newsDocs.map { ("news", $0) } + re3dDocs.map { ("re3d", $0) }, options: options,
        command: command)
      for line in report { printError(line) }
      try Data(model.serialized().utf8).write(to: URL(fileURLWithPath: out))
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    printError("wrote \(out) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
  }
}
