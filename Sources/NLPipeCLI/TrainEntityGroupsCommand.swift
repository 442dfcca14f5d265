import ArgumentParser
import Foundation
import Stages
import Training

/// `nlpipe train entity-groups`: trains the entities stage's document-level group classifier.
struct TrainEntityGroupsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "entity-groups",
    abstract:
      "Train the entities stage's name group classifier (keep, drop or retype each group of "
      + "mentions of a name in a document) and choose its margins by k-fold cross-validation "
      + "grouped by document.")

  @Option(
    help: "News-relations dev folder (gold.json and texts/); its family is `news-a` (optional).")
  var news: String?

  @Option(
    help: ArgumentHelp(
      "Which half of the news dev set to train on: A (even positions of the sorted ids), B, or all."
    ))
  var half: String = "A"

  @Option(
    name: .customLong("gold"),
    help: ArgumentHelp(
      "More document-level gold (eval/gold/news-c1.json...), repeatable; a file's family is its "
        + "name without the extension and final digits (news-c)."))
  var golds: [String] = []

  @Option(
    help: ArgumentHelp(
      "Folder of the corpora that hold the texts of --gold documents: `article-HASH` is "
        + "article-extraction-dev/gold/HASH.txt, `readability-NAME` readability-dev/gold/NAME.txt."
    ))
  var corpora: String = "../shared/corpora"

  @Option(
    help: ArgumentHelp(
      "CoNLL-2003 train sentences (JSONL with a `doc` number; never dev or test): their "
        + "documents, sentences joined by a blank line, are the family `conll-train`.",
      valueName: "path"))
  var conll: String?

  @Option(help: "How many CoNLL documents to train on (a sample seeded by --seed; 0: all).")
  var conllDocs: Int = 0

  @Option(
    help: "How many times each news group counts in training (against one for a CoNLL group).")
  var newsWeight: Int = 1

  @Option(
    help: ArgumentHelp(
      "The most gold relation arguments (name groups) the chosen margins may lose in "
        + "cross-validation, dropped or retyped away from their gold label (default: not counted).",
      valueName: "n"))
  var argumentsLost: Int?

  @Option(
    name: .customLong("family-model"),
    help: ArgumentHelp(
      "Cross-fitting: tag the documents of FAMILY (news-a, news-c..., conll-train) with this "
        + "entity model, trained without that family's gold, instead of the bundled one; "
        + "conll-train:K/N tags CoNLL fold K of N (train ner --train-fold K/N), every fold "
        + "named (repeatable; when given, every family but conll-train needs one).",
      valueName: "FAMILY=PATH"))
  var familyModels: [String] = []

  @Option(help: "Where to write the model file (TSV).")
  var out: String

  @Option(
    help: ArgumentHelp(
      "Also write the out-of-fold decisions of the chosen margins that change a group (TSV).",
      valueName: "path"))
  var explain: String?

  @Option(help: "Cross-validation folds.")
  var folds: Int = 5

  @Option(help: "Perceptron epochs.")
  var epochs: Int = 10

  @Option(
    help: ArgumentHelp(
      "A family that must gain when trained without it for the model to be used (repeatable).",
      valueName: "family"))
  var check: [String] = ["news-d", "news-e"]

  @Option(help: "Leave out features seen in fewer training groups.")
  var minCount: Int = 5

  @Option(help: "Seed of the shuffle (training is deterministic for a seed).")
  var seed: UInt64 = 1

  func validate() throws {
    guard ["A", "B", "all"].contains(half) else {
      throw ValidationError("--half must be A, B or all")
    }
    guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
    guard newsWeight >= 1 else { throw ValidationError("--news-weight must be at least 1") }
    guard conllDocs >= 0 else { throw ValidationError("--conll-docs must be at least 0") }
  }

  func run() throws {
    let started = Date()
    do {
      var sources: [GroupTraining.Source] = []
      if let news {
        let newsFolder = URL(fileURLWithPath: news)
        let newsGold = newsFolder.appendingPathComponent("gold.json")
        let ids = try NewsGold.documents(Data(contentsOf: newsGold), origin: newsGold.path)
          .map(\.id)
        let keep = DevHalves.ids(half, of: ids) ?? Set(ids)
        for (gold, text) in try NewsGold.documents(
          gold: newsGold, texts: newsFolder.appendingPathComponent("texts"), ids: keep)
        {
          sources.append(GroupTraining.Source(family: "news-a", gold: gold, text: text))
        }
      }
      // A gold document's text, by its id's prefix (`article-HASH`, `readability-NAME`).
      let texts = try GoldDocumentSources(folders: [
        "article-=\(corpora)/article-extraction-dev/gold",
        "readability-=\(corpora)/readability-dev/gold",
      ])
      for path in golds {
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent
        let family = String(name.reversed().drop(while: \.isNumber).reversed())
        for gold in try NewsGold.documents(Data(contentsOf: url), origin: path) {
          guard let textURL = texts.textFile(of: gold.id) else {
            throw ValidationError("\(path): no text for document \(gold.id) under \(corpora)")
          }
          let text = try String(contentsOf: textURL, encoding: .utf8)
          sources.append(GroupTraining.Source(family: family, gold: gold, text: text))
        }
      }
      let conllFolds = try GroupTraining.conllFolds(familyModels)
      if let conll {
        for (gold, text, position) in try ConllGroupGold.numberedDocuments(
          URL(fileURLWithPath: conll), limit: conllDocs > 0 ? conllDocs : nil, seed: seed)
        {
          sources.append(
            GroupTraining.Source(
              family: "conll-train", gold: gold, text: text,
              tagging: GroupTraining.conllTagging(position: position, folds: conllFolds)))
        }
      }
      guard !sources.isEmpty else {
        throw ValidationError("no training documents (--news, --gold or --conll)")
      }
      let models = try GroupTraining.crossFitModels(
        familyModels, families: Set(sources.map(\.tagging)))
      printError("training on \(sources.count) documents")
      var options = GroupTraining.Options()
      options.folds = folds
      options.epochs = epochs
      options.seed = seed
      options.minCount = minCount
      options.checked = Set(check)
      options.newsWeight = newsWeight
      options.argumentsLost = argumentsLost
      options.models = models
      let command =
        "nlpipe train entity-groups "
        + (news.map { "--news \(($0 as NSString).lastPathComponent) --half \(half) " } ?? "")
        + golds.map { "--gold \(($0 as NSString).lastPathComponent) " }.joined()
        + (conll.map {
          "--conll \(($0 as NSString).lastPathComponent) --conll-docs \(conllDocs) "
            + "--news-weight \(newsWeight) "
        } ?? "")
        + (argumentsLost.map { "--arguments-lost \($0) " } ?? "")
        + models.sorted { $0.key < $1.key }.map {
          "--family-model \($0.key)=\($0.value.lastPathComponent) "
        }.joined()
        + check.map { "--check \($0) " }.joined()
        + "--folds \(folds) --epochs \(epochs) --min-count \(minCount) --seed \(seed)"
      let (model, report) = try GroupTraining.train(sources, options: options, command: command)
      for line in report { printError(line) }
      try Data(model.serialized().utf8).write(to: URL(fileURLWithPath: out))
      if let explain {
        let lines = try GroupTraining.explain(sources, options: options, margins: model.margins)
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: explain))
      }
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    printError("wrote \(out) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
  }
}
