import Foundation
import Pipeline

/// Part of speech (Penn Treebank and Universal POS), lemma and IOB2 phrase chunk for every
/// token: an averaged-perceptron tagger, a UPOS classifier, a lookup-and-rules lemmatizer
/// and an averaged-perceptron chunker, from one model file (``TaggerModel``).
///
/// Fills ``Document/tags`` aligned with ``Document/tokens``, sentence by sentence.
public struct TaggerStage: Stage {
  public struct Config: StageConfig {
    public var model: String?

    public init(reading reader: inout ConfigReader) throws {
      model = try reader.optionalString(
        "model",
        help: "model file (relative to the pipeline file); default: the bundled tagger-en.bin")
    }
  }

  public static let name = "tagger"
  public static let summary =
    "part of speech (Penn and Universal), lemma and phrase chunks (NP, VP, PP...) per token"

  let model: TaggerModel

  public init(config: Config, context: StageContext) throws {
    let url = try config.model.map { context.resolve($0) } ?? TaggerResources.defaultModelURL()
    model = try TaggerModel.load(url)
  }

  /// A stage over an already loaded model (tests, benchmarks).
  public init(model: TaggerModel) { self.model = model }

  /// A second copy would only redo the first.
  public static func contract(_ config: Config) -> StageContract {
    StageContract(
      requires: [.tokens, .sentences], provides: [.pos, .lemma, .chunks], repeatable: false)
  }

  /// The model file must be readable (it is loaded when the stage is built).
  public static func check(_ config: Config, context: StageContext) throws {
    let url = try config.model.map { context.resolve($0) } ?? TaggerResources.defaultModelURL()
    try context.requireReadableFile(url, "tagger model")
  }

  public func process(_ document: inout Document) throws {
    document.tags = []
    guard !document.tokens.isEmpty else { return }
    let bytes = Array(document.text.utf8)
    var previousEnd = 0
    for token in document.tokens {
      guard token.start >= previousEnd, token.start < token.end, token.end <= bytes.count else {
        throw DocumentError(
          "token [\(token.start), \(token.end)) is outside the text or out of order",
          offset: token.start)
      }
      previousEnd = token.end
    }
    var tags: [TokenTag] = []
    tags.reserveCapacity(document.tokens.count)
    for (number, range) in document.sentenceTokenRanges().enumerated() {
      if number & 255 == 255 { try document.checkDeadline() }
      let tokens = document.tokens[range]
      bytes.withUnsafeBufferPointer { text in
        let words = WordInfo.sentence(text, tokens)
        let forms = tokens.map {
          String(decoding: UnsafeBufferPointer(rebasing: text[$0.start..<$0.end]), as: UTF8.self)
        }
        tags += model.tag(words, forms: forms)
      }
    }
    document.tags = tags
  }
}

/// The bundled tagger data: the default model, the irregular-forms table and the lexicon.
public enum TaggerResources {
  /// The folder holding the bundled tagger data.
  public static func folder() throws -> URL {
    try BundledResources.folder("tagger")
  }

  /// The bundled default model file.
  public static func defaultModelURL() throws -> URL {
    try folder().appendingPathComponent("tagger-en.bin")
  }

  /// The irregular forms (`lower\tCLASS` -> lemma) of `irregular.tsv` (or another file).
  public static func irregular(_ url: URL? = nil) throws -> [String: String] {
    let file = try url ?? folder().appendingPathComponent("irregular.tsv")
    var table: [String: String] = [:]
    for (number, row) in try EntityResources.rows(file).enumerated() {
      guard row.count == 3, ["V", "N", "A", "P", "*"].contains(row[2]), !row[0].isEmpty else {
        throw TaggerModelError(
          "\(file.path): row \(number + 1): expected FORM<TAB>LEMMA<TAB>V|N|A|P|*")
      }
      table[Lemmatizer.lowercased(row[0]) + "\t" + row[2]] = row[1]
    }
    return table
  }

  /// The base forms (`CLASS\tword`, class `V` or `N`) of `wordnet-bases.tsv` (or another
  /// file): a lexicon the lemmatizer checks its suffix-rule candidates against.
  public static func bases(_ url: URL? = nil) throws -> Set<String> {
    let file = try url ?? folder().appendingPathComponent("wordnet-bases.tsv")
    var bases = Set<String>()
    for (number, row) in try EntityResources.rows(file).enumerated() {
      guard row.count == 2, ["V", "N", "A"].contains(row[0]), !row[1].isEmpty else {
        throw TaggerModelError("\(file.path): row \(number + 1): expected V|N|A<TAB>WORD")
      }
      bases.insert(row[0] + "\t" + Lemmatizer.lowercased(row[1]))
    }
    return bases
  }
}
