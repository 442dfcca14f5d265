import Foundation
import Stages

/// Trains the tagger's parts: the POS tagger (CoNLL-2003 train plus EWT sentences), the UPOS
/// classifier and lemma exceptions (EWT), the chunker (CoNLL-2003 chunks). Deterministic for
/// a given seed: shuffles use ``SeededGenerator``, tables are exported in key order.
public struct TaggerTrainer: Sendable {
  /// Training settings.
  public struct Options: Sendable {
    /// Passes over the data for the POS tagger, the chunker and the UPOS classifier.
    public var posEpochs = 8
    public var chunkEpochs = 8
    public var uposEpochs = 5
    /// How many times each EWT sentence is seen per POS epoch (web text is scarce).
    public var ewtWeight = 2
    /// Seed of the per-epoch shuffles.
    public var seed: UInt64 = 1
    /// Feature augmentation: news (CoNLL) and web (EWT) copies of every POS feature besides
    /// the shared ones; the model keeps shared + web (the stage's target is web-style text).
    /// Off by default: measured, it raised EWT XPOS but not UPOS (see the README).
    public var domainAdaptation = false
    /// Jackknife folds over CoNLL train for the chunker's POS input (its POS tags are
    /// predicted by models that did not see the fold, as at run time); 0 or 1: the file's
    /// own POS column (the default: measured better on CoNLL dev, whose chunks were made
    /// from that column).
    public var chunkFolds = 0
    /// Averaged weights smaller than this are dropped from the POS and chunk tables (a
    /// smaller model, fewer cache misses when tagging).
    public var prune: Float = 0.01
    /// Words seen at least this often, always with one tag, get it without scoring (0: none).
    public var fixedCount = 50
    /// A learned change of lemma case (``LemmaCase``) is kept where it makes at least this
    /// many more EWT training lemmas right than the rule lemma's own case (0: none learned).
    public var lemmaCaseMargin = 2
    /// Cross-validation only (a learning curve): each fold's model trains on CoNLL-2003 and
    /// only this many folds after it (cyclically) instead of all other folds (0: all).
    public var crossValidationTrainFolds = 0
    public init() {}
  }

