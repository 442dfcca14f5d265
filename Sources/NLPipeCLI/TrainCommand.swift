import ArgumentParser
import Foundation
import Pipeline
import Stages
import Training

/// `nlpipe train`: trains the statistical models the stages use.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Train a model used by a stage.",
    subcommands: [
      TrainNERCommand.self, TrainTaggerCommand.self, TrainBoilerplateCommand.self,
      TrainRelationsCommand.self, TrainEntityGroupsCommand.self,
    ])
}

/// `nlpipe train ner`: trains the entities stage's sequence tagger.
struct TrainNERCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ner",
    abstract: "Train the named-entity tagger (averaged perceptron, BIO tags, greedy decoding).")

  @Option(help: "Training data: JSONL lines of {\"text\", \"entities\": [[start, end, label]]}.")
  var train: String

  @Option(help: "Development data (same format), for early stopping and scores.")
  var dev: String?

  @Option(help: "Where to write the model file.")
  var out: String

  @Option(help: "Maximum training epochs.")
  var epochs: Int = 12

  @Option(help: "Stop after this many epochs without a better dev F1.")
  var patience: Int = 3

  @Option(help: "Seed of the shuffle (training is deterministic for a seed).")
  var seed: UInt64 = 1

  @Option(help: "log2 of the number of hashed feature rows (model size: 2^bits x tags x 2 bytes).")
  var bits: Int = 19

  @Option(
    help: ArgumentHelp(
      "Unlabelled text for the common-word lexicon (repeatable): a .txt file, a folder of .txt "
        + "files, or a .jsonl file of {\"text\"} lines."))
  var lexicon: [String] = []

  @Option(
    help: ArgumentHelp(
      "A folder whose .txt file names are left out of --lexicon folders (keep evaluation texts "
        + "out of the common-word lexicon)."))
  var lexiconExclude: [String] = []

  @Option(
    help: ArgumentHelp(
      "Probability, per gold name and epoch, that the name's words are hidden from the model "
        + "in that pass (it then learns to type names by context and shape); 0 = off."))
  var maskNames: Double = 0

  @Option(
    help: ArgumentHelp(
      "Training runs from seeds seed, seed+1, ...; with more than one, the model is the "
        + "average of their weights (less dependent on one shuffle order)."))
  var runs: Int = 1

  @Flag(
    help: ArgumentHelp(
      "Part-of-speech and chunk features: tag every sentence with the bundled tagger model "
        + "(the one the entities stage runs) and train on those predicted tags."))
  var syntax = false

  @Option(
    help: ArgumentHelp(
      "With --syntax: tag the training sentences with POS models trained on the other K blocks "
        + "of CoNLL-2003 train (jackknife; the bundled tagger has seen them); 0 = the bundled "
        + "tagger's own tags. Needs --syntax-data."))
  var syntaxFolds: Int = 0

  @Option(
    help: ArgumentHelp(
      "Folder of the syntax corpora (conll2003_train.conll aligned with --train, "
        + "en_ewt-ud-dev.conllu) for --syntax-folds; the tagger's casing text is read from "
        + "its sibling corpora, as `nlpipe train tagger` does."))
  var syntaxData: String?

  @Option(
    help: ArgumentHelp(
      "Unlabelled text for word-class features (repeatable; a .txt file, a folder of .txt files "
        + "or a .jsonl file of {\"text\"} lines): the words of these texts and of --train are "
        + "clustered by their neighbours (exchange algorithm) and the model reads each word's "
        + "classes; none = no word classes."))
  var clustersText: [String] = []

  @Option(
    help: ArgumentHelp(
      "A folder whose .txt file names are left out of --clusters-text folders (keep evaluation "
        + "texts out of the unlabelled text)."))
  var clustersExclude: [String] = []

  @Option(help: "Word-class counts of the clusterings, coarsest first (1 to 4 of 2...65534).")
  var clusters: String = "32,128,512"

  @Option(help: "Words seen fewer times in the unlabelled text get no word class.")
  var clustersMinCount: Int = 3

  @Option(
    help: ArgumentHelp(
      "Unlabelled text for self-training (repeatable; a .txt file, a folder of .txt files or a "
        + ".jsonl file of {\"text\"} lines): the trained model tags these texts with the "
        + "entities stage, their sentences whose names are all sure and consistent in their "
        + "document are added to --train, and the model is trained again; none = off."))
  var selfTrain: [String] = []

  @Option(
    help: ArgumentHelp(
      "A folder whose .txt file names are left out of --self-train folders (keep evaluation "
        + "texts out of the self-training text)."))
  var selfTrainExclude: [String] = []

  @Option(
    help: "Least confidence of every mention of a name in its document for self-training.")
  var selfTrainConfidence: Double = 0.99

  @Option(
    help: ArgumentHelp(
      "Document-level gold (news-relations format, repeatable, paired in order with "
        + "--gold-texts): the token-aligned occurrences of each document's names mark its "
        + "sentences, and the sentences with no unmarked capitalised word, nationality word or "
        + "optional entity are added to --train; none = off."))
  var goldDocs: [String] = []

  @Option(help: "A folder of ID.txt texts for the --gold-docs file at the same position.")
  var goldTexts: [String] = []

  @Option(help: "Times each --gold-docs sentence is added to the training data.")
  var goldDocsWeight: Int = 1

  func validate() throws {
    guard (0...1).contains(selfTrainConfidence) else {
      throw ValidationError("--self-train-confidence must be 0...1")
    }
    guard selfTrain.isEmpty || syntaxFolds == 0 else {
      throw ValidationError("--self-train and --syntax-folds exclude each other")
    }
    guard (0...20).contains(syntaxFolds), syntaxFolds != 1 else {
      throw ValidationError("--syntax-folds must be 0 or 2...20")
    }
    guard syntaxFolds == 0 || (syntax && syntaxData != nil) else {
      throw ValidationError("--syntax-folds needs --syntax and --syntax-data")
    }
    guard goldDocs.count == goldTexts.count else {
      throw ValidationError("each --gold-docs needs its --gold-texts folder")
    }
    guard (1...20).contains(goldDocsWeight) else {
      throw ValidationError("--gold-docs-weight must be 1...20")
    }
    guard (0...1).contains(maskNames) else { throw ValidationError("--mask-names must be 0...1") }
    guard (1...20).contains(runs) else { throw ValidationError("--runs must be 1...20") }
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
    guard (12...24).contains(bits) else { throw ValidationError("--bits must be 12...24") }
    guard let sizes = clusterSizes, (1...WordClusters.maximumClusterings).contains(sizes.count),
      sizes.allSatisfy({ (2...65534).contains($0) })
    else { throw ValidationError("--clusters must be 1 to 4 comma-separated counts in 2...65534") }
    guard clustersMinCount >= 1 else { throw ValidationError("--clusters-min-count must be >= 1") }
  }

  /// The unlabelled texts of `paths` (``NERCorpus/texts(_:excluding:)``), leaving out the
  /// `.txt` files named as in the `excluded` folders.
  private static func unlabelledTexts(_ paths: [String], excludingNamesIn excluded: [String])
    throws -> [String]
  {
    let names = try NERCorpus.textNames(in: excluded.map { URL(fileURLWithPath: $0) })
    return try paths.flatMap { try NERCorpus.texts(URL(fileURLWithPath: $0), excluding: names) }
  }

  /// The `--clusters` counts (nil when one is not a number).
  private var clusterSizes: [Int]? {
    let sizes = clusters.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    return sizes.contains(nil) ? nil : sizes.compactMap { $0 }
  }

  func run() throws {
    let started = Date()
    var trainExamples: [NERExample]
    let devExamples: [NERExample]
    let gazetteer: Gazetteer
    let lexiconTexts: [String]
    let commonWords: [String]
    let tagger: TaggerModel?
    let clusterTexts: [String]
    let selfTrainTexts: [String]
    do {
      trainExamples = try NERCorpus.load(URL(fileURLWithPath: train))
      devExamples = try dev.map { try NERCorpus.load(URL(fileURLWithPath: $0)) } ?? []
      gazetteer = try EntityResources.gazetteer()
      lexiconTexts = try Self.unlabelledTexts(lexicon, excludingNamesIn: lexiconExclude)
      commonWords = try EntityResources.commonWords()
      tagger = syntax ? try TaggerModel.load(TaggerResources.defaultModelURL()) : nil
      clusterTexts = try Self.unlabelledTexts(clustersText, excludingNamesIn: clustersExclude)
      selfTrainTexts = try Self.unlabelledTexts(selfTrain, excludingNamesIn: selfTrainExclude)
      let gold = try goldExamples()
      if !goldDocs.isEmpty {
        printError(
          "gold documents: \(gold.count) sentences, \(gold.reduce(0) { $0 + $1.entities.count }) "
            + "names added \(goldDocsWeight) time(s)")
      }
      trainExamples += (0..<goldDocsWeight).flatMap { _ in gold }
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    printError(
      "training on \(trainExamples.count) sentences, \(devExamples.count) dev sentences")
    var options = NERTrainer.Options()
    options.epochs = epochs
    options.patience = patience
    options.seed = seed
    options.bucketBits = bits
    options.lexiconTexts = lexiconTexts
    options.commonWords = commonWords
    options.maskNames = maskNames
    options.runs = runs
    options.tagger = tagger
    if let tagger, let syntaxData, syntaxFolds > 1 {
      do {
        options.jackknifed = try jackknifed(
          trainExamples, tagger: tagger, folder: URL(fileURLWithPath: syntaxData))
      } catch {
        printError("error: \(error)")
        throw ExitCode(1)
      }
    }
    if !clustersText.isEmpty {
      var training = WordClusterTraining()
      training.sizes = clusterSizes ?? training.sizes
      training.minimumCount = clustersMinCount
      do {
        let sentences = try WordClusterTraining.sentences(
          examples: trainExamples, texts: clusterTexts)
        options.clusters = training.train(sentences, log: { printError($0) })
      } catch {
        printError("error: \(error)")
        throw ExitCode(1)
      }
    }
    let trainer = NERTrainer(gazetteer: gazetteer, options: options)
    let metadata = [
      "command: nlpipe train ner --train \((train as NSString).lastPathComponent)"
        + (dev.map { " --dev \(($0 as NSString).lastPathComponent)" } ?? "")
        + " --epochs \(epochs) --patience \(patience) --seed \(seed) --bits \(bits)"
        + lexicon.map { " --lexicon \(($0 as NSString).lastPathComponent)" }.joined()
        + lexiconExclude.map { " --lexicon-exclude \(($0 as NSString).lastPathComponent)" }
        .joined()
        + (maskNames > 0 ? " --mask-names \(maskNames)" : "")
        + (runs > 1 ? " --runs \(runs)" : "")
        + (syntax ? " --syntax" : "")
        + (syntaxFolds > 1 ? " --syntax-folds \(syntaxFolds)" : "")
        + clustersText.map { " --clusters-text \(($0 as NSString).lastPathComponent)" }.joined()
        + clustersExclude.map { " --clusters-exclude \(($0 as NSString).lastPathComponent)" }
        .joined()
        + (clustersText.isEmpty
          ? "" : " --clusters \(clusters) --clusters-min-count \(clustersMinCount)")
        + selfTrain.map { " --self-train \(($0 as NSString).lastPathComponent)" }.joined()
        + selfTrainExclude.map { " --self-train-exclude \(($0 as NSString).lastPathComponent)" }
        .joined()
        + (selfTrain.isEmpty ? "" : " --self-train-confidence \(selfTrainConfidence)")
        + goldDocs.map { " --gold-docs \(($0 as NSString).lastPathComponent)" }.joined()
        + goldTexts.map { " --gold-texts \(($0 as NSString).lastPathComponent)" }.joined()
        + (goldDocs.isEmpty ? "" : " --gold-docs-weight \(goldDocsWeight)"),
      "tool: nlpipe \(NLPipe.version)",
    ].joined(separator: "\n")
    var model = trainer.train(
      train: trainExamples, dev: devExamples, metadata: metadata, log: { printError($0) })
    if !selfTrain.isEmpty {
      var selfTraining = SelfTraining()
      selfTraining.minimumConfidence = selfTrainConfidence
      let added: [NERExample]
      let english: Int
      do {
        (added, english) = try selfTraining.examples(texts: selfTrainTexts, model: model)
      } catch {
        printError("error: \(error)")
        throw ExitCode(1)
      }
      printError(
        "self-training: \(added.count) sentences, \(added.reduce(0) { $0 + $1.entities.count }) "
          + "names from \(english) English texts of \(selfTrainTexts.count); training again")
      model = trainer.train(
        train: trainExamples + added, dev: devExamples, metadata: metadata,
        log: { printError($0) })
    }
    do {
      try model.write(to: URL(fileURLWithPath: out))
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    if !devExamples.isEmpty {
      printError("saved model, dev all: \(trainer.evaluate(model, on: devExamples, only: nil))")
      printError(
        "saved model, dev PER/ORG/LOC: "
          + "\(trainer.evaluate(model, on: devExamples, only: ["PER", "ORG", "LOC"]))")
    }
    let seconds = Date().timeIntervalSince(started)
    printError("wrote \(out) in \(String(format: "%.1f", seconds)) s")
  }

  /// The sentences of the `--gold-docs` files (``GoldDocumentTraining``), each file's
  /// documents in id order with their texts read from the paired `--gold-texts` folder.
  private func goldExamples() throws -> [NERExample] {
    guard !goldDocs.isEmpty else { return [] }
    let training = GoldDocumentTraining(demonyms: Set(try Demonyms.load().keys))
    var documents: [(text: String, annotation: GoldDocumentTraining.Annotation)] = []
    for (docs, texts) in zip(goldDocs, goldTexts) {
      let gold = try NewsGold.documents(
        gold: URL(fileURLWithPath: docs), texts: URL(fileURLWithPath: texts))
      documents += gold.map { ($0.text, GoldDocumentTraining.Annotation($0.document)) }
    }
    return try training.examples(documents)
  }

  /// The training sentences' tags from jackknifed POS models (see ``JackknifedSyntax``),
  /// trained on the syntax corpora with the bundled tagger's settings and casing text.
  func jackknifed(_ examples: [NERExample], tagger: TaggerModel, folder: URL) throws
    -> [EntitySyntax]
  {
    let conll = try SyntaxCorpus.loadCoNLL(folder.appendingPathComponent("conll2003_train.conll"))
    let ewt = try SyntaxCorpus.loadCoNLLU(folder.appendingPathComponent("en_ewt-ud-dev.conllu"))
    let texts = try UnlabeledText.loadDefault(corpora: folder.deletingLastPathComponent())
    let casing = TaggerTrainer.casing(sentences: conll, texts: texts)
    return try JackknifedSyntax(conll: conll, ewt: ewt, casing: casing, tagger: tagger).tags(
      examples, folds: syntaxFolds, log: { printError($0) })
  }
}
