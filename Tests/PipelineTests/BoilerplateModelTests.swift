import Foundation
import Testing

@testable import Pipeline
@testable import Stages
@testable import Training

/// Crafted pages for the learned selector: an article between site chrome.
private enum ModelPage {
  static let chromeParagraph =
    "This is a note from the editor that is written as a long prose paragraph so that it would "
    + "look like content if it were not inside an aside element."

  static let article = """
    <html><head><title>Bridge</title>
    <meta property="og:url" content="https://www.example.co.uk/news/bridge"></head><body>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
    <article><h1>\(CraftedPage.title)</h1>
    <p>\(CraftedPage.paragraphs[0])</p>
    <figure><figcaption>The planned bridge seen from the old town at dusk</figcaption></figure>
    <p>\(CraftedPage.paragraphs[1])</p>
    <aside><p>\(chromeParagraph)</p></aside>
    <p>\(CraftedPage.paragraphs[2])</p></article>
    <div class="rail">\(CraftedPage.linkParagraph)</div>
    </body></html>
    """

  static func parsed(_ source: String = article) throws -> ParsedPage {
    try MarkupParser().parse(source, format: .html)
  }

  static func rules(keepTitle: Bool = false) throws -> HTMLContentSelector {
    HTMLContentSelector(
      lexicon: try BoilerplateLexicon.bundled(), thresholds: BoilerplateThresholds(),
      keepCaptions: false, keepTitle: keepTitle)
  }

  /// A model that gives every block the same probability (`margin` through the logistic).
  static func constant(_ margin: Double) -> BoilerplateModel {
    BoilerplateModel(
      blocks: BoostedTrees(base: margin, trees: []),
      context: LogisticLayer(
        bias: margin, weights: Array(repeating: 0, count: BoilerplateModel.contextNames.count)),
      threshold: 0.5)
  }

  static func keptTexts(_ page: ParsedPage, _ decisions: [BoilerplateDecision]) -> [String] {
    zip(page.blocks, decisions).compactMap { $1.keep ? page.string($0) : nil }
  }
}

@Suite struct BoilerplateModelFileTests {
  @Test func bundledModelReadsAndPrintsBackByteForByte() throws {
    let model = try BoilerplateModel.bundled()
    #expect(model.blocks.trees.count >= 10)
    #expect(model.context.weights.count == BoilerplateModel.contextNames.count)
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Sources/Stages/Resources/boilerplate/model.txt")
    let stored = try String(contentsOf: file, encoding: .utf8)
    let text = model.serialized()
    #expect(text == stored)
    #expect(try BoilerplateModel(text: text, origin: "round trip") == model)
    #expect(text.hasPrefix("# command: nlpipe train boilerplate"))
  }

  @Test(arguments: [
    ("threshold 0.5\ntrees blocks 1\nbase 0\ntree 1\nleaf x\n", "line 5", "leaf VALUE"),
    (
      "threshold 0.5\ntrees blocks 1\nbase 0\ntree 3\nsplit no_such_feature 1 1 2\n", "line 5",
      "known feature"
    ),
    (
      "threshold 0.5\ntrees blocks 1\nbase 0\ntree 3\nsplit log_chars 1 0 2\n", "line 5",
      "children inside the tree"
    ),
    ("threshold 0.5\ntrees blocks 0\nbase 0\nlayer context 3\n", "line 4", "has 3, expected 10"),
    ("trees blocks 0\n", "line 1", "expected 'threshold ...'"),
    ("threshold 0.5\ntrees blocks 0\nbase 0\n", "line 4", "found the end"),
  ])
  func brokenModelFilesNameTheLineAndWhatWasExpected(text: String, line: String, says: String) {
    do {
      _ = try BoilerplateModel(text: text, origin: "model.txt")
      Issue.record("a broken model file was accepted")
    } catch {
      let message = "\(error)"
      #expect(message.contains("model.txt: \(line)"), "\(message)")
      #expect(message.contains(says), "\(message)")
    }
  }

  @Test func treesFollowTheirSplits() {
    let trees = BoostedTrees(
      base: 0,
      trees: [
        [
          BoostedTrees.Node(feature: 0, threshold: 2, left: 1, right: 2, value: 0),
          BoostedTrees.Node(feature: -1, threshold: 0, left: -1, right: -1, value: -3),
          BoostedTrees.Node(feature: -1, threshold: 0, left: -1, right: -1, value: 3),
        ]
      ])
    #expect(trees.probability([1, 0], offset: 0) < 0.1)
    #expect(trees.probability([0, 5], offset: 1) > 0.9)
  }
}

