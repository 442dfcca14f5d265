import ArgumentParser
import Foundation
import Pipeline
import Stages
import Training

/// `nlpipe train boilerplate`: trains the boilerplate stage's block classifier.
struct TrainBoilerplateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "boilerplate",
    abstract:
      "Train the boilerplate block classifier (two logistic layers) and report site-grouped "
      + "cross-validation.")

  @Option(
    help: ArgumentHelp(
      "A dev set folder (repeatable): ids.txt, html/ID.html[.gz] and gold/ID.txt "
        + "(the layout of ../shared/corpora/article-extraction-dev)."))
  var corpus: [String] = []

  @Option(help: "Where to write the model file (omit to only cross-validate).")
  var out: String?

  @Option(help: "Cross-validation folds (grouped by site); 0 or 1 skips cross-validation.")
  var folds: Int = 5

  @Option(help: "Seed of the fold assignment (training is otherwise deterministic).")
  var seed: UInt64 = 1

  @Option(help: "L2 penalty on the standardised weights.")
  var l2: Double = 1.0

  @Option(help: "Boosted trees in the first layer.")
  var trees: Int = 40

  @Option(help: "Depth of each tree.")
  var depth: Int = 4

  @Option(help: "Shrinkage of each tree's leaf values.")
  var learningRate: Double = 0.1

  @Option(help: "Blocks whose content probability reaches this are kept.")
  var threshold: Double = 0.5

  @Option(help: "Write each page's cross-validated text to DIR/CORPUS/ID.txt (for the scorer).")
  var cvOut: String?

  func validate() throws {
    guard !corpus.isEmpty else { throw ValidationError("give at least one --corpus folder") }
    guard folds >= 0 else { throw ValidationError("--folds must be 0 or more") }
    guard l2 > 0 else { throw ValidationError("--l2 must be positive") }
    guard threshold > 0, threshold < 1 else {
      throw ValidationError("--threshold must be in (0, 1)")
    }
    guard (1...5000).contains(trees) else { throw ValidationError("--trees must be 1...5000") }
    guard (1...10).contains(depth) else { throw ValidationError("--depth must be 1...10") }
    guard learningRate > 0, learningRate <= 1 else {
      throw ValidationError("--learning-rate must be in (0, 1]")
    }
  }

  func run() throws {
    let started = Date()
    var options = BoilerplateTrainer.Options()
    options.folds = folds
    options.seed = seed
    options.l2 = l2
    options.threshold = threshold
    options.trees = trees
    options.depth = depth
    options.learningRate = learningRate
    let trainer: BoilerplateTrainer
    var pages: [BoilerplateTrainer.PreparedPage] = []
    do {
      trainer = try BoilerplateTrainer(options: options)
      for folder in corpus {
        for example in try Self.load(folder) {
          do {
            pages.append(try trainer.prepare(example))
          } catch {
            printError("skipped \(example.corpus)/\(example.id): \(error)")
          }
        }
      }
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    let blocks = pages.reduce(0) { $0 + $1.blockCounts.blocks }
    let content = pages.reduce(0) { $0 + $1.blockCounts.content }
    printError(
      "\(pages.count) pages, \(Set(pages.map(\.site)).count) sites, \(blocks) blocks "
        + "(\(content) labelled content)")
    var report: [String] = [
      "command: nlpipe train boilerplate"
        + corpus.map { " --corpus \(($0 as NSString).lastPathComponent)" }.joined()
        + " --folds \(folds) --seed \(seed) --l2 \(l2) --threshold \(threshold)"
        + " --trees \(trees) --depth \(depth) --learning-rate \(learningRate)",
      "tool: nlpipe \(NLPipe.version)",
      "features: \(pages.count) pages, \(blocks) blocks",
    ]
    report += Self.summaries("rules only (previous stage)", trainer.rulePredictions(pages))
    if folds > 1 {
      let predictions = trainer.crossValidate(pages)
      report += Self.summaries("site-grouped \(folds)-fold cross-validation", predictions)
      if let cvOut {
        do {
          try Self.write(predictions, to: cvOut)
        } catch {
          printError("error: \(error)")
          throw ExitCode(1)
        }
      }
    }
    let modelText = trainer.trainModelText(pages, notes: report)
    do {
      report += Self.summaries(
        "fit (trained and scored on all pages)",
        try trainer.fitPredictions(pages, modelText: modelText))
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    for line in report { printError(line) }
    if let out {
      do {
        try modelText.write(toFile: out, atomically: true, encoding: .utf8)
      } catch {
        printError("error: cannot write \(out): \(error.localizedDescription)")
        throw ExitCode(1)
      }
      printError("wrote \(out)")
    }
    printError("done in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
  }

  /// Lines `LABEL CORPUS: F1 ...` per dev set and for all pages together.
  private static func summaries(_ label: String, _ predictions: [BoilerplateTrainer.Prediction])
    -> [String]
  {
    var corpora: [String] = []
    for prediction in predictions where !corpora.contains(prediction.corpus) {
      corpora.append(prediction.corpus)
    }
    var lines = corpora.map { corpus in
      let scores = predictions.filter { $0.corpus == corpus }.map(\.score)
      return "\(label) \(corpus): \(ExtractionScore.summarize(scores))"
    }
    if corpora.count > 1 {
      lines.append("\(label) all: \(ExtractionScore.summarize(predictions.map(\.score)))")
    }
    return lines
  }

  private static func write(_ predictions: [BoilerplateTrainer.Prediction], to folder: String)
    throws
  {
    let manager = FileManager.default
    for prediction in predictions {
      let directory = URL(fileURLWithPath: folder).appendingPathComponent(prediction.corpus)
      try manager.createDirectory(at: directory, withIntermediateDirectories: true)
      try prediction.text.write(
        to: directory.appendingPathComponent("\(prediction.id).txt"), atomically: true,
        encoding: .utf8)
    }
  }

  /// The pages of a dev set folder, decoded as the input path does.
  static func load(_ folder: String) throws -> [BoilerplateTrainer.Example] {
    let root = URL(fileURLWithPath: folder)
    let name = root.standardizedFileURL.lastPathComponent
    let idsURL = root.appendingPathComponent("ids.txt")
    let ids: [String]
    do {
      ids = try String(contentsOf: idsURL, encoding: .utf8).split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    } catch {
      throw InputError("\(idsURL.path): cannot read the page ids: \(error.localizedDescription)")
    }
    let reader = DocumentReader(spec: InputSpec(path: root, displayPath: folder))
    let manager = FileManager.default
    return try ids.map { id in
      let html = ["html.gz", "html"].map { root.appendingPathComponent("html/\(id).\($0)") }
        .first { manager.fileExists(atPath: $0.path) }
      guard let html else {
        throw InputError("\(folder): no html/\(id).html.gz or html/\(id).html for id '\(id)'")
      }
      let goldURL = root.appendingPathComponent("gold/\(id).txt")
      let gold: String
      do {
        gold = try String(contentsOf: goldURL, encoding: .utf8)
      } catch {
        throw InputError(
          "\(goldURL.path): cannot read the gold text: \(error.localizedDescription)")
      }
      let document = try reader.read(
        .file(html, id: id, display: html.lastPathComponent, format: .html))
      return BoilerplateTrainer.Example(id: id, corpus: name, source: document.source, gold: gold)
    }
  }
}
