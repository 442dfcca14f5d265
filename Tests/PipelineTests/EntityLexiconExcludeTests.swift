import Foundation
import Testing

@testable import Stages
@testable import Training

/// `nlpipe train ner --lexicon-exclude DIR`: evaluation texts that also sit in a `--lexicon`
/// folder are left out of the common-word lexicon by file name.
@Suite struct EntityLexiconExcludeTests {
  /// A fresh folder holding `files` (name -> text).
  func folder(_ files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nlpipe-lexicon-exclude-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files {
      try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return url
  }

  func hash(_ word: String) -> UInt64 {
    word.utf8.reduce(FeatureHash.seed) { FeatureHash.step($0, $1) }
  }

  @Test func excludedFileNamesAreLeftOutOfTheLexiconTexts() throws {
    let lexicon = try folder([
      "kept.txt": "the harbour opened and the harbour closed",
      "held-out.txt": "a secret meadow and a secret meadow",
      "notes.md": "ignored",
    ])
    let evaluation = try folder(["held-out.txt": "any text", "other.txt": "not in the lexicon"])
    defer {
      try? FileManager.default.removeItem(at: lexicon)
      try? FileManager.default.removeItem(at: evaluation)
    }
    #expect(try NERCorpus.textNames(in: [evaluation]) == ["held-out.txt", "other.txt"])
    let all = try NERCorpus.texts(lexicon)
    let kept = try NERCorpus.texts(lexicon, excluding: NERCorpus.textNames(in: [evaluation]))
    #expect(all.count == 2)
    #expect(kept == ["the harbour opened and the harbour closed"])

    let withHeldOut = FeatureExtractor.commonWords(in: [], texts: all)
    let without = FeatureExtractor.commonWords(in: [], texts: kept)
    #expect(withHeldOut.contains(hash("meadow")))
    #expect(!without.contains(hash("meadow")))
    #expect(!without.contains(hash("secret")))
    #expect(without.contains(hash("harbour")))
  }

  @Test func aMissingExcludeFolderIsAnError() {
    let missing = FileManager.default.temporaryDirectory
      .appendingPathComponent("nlpipe-no-such-folder-\(UUID().uuidString)")
    #expect(throws: (any Error).self) { try NERCorpus.textNames(in: [missing]) }
  }
}
