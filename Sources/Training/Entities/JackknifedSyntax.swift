import Foundation
import Pipeline
import Stages

/// Part-of-speech and chunk tags for the NER training sentences as the entities stage will
/// see them on new text: predicted, not remembered. The bundled tagger was trained on
/// CoNLL-2003 train, so its tags there are nearly perfect; here each block of training
/// documents is tagged by a POS model trained (with the bundled tagger's settings) on the
/// other blocks plus EWT dev, then chunked by the bundled chunker over those tags.
/// Deterministic: the same data and folds give the same tags.
package struct JackknifedSyntax {
  /// The CoNLL-2003 train sentences with POS columns, aligned one to one with the NER
  /// training examples (the same file in two formats).
  let conll: [SyntaxSentence]
  /// EWT dev sentences (part of every fold's POS training data, as for the bundled tagger).
  let ewt: [SyntaxSentence]
  /// Casing classes from unlabeled text, as the bundled tagger was trained with.
  let casing: [UInt64: UInt64]
  /// The bundled tagger: its chunker tags the jackknifed POS.
  let tagger: TaggerModel

  package init(
    conll: [SyntaxSentence], ewt: [SyntaxSentence], casing: [UInt64: UInt64], tagger: TaggerModel
  ) {
    self.conll = conll
    self.ewt = ewt
    self.casing = casing
    self.tagger = tagger
  }

  /// Why the syntax corpus and the NER examples do not line up.
  struct MismatchError: Error, CustomStringConvertible {
    var description: String
  }

  /// The tags of every example, from `folds` POS models (whole documents per block).
  package func tags(_ examples: [NERExample], folds: Int, log: (String) -> Void) throws
    -> [EntitySyntax]
  {
    guard examples.count == conll.count else {
      throw MismatchError(
        description:
          "the syntax corpus has \(conll.count) sentences, the NER training data \(examples.count)"
      )
    }
    for (index, pair) in zip(examples, conll).enumerated()
    where pair.0.tokens.count != pair.1.words.count {
      throw MismatchError(
        description:
          "sentence \(index + 1): \(pair.0.tokens.count) tokens in the NER data, "
          + "\(pair.1.words.count) words in the syntax corpus")
    }
    let trainer = TaggerTrainer(options: TaggerTrainer.Options(), irregular: [:], casing: casing)
    let posTags = TaggerTrainer.posTags(conll + ewt)
    let bundledIndex = Dictionary(
      tagger.posTags.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    let assignment = TaggerTrainer.folds(conll, count: folds)
    var result = [EntitySyntax?](repeating: nil, count: examples.count)
    for fold in 0..<folds {
      let train = conll.indices.filter { assignment[$0] != fold }.map { conll[$0] }
      let (weights, dictionary) = trainer.trainPOS(
        conll: train, ewt: ewt, tags: posTags, log: { _ in })
      for item in examples.indices where assignment[item] == fold {
        let example = examples[item]
        result[item] = example.bytes.withUnsafeBufferPointer { text in
          let words = WordInfo.sentence(text, example.tokens[...])
          let pos = GreedyDecoding.tagPOS(weights, dictionary, words)
          let names = pos.map { posTags[$0] }
          let chunks = tagger.chunks(words, names.map { bundledIndex[$0] ?? 0 })
          return EntitySyntax(pos: names, chunks: chunks.map { tagger.chunkScheme.tags[$0] })
        }
      }
      log("syntax jackknife fold \(fold + 1)/\(folds) tagged")
    }
    return result.map { $0 ?? EntitySyntax(pos: [], chunks: []) }
  }
}
