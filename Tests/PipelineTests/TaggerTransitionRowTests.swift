import Testing

@testable import Stages
@testable import Training

/// The decoders' index-found rows (``POSTransitions``, ``ChunkTransitions``) and their row
/// sums (``RowSums``) give the same tags and scores as key-by-key hashed lookups.
@Suite("Tagger: transition rows and row sums match key-by-key scoring")
struct TaggerTransitionRowTests {
  static let sentences = [
    "Shares of the company fell 5 percent on Monday after the report .",
    "He wants to give up smoking because it is bad for his health , she said .",
    "Great Service at the Hotel near Zzqx Street !",
    "( AP ) -- I 've never seen anything like it , '' said O'Neill , 41 .",
    "Yes",
  ]

  static func words(_ text: String) -> [WordInfo] {
    SyntaxSentence(words: text.split(separator: " ").map(String.init), pos: [], document: 0)
      .wordInfos()
  }

  @Test func posTransitionRowsTagAsKeyByKeyLookups() throws {
    let model = try TaggerModel.load(TaggerResources.defaultModelURL())
    for text in Self.sentences {
      let words = Self.words(text)
      let entries = model.tagDictionary.entries(words)
      let keyByKey = GreedyDecoding.tagPOS(model.posWeights, entries: entries, words)
      let rows = GreedyDecoding.tagPOS(
        model.posWeights, entries: entries, words, transitions: model.posTransitions)
      #expect(rows == keyByKey, "\(text)")
    }
  }

  @Test func posTransitionRowsAddTheSameScores() throws {
    let model = try TaggerModel.load(TaggerResources.defaultModelURL())
    let weights = model.posWeights
    let tagCount = weights.tagCount
    var checked = 0
    model.posTransitions.withRows { dense in
      for prev in [0, 3, 17, tagCount - 1, tagCount] {
        for prev2 in [0, 5, tagCount, tagCount + 1] {
          var expected = [Float](repeating: 0.25, count: tagCount)
          var actual = expected
          expected.withUnsafeMutableBufferPointer { scores in
            let keys = POSFeatures.dynamic(Self.words("a b"), 0, prev, prev2)
            weights.accumulate(keys.0, into: scores.baseAddress!)
            weights.accumulate(keys.1, into: scores.baseAddress!)
            weights.accumulate(keys.2, into: scores.baseAddress!)
          }
          actual.withUnsafeMutableBufferPointer { dense.add(prev, prev2, into: $0.baseAddress!) }
          #expect(actual == expected, "\(prev) \(prev2)")
          checked += 1
        }
      }
    }
    #expect(checked == 20)
  }

  @Test func wordKeysAreTheLastDynamicKeys() {
    let words = Self.words("Shares of the company fell")
    let pos = [3, 7, 1, 4, 9]
    for index in words.indices {
      for prev in [0, 2, 11] {
        let posKeys = POSFeatures.dynamic(words, index, prev, 5)
        let posWords = POSFeatures.wordKeys(words, index, prev)
        #expect(posWords.0 == posKeys.3 && posWords.1 == posKeys.4)
        let chunkKeys = ChunkFeatures.dynamic(words, pos, index, prev, 5)
        let chunkWords = ChunkFeatures.wordKeys(words, pos, index, prev)
        #expect(chunkWords.0 == chunkKeys.3 && chunkWords.1 == chunkKeys.4)
      }
    }
  }

  @Test func rowSumsEqualPlainLoops() {
    var random = TaggerWeightRowTests.Random(state: 7)
    for count in [1, 3, 4, 7, 8, 9, 16, 23, 49] {
      let rows = (0..<4).map { _ in (0..<count).map { _ in random.float() } }
      var scores = [Float](repeating: 0, count: count)
      scores.withUnsafeMutableBufferPointer { scores in
        RowSums.add(
          rows[0], rows[1], rows[2], rows[3], into: scores.baseAddress!, count: count)
      }
      var sums: [Float] = []
      for tag in 0..<count {
        let first: Float = rows[0][tag] + rows[1][tag]
        let second: Float = first + rows[2][tag]
        sums.append(second + rows[3][tag])
      }
      #expect(scores == sums)
      // relax: allowed tags (bias 0) take a better total, disallowed (-infinity) never
      let bias: [Float] = (0..<count).map { $0 % 3 == 1 ? -Float.infinity : 0 }
      var best: [Float] = (0..<count).map { _ in random.float() }
      var back = [Int](repeating: -1, count: count)
      let base = random.float()
      var expectedBest = best
      var expectedBack = back
      for tag in 0..<count where bias[tag] == 0 {
        let start: Float = base + rows[0][tag]
        let total: Float = start + rows[1][tag]
        if total > expectedBest[tag] {
          expectedBest[tag] = total
          expectedBack[tag] = 9
        }
      }
      best.withUnsafeMutableBufferPointer { best in
        back.withUnsafeMutableBufferPointer { back in
          RowSums.relax(
            base: base, rows[0], rows[1], bias, best: best.baseAddress!,
            back: back.baseAddress!, prev: 9, count: count)
        }
      }
      #expect(best == expectedBest && back == expectedBack, "\(count)")
    }
  }
}
