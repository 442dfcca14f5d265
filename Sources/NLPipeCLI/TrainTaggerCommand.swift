import ArgumentParser
import Foundation
import Pipeline
import Stages
import Training

/// `nlpipe train tagger`: trains the tagger stage's model (POS, UPOS, lemmas, chunks).
struct TrainTaggerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tagger",
    abstract:
      "Train the part-of-speech tagger, UPOS classifier, lemmatizer and chunker (one model file).",
    discussion: """
      Reads conll2003_train.conll, conll2003_dev.conll and en_ewt-ud-dev.conllu from --data. \
      With --folds K (K > 1) it first cross-validates over EWT dev (K blocks of whole \
      documents) and prints UPOS, XPOS and lemma accuracy per fold and pooled; the final model \
      is trained on CoNLL-2003 train plus all of EWT dev and scored for chunks on CoNLL dev. \
      Training is deterministic: the same command writes the same bytes.
      """)

  @Option(help: "Folder with the syntax corpora (conll2003_train.conll, en_ewt-ud-dev.conllu...).")
  var data: String

  @Option(help: "Where to write the model file.")
  var out: String

  @Option(help: "Cross-validation folds over EWT dev (0 or 1: none).")
  var folds: Int = 5

  @Option(
    help:
      "Learning curve: each cross-validation fold trains on CoNLL and only this many other folds (0: all)."
  )
  var cvTrainFolds: Int = 0

  @Option(help: "Passes over the data for the POS tagger.")
  var epochs: Int = 8

  @Option(help: "Passes over CoNLL-2003 train for the chunker.")
  var chunkEpochs: Int = 8

  @Option(help: "Times each EWT sentence is seen per POS epoch (0: POS from CoNLL only).")
  var ewtWeight: Int = 2

  @Option(
    help: "Jackknife folds over CoNLL train for the chunker's POS input (0 or 1: the file's POS).")
  var chunkFolds: Int = 0

  @Option(
    help: "Words seen at least this often, always with one tag, skip scoring (0: none).")
  var fixedCount: Int = 50

  @Option(
    help:
      "Keep a learned change of lemma case where it makes this many more EWT lemmas right (0: none)."
  )
  var lemmaCaseMargin: Int = 2

  @Option(help: "Drop averaged POS and chunk weights smaller than this (model size, speed).")
  var prune: Float = 0.01

  @Flag(
    inversion: .prefixedNo,
    help: "News and web copies of the POS features (feature augmentation); the model keeps web.")
  var domainAdaptation = false

  @Option(
    help:
      "Write the cross-validation predictions here (TSV: form, gold and predicted UPOS, XPOS, lemma)."
  )
  var predictions: String?

  @Option(
    help: ArgumentHelp(
      "Unlabeled text for the casing feature: .txt files, folders of them, or .jsonl files (the "
        + "\"text\" of each line); repeatable.",
      discussion: "Default: the sibling corpus article-extraction-dev/gold next to --data, "
        + "without the texts named as in news-relations-dev/texts (the entity and relation "
        + "stages' evaluation texts are not read)."))
  var unlabeled: [String] = []

  @Option(
    help: ArgumentHelp(
      "Leave the .txt files named as those of this folder out of the unlabeled text "
        + "(evaluation texts); repeatable.",
      discussion: "Default: news-relations-dev/texts next to --data when --unlabeled is not "
        + "given, none otherwise."))
  var unlabeledExclude: [String] = []

  @Flag(help: "No casing feature from unlabeled text (for comparison).")
  var noCasing = false

  @Flag(
    help: "Without the WordNet base forms of wordnet-bases.tsv in the lemmatizer (for comparison).")
  var noWordnet = false

  @Option(help: "Seed of the shuffles (training is deterministic for a seed).")
  var seed: UInt64 = 1

  func validate() throws {
    guard epochs >= 1, chunkEpochs >= 1 else {
      throw ValidationError("--epochs and --chunk-epochs must be at least 1")
    }
    guard (0...10).contains(ewtWeight) else { throw ValidationError("--ewt-weight must be 0...10") }
    guard (0...20).contains(folds) else { throw ValidationError("--folds must be 0...20") }
    guard cvTrainFolds >= 0, cvTrainFolds < max(1, folds) else {
      throw ValidationError("--cv-train-folds must be 0...folds-1")
    }
    guard prune >= 0, prune < 10 else { throw ValidationError("--prune must be 0..<10") }
    guard lemmaCaseMargin >= 0 else {
      throw ValidationError("--lemma-case-margin must be 0 or more")
    }
    guard fixedCount >= 0 else { throw ValidationError("--fixed-count must be 0 or more") }
    guard (0...20).contains(chunkFolds) else {
      throw ValidationError("--chunk-folds must be 0...20")
    }
  }

  func run() throws {
    let started = Date()
    let folder = URL(fileURLWithPath: data)
    let conll: [SyntaxSentence]
    let conllDev: [SyntaxSentence]
    let ewt: [SyntaxSentence]
    let irregular: [String: String]
    let bases: Set<String>
    let texts: [[UInt8]]
    do {
      conll = try SyntaxCorpus.loadCoNLL(folder.appendingPathComponent("conll2003_train.conll"))
      conllDev = try SyntaxCorpus.loadCoNLL(folder.appendingPathComponent("conll2003_dev.conll"))
      ewt = try SyntaxCorpus.loadCoNLLU(folder.appendingPathComponent("en_ewt-ud-dev.conllu"))
      irregular = try TaggerResources.irregular()
      bases = noWordnet ? [] : try TaggerResources.bases()
      texts =
        noCasing
        ? [] : try UnlabeledText.load(unlabeledPaths(folder), excludingNamesIn: excluded(folder))
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    printError(
      "CoNLL-2003 train \(conll.count) sentences, dev \(conllDev.count); EWT dev \(ewt.count)")
    var options = TaggerTrainer.Options()
    options.posEpochs = epochs
    options.chunkEpochs = chunkEpochs
    options.ewtWeight = ewtWeight
    options.seed = seed
    options.chunkFolds = chunkFolds
    options.fixedCount = fixedCount
    options.prune = prune
    options.lemmaCaseMargin = lemmaCaseMargin
    options.domainAdaptation = domainAdaptation
    options.crossValidationTrainFolds = cvTrainFolds
    let casing = noCasing ? [:] : TaggerTrainer.casing(sentences: conll, texts: texts)
    if !noCasing {
      printError(
        "casing: \(texts.count) unlabeled texts (\(texts.reduce(0) { $0 + $1.count }) bytes) "
          + "and CoNLL-2003 train: \(casing.count) words")
    }
    let trainer = TaggerTrainer(
      options: options, irregular: irregular, casing: casing, bases: bases)
    var figures: [String] = []
    if folds > 1 {
      var lines = ["form\tgold_upos\tupos\tgold_xpos\txpos\tgold_lemma\tlemma"]
      let scores = trainer.crossValidate(
        conll: conll, ewt: ewt, folds: folds, log: { printError($0) },
        each: { sentence, tags in
          guard predictions != nil else { return }
          for (index, tag) in tags.enumerated() {
            lines.append(
              [
                sentence.words[index], sentence.upos[index], tag.upos, sentence.pos[index],
                tag.pos, sentence.lemmas[index], tag.lemma,
              ].joined(separator: "\t"))
          }
        })
      if let predictions {
        do {
          try (lines.joined(separator: "\n") + "\n").write(
            toFile: predictions, atomically: true, encoding: .utf8)
        } catch {
          printError("error: cannot write \(predictions): \(error.localizedDescription)")
          throw ExitCode(1)
        }
      }
      let pooled = scores.dropFirst().reduce(scores[0], +)
      figures.append("EWT dev \(folds)-fold cross-validation (gold tokens), pooled: \(pooled)")
    }
    let model = trainer.train(conll: conll, ewt: ewt, metadata: "", log: { printError($0) })
    let chunks = model.chunkScore(conllDev)
    figures.append(
      "CoNLL-2003 dev chunks with predicted POS: \(chunks.chunks); "
        + String(format: "POS agreement with the file's POS column %.4f", chunks.pos))
    for line in figures { printError(line) }
    let metadata =
      ([
        "command: nlpipe train tagger --data \(folder.lastPathComponent) --folds \(folds) "
          + "--epochs \(epochs) --chunk-epochs \(chunkEpochs) --ewt-weight \(ewtWeight) --seed \(seed) "
          + "--chunk-folds \(chunkFolds) --fixed-count \(fixedCount) --prune \(prune) "
          + "--lemma-case-margin \(lemmaCaseMargin)\(domainAdaptation ? " --domain-adaptation" : "")"
          + (cvTrainFolds > 0 ? " --cv-train-folds \(cvTrainFolds)" : "")
          + (noCasing
            ? " --no-casing"
            : unlabeled.map { " --unlabeled \($0)" }.joined()
              + unlabeledExclude.map { " --unlabeled-exclude \($0)" }.joined())
          + (noWordnet ? " --no-wordnet" : ""),
        "unlabeled text: "
          + (noCasing
            ? "none"
            : "CoNLL-2003 train words and "
              + unlabeledPaths(folder).map(\.lastPathComponent).joined(separator: ", ")
              + excluded(folder).map { " without the names in \($0.lastPathComponent)" }.joined()),
        "tool: nlpipe \(NLPipe.version)",
      ] + figures).joined(separator: "\n")
    do {
      try model.with(metadata: metadata).write(to: URL(fileURLWithPath: out))
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    printError("wrote \(out) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
  }

  /// The unlabeled text files or folders: `--unlabeled`, or the default sibling corpora.
  func unlabeledPaths(_ data: URL) -> [URL] {
    if !unlabeled.isEmpty { return unlabeled.map { URL(fileURLWithPath: $0) } }
    let corpora = data.deletingLastPathComponent()
    return UnlabeledText.defaultSources.map { corpora.appendingPathComponent($0) }
  }

  /// The folders whose `.txt` names are left out of the unlabeled text: `--unlabeled-exclude`,
  /// or with the default text the default exclusion.
  func excluded(_ data: URL) -> [URL] {
    if !unlabeledExclude.isEmpty { return unlabeledExclude.map { URL(fileURLWithPath: $0) } }
    guard unlabeled.isEmpty else { return [] }
    let corpora = data.deletingLastPathComponent()
    return UnlabeledText.defaultExcluded.map { corpora.appendingPathComponent($0) }
  }
}
