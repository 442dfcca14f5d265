import Foundation
import Pipeline
import Stages

/// Trains the learned boilerplate model (``BoilerplateModel``) from pages with gold article
/// text, and cross-validates it with folds grouped by site.
///
/// * Labels: a block is content when at least half of its 4-token shingles (a block of 1-3
///   tokens: its token sequence) occur in the page's gold text, tokenised as the scorer does.
/// * Weights: a block counts for its tokens (at most 400) over the gold's tokens (at least
///   50), so every page weighs about the same, as in the scorer's page means. Vetoed blocks
///   (``HTMLContentSelector/vetoes(_:)``) weigh nothing: they are never content.
/// * First layer: gradient-boosted trees (``BoostedTreesFit``) over ``BlockFeatures``. Second layer: logistic
///   regression over the first layer's probabilities around each block; it is fitted on
///   first-layer probabilities from inner folds (by site) of the training pages, so it learns
///   from probabilities like those it will see on new pages.
/// * Folds: pages are grouped by site (``site(id:source:)``); sites are ordered by a seeded
///   hash and dealt round-robin to the folds, so no site is in both a training and a test fold.
public struct BoilerplateTrainer: Sendable {
  /// Training settings.
  public struct Options: Sendable {
    public var folds = 5
    /// Inner folds for the second layer's first-layer probabilities.
    public var innerFolds = 3
    public var seed: UInt64 = 1
    public var l2 = 1.0
    public var iterations = 25
    public var threshold = 0.5
    /// Boosted trees of the first layer: how many, how deep, and the shrinkage.
    public var trees = 40
    public var depth = 4
    public var learningRate = 0.1
    public init() {}
  }

  /// One page with its gold article text.
  public struct Example: Sendable {
    public var id: String
    /// The dev set it comes from (for per-set figures).
    public var corpus: String
    public var source: String
    public var gold: String
    public init(id: String, corpus: String, source: String, gold: String) {
      self.id = id
      self.corpus = corpus
      self.source = source
      self.gold = gold
    }
  }

  /// A page parsed, analysed and labelled.
  public struct PreparedPage: Sendable {
    public let id: String
    public let corpus: String
    public let site: String
    let gold: String
    let analysis: SelectorAnalysis
    let features: BlockFeatures
    let labels: [Double]
    /// Zero for vetoed blocks: the model does not decide them.
    let weights: [Double]
    let vetoed: [Bool]

    /// How many blocks the page has, and how many are labelled content.
    public var blockCounts: (blocks: Int, content: Int) {
      (labels.count, labels.filter { $0 > 0.5 }.count)
    }
  }

  /// A page's text as predicted by a model that did not see its site, and its score.
  public struct Prediction: Sendable {
    public let id: String
    public let corpus: String
    public let site: String
    public let fold: Int
    public let text: String
    public let score: ExtractionScore.Page
  }

  public let options: Options
  private let parser = MarkupParser()
  private let rules: HTMLContentSelector

  public init(options: Options) throws {
    self.options = options
    let lexicon = try BoilerplateLexicon.bundled()
    rules = HTMLContentSelector(
      lexicon: lexicon, thresholds: BoilerplateThresholds(), keepCaptions: false,
      keepTitle: false)
  }

  // MARK: preparing pages

  /// Parses and labels one page.
  public func prepare(_ example: Example) throws -> PreparedPage {
    let page = try parser.parse(example.source, format: .html)
    let analysis = rules.analyze(page)
    let vetoed = rules.vetoes(analysis)
    let features = BlockFeatures(analysis, lexicon: rules.lexicon, skipped: vetoed)
    let goldTokens = ExtractionScore.tokenHashes(example.gold)
    var goldShingles = Set<UInt64>()
    for length in 1...4 where goldTokens.count >= length {
      for start in 0...(goldTokens.count - length) {
        goldShingles.insert(ExtractionScore.shingle(goldTokens[start..<start + length]))
      }
    }
    let denominator = Double(max(50, goldTokens.count))
    var labels: [Double] = []
    var weights: [Double] = []
    for (index, block) in analysis.page.blocks.enumerated() {
      let tokens = ExtractionScore.tokenHashes(analysis.page.string(block))
      let length = min(4, tokens.count)
      var found = 0
      var total = 0
      if length > 0 {
        for start in 0...(tokens.count - length) {
          total += 1
          if goldShingles.contains(ExtractionScore.shingle(tokens[start..<start + length])) {
            found += 1
          }
        }
      }
      labels.append(total > 0 && 2 * found >= total ? 1 : 0)
      weights.append(vetoed[index] ? 0 : Double(max(1, min(400, tokens.count))) / denominator)
    }
    return PreparedPage(
      id: example.id, corpus: example.corpus,
      site: Self.site(id: example.id, source: example.source),
      gold: example.gold, analysis: analysis, features: features, labels: labels,
      weights: weights, vetoed: vetoed)
  }

