import Foundation
import Pipeline
import Stages

/// Accuracy of a tagger on gold-tokenised sentences.
public struct TaggingScore: Sendable, CustomStringConvertible {
  public var tokens = 0
  public var upos = 0
  public var xpos = 0
  public var lemma = 0

  public var uposAccuracy: Double { Double(upos) / Double(max(1, tokens)) }
  public var xposAccuracy: Double { Double(xpos) / Double(max(1, tokens)) }
  public var lemmaAccuracy: Double { Double(lemma) / Double(max(1, tokens)) }

  public var description: String {
    String(
      format: "UPOS %.4f XPOS %.4f lemma %.4f (%d tokens)", uposAccuracy, xposAccuracy,
      lemmaAccuracy, tokens)
  }

  public static func + (lhs: TaggingScore, rhs: TaggingScore) -> TaggingScore {
    TaggingScore(
      tokens: lhs.tokens + rhs.tokens, upos: lhs.upos + rhs.upos, xpos: lhs.xpos + rhs.xpos,
      lemma: lhs.lemma + rhs.lemma)
  }
}

/// Chunk scores, conlleval style: a chunk counts when its span and type are exact.
public struct ChunkScore: Sendable, CustomStringConvertible {
  public var correct = 0
  public var predicted = 0
  public var gold = 0
  public var precision: Double { Double(correct) / Double(max(1, predicted)) }
  public var recall: Double { Double(correct) / Double(max(1, gold)) }
  public var f1: Double {
    precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
  }
  public var description: String {
    String(format: "F1 %.4f P %.4f R %.4f (%d gold chunks)", f1, precision, recall, gold)
  }
}

extension TaggerModel {
  /// UPOS, XPOS and lemma accuracy on gold tokens (sentences with UPOS and lemmas).
  /// `each` sees every sentence with its predicted tags.
  public func score(
    _ sentences: [SyntaxSentence], each: (SyntaxSentence, [TokenTag]) -> Void = { _, _ in }
  ) -> TaggingScore {
    var score = TaggingScore()
    for sentence in sentences {
      let tags = tag(sentence.wordInfos(), forms: sentence.words)
      each(sentence, tags)
      for (index, tag) in tags.enumerated() {
        score.tokens += 1
        if index < sentence.upos.count && tag.upos == sentence.upos[index] { score.upos += 1 }
        if tag.pos == sentence.pos[index] { score.xpos += 1 }
        if index < sentence.lemmas.count && tag.lemma == sentence.lemmas[index] {
          score.lemma += 1
        }
      }
    }
    return score
  }

  /// Chunk F1 with predicted POS tags, and POS agreement with the file's own POS column.
  public func chunkScore(_ sentences: [SyntaxSentence]) -> (chunks: ChunkScore, pos: Double) {
    var score = ChunkScore()
    var agree = 0
    var total = 0
    let index = Dictionary(uniqueKeysWithValues: chunkScheme.tags.enumerated().map { ($1, $0) })
    for sentence in sentences {
      let words = sentence.wordInfos()
      let pos = GreedyDecoding.tagPOS(posWeights, tagDictionary, words)
      for (guess, truth) in zip(pos, sentence.pos) {
        total += 1
        if posTags[guess] == truth { agree += 1 }
      }
      let predicted = chunks(words, pos)
      let gold = sentence.chunks.map { index[$0] ?? 0 }
      let guesses = Set(chunkScheme.spans(predicted).map { "\($0.first) \($0.end) \($0.type)" })
      let truths = Set(chunkScheme.spans(gold).map { "\($0.first) \($0.end) \($0.type)" })
      score.correct += guesses.intersection(truths).count
      score.predicted += guesses.count
      score.gold += truths.count
    }
    return (score, Double(agree) / Double(max(1, total)))
  }
}

extension TaggerTrainer {
  /// Splits sentences into `folds` contiguous blocks of whole documents with about equal
  /// token counts (deterministic).
  static func folds(_ sentences: [SyntaxSentence], count folds: Int) -> [Int] {
    let total = sentences.reduce(0) { $0 + $1.words.count }
    var assignment: [Int] = []
    var seen = 0
    var fold = 0
    var document = -1
    for sentence in sentences {
      if sentence.document != document {
        document = sentence.document
        fold = min(folds - 1, seen * folds / max(1, total))
      }
      assignment.append(fold)
      seen += sentence.words.count
    }
    return assignment
  }

  /// The folds whose sentences train fold `fold`'s model: all the others, or with
  /// ``Options/crossValidationTrainFolds`` N > 0 the N folds after it, cyclically.
  func trainingFolds(of fold: Int, count folds: Int) -> Set<Int> {
    let others = options.crossValidationTrainFolds
    return Set((1..<max(1, folds)).prefix(others > 0 ? others : folds).map { (fold + $0) % folds })
  }

  /// K-fold cross-validation over `ewt`: each fold is scored by a model trained on `conll`
  /// and the other folds (with ``Options/crossValidationTrainFolds`` N > 0, the N folds after
  /// it, cyclically). Returns each fold's score.
  public func crossValidate(
    conll: [SyntaxSentence], ewt: [SyntaxSentence], folds: Int, log: (String) -> Void,
    each: (SyntaxSentence, [TokenTag]) -> Void = { _, _ in }
  ) -> [TaggingScore] {
    let posTags = Self.posTags(conll + ewt)
    let chunk = trainChunker(conll, posTags: posTags, log: { _ in })
    let assignment = Self.folds(ewt, count: folds)
    var scores: [TaggingScore] = []
    for fold in 0..<folds {
      let used = trainingFolds(of: fold, count: folds)
      let train = ewt.indices.filter { used.contains(assignment[$0]) }.map { ewt[$0] }
      let test = ewt.indices.filter { assignment[$0] == fold }.map { ewt[$0] }
      let model = trainTagging(
        conll: conll, ewt: train, posTags: posTags, chunk: chunk, metadata: "", log: { _ in })
      let score = model.score(test, each: each)
      log("fold \(fold + 1)/\(folds): \(score)")
      scores.append(score)
    }
    return scores
  }
}
