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

  @Option(
    help: ArgumentHelp(
      "Leave fold K of N of the --train documents out of training (cross-fitting): the "
        + "documents (the lines' `doc` numbers, CoNLL-2003 split at -DOCSTART-) at positions i "
        + "with i % N == K - 1, in order of their numbers; N in 2...20.",
      valueName: "K/N"))
  var trainFold: String?

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
      "Document-level gold (news-relations format, repeatable): each document's names are "
        + "projected onto its text (found by --gold-text) and its sentences join --train; "
        + "the document's text is left out of --self-train; none = off."))
  var gold: [String] = []

  @Option(
    help: ArgumentHelp(
      "As --gold, reading only the documents at even positions of the sorted ids (half A of "
        + "the news-relations dev set's gold.json; the odd positions are held out)."))
  var goldEven: [String] = []

  @Option(
    help: ArgumentHelp(
      "Where --gold texts are (repeatable, tried in order): PREFIX=FOLDER, a document whose "
        + "id is PREFIX + NAME has its text in FOLDER/NAME.txt; =FOLDER for every id."))
  var goldText: [String] = []

  @Option(
    help: ArgumentHelp(
      "What --gold does with a sentence's unnamed words (a capitalised word after the first, a "
        + "nationality word, an optional entity, none inside a gold name): drop (the sentence "
        + "is left out) or unlabelled (kept, those words without a tag)."))
  var goldUnnamed: String = GoldDocumentTraining.UnnamedWords.unlabelled.rawValue

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "With --gold: capitalised words that are no names outside one (the words of the bundled "
        + "titles, common words, months, weekdays, \"I\") are O, not unnamed words."))
  var goldOrdinary = true

  @Option(help: "Times each --gold sentence is added to the training data.")
  var goldWeight: Int = 1

  func validate() throws {
    guard trainFold.map({ TrainFold($0) != nil }) ?? true else {
      throw ValidationError("--train-fold must be K/N with 2 <= N <= 20 and 1 <= K <= N")
    }
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
    guard gold.isEmpty && goldEven.isEmpty || !goldText.isEmpty else {
      throw ValidationError("--gold needs --gold-text PREFIX=FOLDER")
    }
    guard GoldDocumentTraining.UnnamedWords(rawValue: goldUnnamed) != nil else {
      throw ValidationError(
        "--gold-unnamed must be one of "
          + GoldDocumentTraining.UnnamedWords.allCases.map(\.rawValue).joined(separator: ", "))
    }
    guard (1...20).contains(goldWeight) else {
      throw ValidationError("--gold-weight must be 1...20")
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
      if let fold = trainFold.flatMap(TrainFold.init) {
        trainExamples = try NERCorpus.load(URL(fileURLWithPath: train), leavingOut: fold)
      } else {
        trainExamples = try NERCorpus.load(URL(fileURLWithPath: train))
      }
      devExamples = try dev.map { try NERCorpus.load(URL(fileURLWithPath: $0)) } ?? []
      gazetteer = try EntityResources.gazetteer()
      lexiconTexts = try Self.unlabelledTexts(lexicon, excludingNamesIn: lexiconExclude)
      commonWords = try EntityResources.commonWords()
      tagger = syntax ? try TaggerModel.load(TaggerResources.defaultModelURL()) : nil
      clusterTexts = try Self.unlabelledTexts(clustersText, excludingNamesIn: clustersExclude)
      let goldDocuments = try goldSources()
      let goldTextFiles = Set(goldDocuments.map(\.textFile))
      let names = try NERCorpus.textNames(
        in: selfTrainExclude.map { URL(fileURLWithPath: $0) })
      var replaced = 0
      selfTrainTexts = try selfTrain.flatMap { path in
        try UnlabeledText.sources(URL(fileURLWithPath: path), excluding: names).compactMap {
          source in
          if goldTextFiles.contains(URL(fileURLWithPath: source.origin).standardizedFileURL.path) {
            replaced += 1
            return nil
          }
          guard let text = String(validating: source.bytes, as: UTF8.self) else {
            throw NERModelError("\(source.origin): not valid UTF-8")
          }
          return text
        }
      }
      if !goldDocuments.isEmpty {
        var training = GoldDocumentTraining(demonyms: Set(try Demonyms.load().keys))
        training.unnamed = GoldDocumentTraining.UnnamedWords(rawValue: goldUnnamed) ?? .unlabelled
        if goldOrdinary { training.ordinaryWords = try GoldDocumentTraining.bundledOrdinaryWords() }
        let examples = try training.examples(goldDocuments.map { ($0.text, $0.annotation) })
        printError(
          "gold documents: \(goldDocuments.count), \(examples.count) sentences, "
            + "\(examples.reduce(0) { $0 + $1.entities.count }) names, "
            + "\(examples.reduce(0) { $0 + $1.unlabelled.reduce(0) { $0 + $1.count } }) "
            + "unlabelled tokens, added \(goldWeight) time(s); \(replaced) of their texts left "
            + "out of self-training")
        trainExamples += (0..<goldWeight).flatMap { _ in examples }
      }
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
        + (trainFold.map { " --train-fold \($0)" } ?? "")
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
        + goldEven.map { " --gold-even \(($0 as NSString).lastPathComponent)" }.joined()
        + gold.map { " --gold \(($0 as NSString).lastPathComponent)" }.joined()
        + (gold.isEmpty && goldEven.isEmpty
          ? ""
          : " --gold-unnamed \(goldUnnamed)\(goldOrdinary ? " --gold-ordinary" : " --no-gold-ordinary")"
            + " --gold-weight \(goldWeight)"),
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

  /// The documents of the `--gold-even` and `--gold` files (in that order) with their texts
  /// (``GoldDocumentSources``).
  private func goldSources() throws -> [GoldDocumentSources.Source] {
    let files =
      goldEven.map {
        GoldDocumentSources.File(url: URL(fileURLWithPath: $0), evenPositionsOnly: true)
      }
      + gold.map { GoldDocumentSources.File(url: URL(fileURLWithPath: $0)) }
    guard !files.isEmpty else { return [] }
    return try GoldDocumentSources(folders: goldText).documents(files)
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