  // MARK: training

  /// Trains a model on `pages`.
  func train(_ pages: [PreparedPage], notes: [String] = []) -> BoilerplateModel {
    let first = fit(pages)
    // Second layer: inputs from first layers that did not see the page's site.
    let inner = Self.folds(
      pages, count: min(options.innerFolds, Set(pages.map(\.site)).count),
      seed: options.seed &+ 1)
    var probabilities = [[Double]](repeating: [], count: pages.count)
    if inner.count > 1 {
      for fold in inner {
        let held = Set(fold)
        let rest = pages.indices.filter { !held.contains($0) }.map { pages[$0] }
        let layer = fit(rest)
        for index in fold { probabilities[index] = firstProbabilities(layer, pages[index]) }
      }
    } else {
      for index in pages.indices { probabilities[index] = firstProbabilities(first, pages[index]) }
    }
    var values: [Double] = []
    var labels: [Double] = []
    var weights: [Double] = []
    for (index, page) in pages.enumerated() {
      values += BoilerplateModel.contextFeatures(probabilities[index], stats: page.analysis.stats)
      labels += page.labels
      weights += page.weights
    }
    let second = LogisticFit(
      values: values, columns: BoilerplateModel.contextNames.count, labels: labels,
      weights: weights, l2: options.l2, iterations: options.iterations
    ).fit()
    return BoilerplateModel(
      blocks: first, context: second, threshold: options.threshold, notes: notes)
  }

  /// Trains on every page and returns the model file's text.
  public func trainModelText(_ pages: [PreparedPage], notes: [String]) -> String {
    train(pages, notes: notes).serialized()
  }

  private func fit(_ pages: [PreparedPage]) -> BoostedTrees {
    var values: [Double] = []
    var labels: [Double] = []
    var weights: [Double] = []
    for page in pages {
      values += page.features.values
      labels += page.labels
      weights += page.weights
    }
    var fit = BoostedTreesFit(
      values: values, columns: BlockFeatures.count, labels: labels, weights: weights)
    fit.trees = options.trees
    fit.depth = options.depth
    fit.learningRate = options.learningRate
    return fit.fit()
  }

  private func firstProbabilities(_ layer: BoostedTrees, _ page: PreparedPage) -> [Double] {
    BoilerplateModel.firstProbabilities(layer, page.features, vetoed: page.vetoed)
  }

  // MARK: predicting and cross-validation

  /// The text `model` keeps of a page (kept blocks, one a line; the title rule off, as in the
  /// evaluation pipeline).
  func predict(_ model: BoilerplateModel, _ page: PreparedPage) -> String {
    let selector = LearnedContentSelector(rules: rules, model: model)
    var decisions = selector.decide(page.analysis)
    rules.applyTitle(page.analysis.page, stats: page.analysis.stats, &decisions)
    return zip(page.analysis.page.blocks, decisions).compactMap { block, decision in
      decision.keep ? page.analysis.page.string(block) : nil
    }.joined(separator: "\n")
  }

  /// Predictions for every page from a model trained on the other folds.
  public func crossValidate(_ pages: [PreparedPage]) -> [Prediction] {
    let folds = Self.folds(pages, count: options.folds, seed: options.seed)
    var predictions: [Prediction?] = Array(repeating: nil, count: pages.count)
    for (number, fold) in folds.enumerated() {
      let held = Set(fold)
      let model = train(pages.indices.filter { !held.contains($0) }.map { pages[$0] })
      for index in fold {
        let page = pages[index]
        let text = predict(model, page)
        predictions[index] = Prediction(
          id: page.id, corpus: page.corpus, site: page.site, fold: number, text: text,
          score: ExtractionScore.page(predicted: text, gold: page.gold))
      }
    }
    return predictions.compactMap { $0 }
  }