@Suite struct BoilerplateLearnedSelectorTests {
  @Test func vetoedBlocksStayDroppedWhateverTheModelSays() throws {
    let page = try ModelPage.parsed()
    let rules = try ModelPage.rules()
    let decisions = LearnedContentSelector(rules: rules, model: ModelPage.constant(20))
      .select(page)
    let kept = ModelPage.keptTexts(page, decisions)
    for paragraph in CraftedPage.paragraphs { #expect(kept.contains(paragraph)) }
    #expect(!kept.contains(ModelPage.chromeParagraph), "aside")
    #expect(!kept.contains { $0.hasPrefix("More:") }, "link-dense rail outside the region")
    #expect(!kept.contains("Home") && !kept.contains("World"), "nav")
    #expect(!kept.contains { $0.hasPrefix("The planned bridge") }, "caption")
    let captions = LearnedContentSelector(
      rules: rules, model: ModelPage.constant(20), keepCaptions: true
    ).select(page)
    #expect(ModelPage.keptTexts(page, captions).contains { $0.hasPrefix("The planned bridge") })
  }

  @Test func aModelThatKeepsNothingDoesNotEmptyTheArticle() throws {
    let page = try ModelPage.parsed()
    let decisions = LearnedContentSelector(rules: try ModelPage.rules(), model: .constantDrop)
      .select(page)
    let kept = ModelPage.keptTexts(page, decisions)
    #expect(kept == CraftedPage.paragraphs)
    #expect(decisions.contains { $0.reason.hasPrefix("near-empty guard") })
  }

  @Test func theStageUsesTheBundledModelOnTheCraftedArticle() throws {
    let document = try BoilerplateRun(keepTitle: false).run(ModelPage.article)
    #expect(document.text == CraftedPage.paragraphs.joined(separator: "\n\n"))
  }
}

extension BoilerplateModel {
  fileprivate static let constantDrop = ModelPage.constant(-20)
}

@Suite struct BoilerplateTrainerTests {
  private func example(_ id: String, site: String, gold: [String]) -> BoilerplateTrainer.Example {
    let source = ModelPage.article.replacingOccurrences(
      of: "www.example.co.uk", with: "www.\(site).com")
    return BoilerplateTrainer.Example(
      id: id, corpus: "crafted", source: source, gold: gold.joined(separator: "\n\n"))
  }

  @Test func sitesComeFromTheCanonicalURLOrTheId() {
    #expect(BoilerplateTrainer.site(id: "x", source: ModelPage.article) == "example.co.uk")
    let canonical = "<link href=\"http://news.Example.com/a?b\" rel=\"canonical\">"
    #expect(BoilerplateTrainer.site(id: "x", source: canonical) == "example.com")
    #expect(BoilerplateTrainer.site(id: "bbc-12", source: "<p>no url</p>") == "bbc")
    #expect(BoilerplateTrainer.site(id: "mercurial", source: "") == "mercurial")
  }

  @Test func blocksAreLabelledByTheGoldText() throws {
    let trainer = try BoilerplateTrainer(options: .init())
    let page = try trainer.prepare(
      example("p", site: "a", gold: [CraftedPage.paragraphs[0], CraftedPage.paragraphs[2]]))
    let texts = page.analysis.page.blocks.map { page.analysis.page.string($0) }
    let content = zip(texts, page.labels).filter { $1 > 0.5 }.map(\.0)
    #expect(content == [CraftedPage.paragraphs[0], CraftedPage.paragraphs[2]])
    // Vetoed blocks (nav, aside, caption, link-dense rail) carry no weight.
    for (text, weight) in zip(texts, page.weights) where text == ModelPage.chromeParagraph {
      #expect(weight == 0)
    }
  }

  @Test func foldsNeverSplitASiteAndTrainingIsDeterministic() throws {
    var options = BoilerplateTrainer.Options()
    options.trees = 5
    options.folds = 3
    options.innerFolds = 2
    let trainer = try BoilerplateTrainer(options: options)
    let pages = try (0..<8).map { index in
      try trainer.prepare(
        example("p\(index)", site: "site\(index % 4)", gold: CraftedPage.paragraphs))
    }
    let folds = BoilerplateTrainer.folds(pages, count: 3, seed: 1)
    #expect(folds.flatMap { $0 }.sorted() == Array(pages.indices))
    var foldOfSite: [String: Int] = [:]
    for (number, fold) in folds.enumerated() {
      for index in fold {
        #expect(foldOfSite[pages[index].site, default: number] == number)
        foldOfSite[pages[index].site] = number
      }
    }
    #expect(BoilerplateTrainer.folds(pages, count: 3, seed: 1) == folds)
    let first = trainer.trainModelText(pages, notes: ["test"])
    #expect(trainer.trainModelText(pages, notes: ["test"]) == first)
    let predictions = trainer.crossValidate(pages)
    #expect(predictions.count == pages.count)
    #expect(Set(predictions.map(\.fold)).count == folds.count)
  }

  @Test func swiftScorerAgreesWithTheTestScorer() {
    let cases = [
      ("Ça va, l'été_2024! ok et puis voilà tout", "Ça va, l'été_2024! ok et puis"),
      ("one two three four five six", "one two three four five six seven eight"),
      ("", "a b"), ("a b", "a b"), ("Москва — столица России и город", "Москва столица"),
    ]
    for (predicted, gold) in cases {
      let swift = ExtractionScore.page(predicted: predicted, gold: gold)
      let reference = ArticleExtractionCorpus.score(predicted: predicted, gold: gold)
      #expect(swift.precision == reference.precision && swift.recall == reference.recall)
    }
  }
}