  /// The 17 Universal Dependencies part-of-speech tags.
  static let uposTags = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
  ]

  let options: Options
  /// Irregular forms (`lower\tCLASS` -> lemma), from the bundled `irregular.tsv`.
  let irregular: [String: String]
  /// Casing classes of words in unlabeled text (``CaseProfile``; empty: none).
  let casing: [UInt64: UInt64]
  /// Base forms from a lexicon (`CLASS\tword`, from the bundled `wordnet-bases.tsv`): known
  /// to the lemmatizer besides the words of the training corpora.
  let bases: Set<String>

  public init(
    options: Options, irregular: [String: String], casing: [UInt64: UInt64] = [:],
    bases: Set<String> = []
  ) {
    self.options = options
    self.irregular = irregular
    self.casing = casing
    self.bases = bases
  }

  /// The casing classes of the words of unlabeled text: CoNLL sentences' words and plain
  /// texts (UTF-8), in the order given.
  public static func casing(sentences: [SyntaxSentence], texts: [[UInt8]]) -> [UInt64: UInt64] {
    var profile = CaseProfile()
    for sentence in sentences { profile.add(sentence: sentence.wordInfos()) }
    for text in texts { profile.add(text: text) }
    return profile.classes()
  }

  /// Trains a full model. `ewt` may be empty (then UPOS comes from the default mapping).
  public func train(
    conll: [SyntaxSentence], ewt: [SyntaxSentence], metadata: String, log: (String) -> Void
  ) -> TaggerModel {
    let posTags = Self.posTags(conll + ewt)
    let chunkPOS = jackknifedPOS(conll: conll, ewt: ewt, posTags: posTags, log: log)
    let chunk = trainChunker(conll, pos: chunkPOS, posTags: posTags, log: log)
    return trainTagging(
      conll: conll, ewt: ewt, posTags: posTags, chunk: chunk, metadata: metadata, log: log)
  }

  /// The Penn tag set of the data, sorted (the weight-column order).
  static func posTags(_ sentences: [SyntaxSentence]) -> [String] {
    Set(sentences.flatMap(\.pos)).sorted()
  }

  /// The POS tagger, UPOS classifier and lemmatizer, combined with a trained chunker.
  func trainTagging(
    conll: [SyntaxSentence], ewt: [SyntaxSentence], posTags: [String],
    chunk: (ChunkScheme, SparseWeights), metadata: String, log: (String) -> Void
  ) -> TaggerModel {
    let (posWeights, dictionary) = trainPOS(conll: conll, ewt: ewt, tags: posTags, log: log)
    let (uposWeights, choices) = trainUPOS(ewt, posTags: posTags)
    return TaggerModel(
      posTags: posTags, posWeights: posWeights, tagDictionary: dictionary, uposTags: Self.uposTags,
      uposWeights: uposWeights,
      uposChoices: choices, chunkScheme: chunk.0, chunkWeights: chunk.1,
      lemmatizer: lemmatizer(conll: conll, ewt: ewt), metadata: metadata)
  }

  // MARK: POS

  /// POS tag indices of every CoNLL sentence for training the chunker: with
  /// ``Options/chunkFolds`` > 1, each block of documents is tagged by a POS model trained on
  /// the other blocks (and `ewt`); otherwise the file's own POS column.
  func jackknifedPOS(
    conll: [SyntaxSentence], ewt: [SyntaxSentence], posTags: [String], log: (String) -> Void
  ) -> [[Int]] {
    let index = Dictionary(uniqueKeysWithValues: posTags.enumerated().map { ($1, $0) })
    var result = conll.map { $0.pos.map { index[$0] ?? 0 } }
    guard options.chunkFolds > 1 else { return result }
    let assignment = Self.folds(conll, count: options.chunkFolds)
    for fold in 0..<options.chunkFolds {
      let train = conll.indices.filter { assignment[$0] != fold }.map { conll[$0] }
      let (weights, dictionary) = trainPOS(conll: train, ewt: ewt, tags: posTags, log: { _ in })
      for item in conll.indices where assignment[item] == fold {
        result[item] = GreedyDecoding.tagPOS(weights, dictionary, conll[item].wordInfos())
      }
      log("chunker POS jackknife fold \(fold + 1)/\(options.chunkFolds) tagged")
    }
    return result
  }

  func trainPOS(
    conll: [SyntaxSentence], ewt: [SyntaxSentence], tags: [String], log: (String) -> Void
  ) -> (SparseWeights, TagDictionary) {
    let index = Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($1, $0) })
    let sentences = conll + ewt
    let words = sentences.map { $0.wordInfos() }
    let gold = sentences.map { $0.pos.map { index[$0] ?? 0 } }
    let dictionary = TagDictionary.build(
      zip(words, gold).map { sentence in zip(sentence.0.map(\.lower), sentence.1).map { ($0, $1) }
      },
      fixedCount: options.fixedCount
    ).with(casing: casing)
    let keys = words.map { POSFeatures.extract($0, dictionary) }
    var order = Array(conll.indices)
    for _ in 0..<options.ewtWeight { order += conll.count..<sentences.count }
    var table = PerceptronTable(tagCount: tags.count)
    var generator = SeededGenerator(seed: options.seed)
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: tags.count)
    defer { scores.deallocate() }
    for epoch in 1...max(1, options.posEpochs) {
      order.shuffle(using: &generator)
      var mistakes = 0
      var total = 0
      for item in order {
        if options.domainAdaptation { table.domain = item < conll.count ? 1 : 2 }
        let sentenceWords = words[item]
        let sentenceKeys = keys[item]
        var prev = tags.count
        var prev2 = tags.count + 1
        for position in sentenceWords.indices {
          table.tick()
          GreedyDecoding.scorePOS(
            table, sentenceWords, sentenceKeys, position, prev, prev2, into: scores)
          let guess = GreedyDecoding.best(scores, count: tags.count)
          let truth = gold[item][position]
          if guess != truth {
            mistakes += 1
            let base = position * POSFeatures.staticCount
            table.update(
              sentenceKeys[base..<base + POSFeatures.staticCount], truth: truth, guess: guess)
            table.update(
              POSFeatures.dynamic(sentenceWords, position, prev, prev2), truth: truth, guess: guess)
          }
          total += 1
          prev2 = prev
          prev = guess
        }
      }
      log(
        "pos epoch \(epoch): train errors \(String(format: "%.4f", Double(mistakes) / Double(max(1, total))))"
      )
    }
    return (
      table.sparse(threshold: options.prune, domain: options.domainAdaptation ? 2 : 0), dictionary
    )
  }

  // MARK: UPOS

  /// The UPOS classifier and, per Penn tag, the UPOS tags seen with it in `ewt` (the default
  /// mapping for tags `ewt` lacks).
  func trainUPOS(_ ewt: [SyntaxSentence], posTags: [String]) -> (SparseWeights, [[Int]]) {
    let posIndex = Dictionary(uniqueKeysWithValues: posTags.enumerated().map { ($1, $0) })
    let uposIndex = Dictionary(uniqueKeysWithValues: Self.uposTags.enumerated().map { ($1, $0) })
    var seen = [Set<Int>](repeating: [], count: posTags.count)
    for sentence in ewt {
      for (tag, upos) in zip(sentence.pos, sentence.upos) {
        if let tag = posIndex[tag], let upos = uposIndex[upos] { seen[tag].insert(upos) }
      }
    }
    let choices = posTags.enumerated().map { tag, name in
      seen[tag].isEmpty ? [uposIndex[TaggerModel.defaultUPOS(name)] ?? 0] : seen[tag].sorted()
    }
    var table = PerceptronTable(tagCount: Self.uposTags.count)
    let data = ewt.map { sentence in
      (
        words: sentence.wordInfos(), pos: sentence.pos.map { posIndex[$0] ?? 0 },
        upos: sentence.upos.map { uposIndex[$0] ?? 0 }
      )
    }
    var order = Array(data.indices)
    var generator = SeededGenerator(seed: options.seed &+ 2)
    var keys: [UInt32] = []
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: Self.uposTags.count)
    defer { scores.deallocate() }
    for _ in 0..<max(1, options.uposEpochs) {
      order.shuffle(using: &generator)
      for item in order {
        let sentence = data[item]
        for position in sentence.pos.indices {
          let options = choices[sentence.pos[position]]
          guard options.count > 1 else { continue }
          table.tick()
          for tag in 0..<Self.uposTags.count { scores[tag] = 0 }
          UPOSFeatures.extract(sentence.words, sentence.pos, position, into: &keys)
          for key in keys { table.accumulate(key, into: scores) }
          var guess = options[0]
          for choice in options.dropFirst() where scores[choice] > scores[guess] { guess = choice }
          table.update(keys, truth: sentence.upos[position], guess: guess)
        }
      }
    }
    return (table.sparse(), choices)
  }

  // MARK: chunks

  /// The chunker, trained on the CoNLL chunk column over POS tag indices `pos` (one array
  /// per sentence; nil: the file's own POS column).
  func trainChunker(
    _ conll: [SyntaxSentence], pos tagged: [[Int]]? = nil, posTags: [String],
    log: (String) -> Void
  ) -> (ChunkScheme, SparseWeights) {
    let names = Set(conll.flatMap(\.chunks)).subtracting(["O"]).sorted()
    let scheme = ChunkScheme(tags: ["O"] + names)
    let chunkIndex = Dictionary(uniqueKeysWithValues: scheme.tags.enumerated().map { ($1, $0) })
    let posIndex = Dictionary(uniqueKeysWithValues: posTags.enumerated().map { ($1, $0) })
    let data = conll.enumerated().map { item, sentence in
      let words = sentence.wordInfos()
      let pos = tagged?[item] ?? sentence.pos.map { posIndex[$0] ?? 0 }
      return (
        words: words, pos: pos, keys: ChunkFeatures.extract(words, pos),
        gold: sentence.chunks.map { chunkIndex[$0] ?? 0 }
      )
    }
    var table = PerceptronTable(tagCount: scheme.tags.count)
    var order = Array(data.indices)
    var generator = SeededGenerator(seed: options.seed &+ 1)
    let tagCount = scheme.tags.count
    for epoch in 1...max(1, options.chunkEpochs) {
      order.shuffle(using: &generator)
      var mistakes = 0
      var total = 0
      for item in order {
        let sentence = data[item]
        let count = sentence.words.count
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count * tagCount))
        defer { rows.deallocate() }
        rows.initialize(repeating: 0, count: count * tagCount)
        for position in 0..<count {
          let base = position * ChunkFeatures.staticCount
          for slot in base..<base + ChunkFeatures.staticCount {
            table.accumulate(sentence.keys[slot], into: rows + position * tagCount)
          }
        }
        let guesses = ChunkDecoding.viterbi(
          table, sentence.words, sentence.pos, rows: rows, scheme: scheme)
        for _ in 0..<count { table.tick() }
        total += count
        guard guesses != sentence.gold else { continue }
        // Collins (2002): reward the gold sequence's features, penalise the guessed one's.
        var goldPrev = (scheme.start, scheme.start + 1)
        var guessPrev = goldPrev
        for position in 0..<count {
          let truth = sentence.gold[position]
          let guess = guesses[position]
          if truth != guess {
            mistakes += 1
            let base = position * ChunkFeatures.staticCount
            table.update(
              sentence.keys[base..<base + ChunkFeatures.staticCount], truth: truth, guess: guess)
          }
          if truth != guess || goldPrev != guessPrev {
            let words = sentence.words
            let pos = sentence.pos
            table.adjust(
              ChunkFeatures.dynamic(words, pos, position, goldPrev.0, goldPrev.1), tag: truth,
              by: 1)
            table.adjust(
              ChunkFeatures.dynamic(words, pos, position, guessPrev.0, guessPrev.1), tag: guess,
              by: -1)
          }
          goldPrev = (truth, goldPrev.0)
          guessPrev = (guess, guessPrev.0)
        }
      }
      log(
        "chunk epoch \(epoch): train errors \(String(format: "%.4f", Double(mistakes) / Double(max(1, total))))"
      )
    }
    return (scheme, table.sparse(threshold: options.prune))
  }

  // MARK: lemmas

  /// The lemmatizer: known base forms from both corpora and the lexicon, the irregular table, and learned
  /// exceptions where the rules get an EWT (form, tag) pair wrong more often than not.
  func lemmatizer(conll: [SyntaxSentence], ewt: [SyntaxSentence]) -> Lemmatizer {
    var vocabulary = Set(
      bases.map { entry in
        Lemmatizer.lexiconClass(String(entry.prefix { $0 != "\t" }))
          + String(entry.drop { $0 != "\t" })
      })
    for sentence in conll {
      for (word, tag) in zip(sentence.words, sentence.pos) {
        let wordClass: String
        switch tag {
        case "VB", "VBP": wordClass = "V"
        case "NN": wordClass = "N"
        case "JJ", "RB": wordClass = "A"
        default: continue
        }
        vocabulary.insert(wordClass + "\t" + Lemmatizer.lowercased(word))
      }
    }
    for sentence in ewt {
      for (lemma, upos) in zip(sentence.lemmas, sentence.upos) {
        let wordClass: String
        switch upos {
        case "VERB", "AUX": wordClass = "V"
        case "NOUN": wordClass = "N"
        case "ADJ", "ADV": wordClass = "A"
        default: continue
        }
        vocabulary.insert(wordClass + "\t" + Lemmatizer.lowercased(lemma))
      }
    }
    for (key, lemma) in irregular {
      if let wordClass = key.split(separator: "\t").last, wordClass != "*", wordClass != "P" {
        vocabulary.insert(wordClass + "\t" + lemma)
      }
    }
    let caseRules = lemmaCaseRules(
      ewt, Lemmatizer(exceptions: [:], irregular: irregular, vocabulary: vocabulary))
    let rules = Lemmatizer(
      exceptions: [:], irregular: irregular, vocabulary: vocabulary, caseRules: caseRules)
    // key -> (lemma -> count, rule correct count)
    var counts: [String: [String: Int]] = [:]
    var ruleRight: [String: Int] = [:]
    for sentence in ewt {
      let words = sentence.wordInfos()
      for index in sentence.words.indices where index < sentence.lemmas.count {
        let form = sentence.words[index]
        let tag = sentence.pos[index]
        let gold = sentence.lemmas[index]
        let lower = Lemmatizer.lowercased(form)
        let key = lower + "\t" + tag
        counts[key, default: [:]][gold, default: 0] += 1
        let casing = casing[words[index].lower] ?? 0
        if rules.lemma(form, tag: tag, casing: casing, initial: index == 0) == gold {
          ruleRight[key, default: 0] += 1
        }
      }
    }
    var exceptions: [String: String] = [:]
    for key in counts.keys.sorted() {
      guard let lemmas = counts[key] else { continue }
      let best = lemmas.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }[0]
      if best.value > ruleRight[key, default: 0] { exceptions[key] = best.key }
    }
    return Lemmatizer(
      exceptions: exceptions, irregular: irregular, vocabulary: vocabulary, caseRules: caseRules)
  }

  /// Per context (Penn tag, casing class, form shape) the change of case that makes the most
  /// EWT lemmas right, where it beats keeping the rule lemma's case by
  /// ``Options/lemmaCaseMargin``.
  func lemmaCaseRules(_ ewt: [SyntaxSentence], _ rules: Lemmatizer) -> [String: [UInt16: LemmaCase]]
  {
    guard options.lemmaCaseMargin > 0 else { return [:] }
    var right: [String: [UInt16: [Int]]] = [:]
    for sentence in ewt {
      let words = sentence.wordInfos()
      for index in sentence.words.indices where index < sentence.lemmas.count {
        let form = sentence.words[index]
        let tag = sentence.pos[index]
        let lemma = rules.ruleLemma(form, lower: Lemmatizer.lowercased(form), tag: tag)
        let key = Lemmatizer.caseKey(
          casing: casing[words[index].lower] ?? 0,
          shape: LemmaCase.shape(form, initial: index == 0))
        var counts = right[tag, default: [:]][key, default: [0, 0, 0, 0]]
        for change in LemmaCase.allCases where change.apply(lemma) == sentence.lemmas[index] {
          counts[Int(change.rawValue)] += 1
        }
        right[tag, default: [:]][key] = counts
      }
    }
    var result: [String: [UInt16: LemmaCase]] = [:]
    for (tag, contexts) in right {
      for (key, counts) in contexts {
        var best = LemmaCase.keep
        for change in LemmaCase.allCases
        where counts[Int(change.rawValue)] > counts[Int(best.rawValue)] {
          best = change
        }
        if best != .keep && counts[Int(best.rawValue)] >= counts[0] + options.lemmaCaseMargin {
          result[tag, default: [:]][key] = best
        }
      }
    }
    return result
  }
}