  /// The fit: predictions of the model trained on all pages, for all pages.
  public func fitPredictions(_ pages: [PreparedPage], modelText: String) throws -> [Prediction] {
    let model = try BoilerplateModel(text: modelText, origin: "trained model")
    return pages.map { page in
      let text = predict(model, page)
      return Prediction(
        id: page.id, corpus: page.corpus, site: page.site, fold: -1, text: text,
        score: ExtractionScore.page(predicted: text, gold: page.gold))
    }
  }

  /// The rules alone (the stage before the learned model), for comparison.
  public func rulePredictions(_ pages: [PreparedPage]) -> [Prediction] {
    pages.map { page in
      var decisions = page.analysis.decisions
      rules.applyTitle(page.analysis.page, stats: page.analysis.stats, &decisions)
      let text = zip(page.analysis.page.blocks, decisions).compactMap { block, decision in
        decision.keep ? page.analysis.page.string(block) : nil
      }.joined(separator: "\n")
      return Prediction(
        id: page.id, corpus: page.corpus, site: page.site, fold: -1, text: text,
        score: ExtractionScore.page(predicted: text, gold: page.gold))
    }
  }

  /// Page indices per fold: sites ordered by a seeded hash, dealt round-robin.
  static func folds(_ pages: [PreparedPage], count: Int, seed: UInt64) -> [[Int]] {
    let sites = Set(pages.map(\.site)).sorted { a, b in
      let (ha, hb) = (hash(a, seed), hash(b, seed))
      return ha != hb ? ha < hb : a < b
    }
    guard count > 1 else { return [Array(pages.indices)] }
    var foldOfSite: [String: Int] = [:]
    for (index, site) in sites.enumerated() { foldOfSite[site] = index % count }
    var folds = [[Int]](repeating: [], count: count)
    for (index, page) in pages.enumerated() {
      if let fold = foldOfSite[page.site] { folds[fold].append(index) }
    }
    return folds.filter { !$0.isEmpty }
  }

  private static func hash(_ text: String, _ seed: UInt64) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return hash
  }

  // MARK: sites

  /// The site a page belongs to: the registrable host of its `og:url` meta or canonical link
  /// (`www.` dropped; `bbc.co.uk` keeps three labels), else its id without a trailing `-N`
  /// (Readability's test pages are named `site-1`, `site-2`...).
  public static func site(id: String, source: String) -> String {
    let patterns = [
      #"<meta[^>]+property=["']og:url["'][^>]*content=["']https?://([^/"'?#:]+)"#,
      #"<meta[^>]+content=["']https?://([^/"'?#:]+)[^>]*property=["']og:url["']"#,
      #"<link[^>]+rel=["']canonical["'][^>]*href=["']https?://([^/"'?#:]+)"#,
      #"<link[^>]+href=["']https?://([^/"'?#:]+)[^>]*rel=["']canonical["']"#,
    ]
    let head = String(source.prefix(300_000))
    let range = NSRange(head.startIndex..., in: head)
    for pattern in patterns {
      guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
        let match = regex.firstMatch(in: head, range: range),
        let hostRange = Range(match.range(at: 1), in: head)
      else { continue }
      return registrable(head[hostRange].lowercased())
    }
    if let dash = id.lastIndex(of: "-"), id[id.index(after: dash)...].allSatisfy(\.isNumber),
      id.index(after: dash) < id.endIndex
    {
      return String(id[..<dash])
    }
    return id
  }

  private static func registrable(_ host: String) -> String {
    let labels = host.split(separator: ".")
    guard labels.count > 2 else { return labels.joined(separator: ".") }
    let secondLevel: Set<Substring> = ["co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"]
    let keep = labels.last?.count == 2 && secondLevel.contains(labels[labels.count - 2]) ? 3 : 2
    return labels.suffix(keep).joined(separator: ".")
  }
}
