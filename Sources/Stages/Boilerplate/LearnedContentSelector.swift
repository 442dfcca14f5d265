/// Classifies the blocks of a parsed HTML page with the learned ``BoilerplateModel``.
///
/// 1. ``HTMLContentSelector`` analyses the page (main region, class/id hints, link density,
///    captions, chrome phrases); its decisions become features, not the verdict.
/// 2. Vetoes, a fixed structure the model does not override: text inside `nav`, `footer`,
///    `aside` or `button`, inside an element whose class/id says chrome (and nothing rescues
///    it), link-dense blocks and captions are never content
///    (``HTMLContentSelector/vetoes(_:)``); captions come back with `keep_captions`. Headings
///    with no kept text after them are dropped, as by the rules.
/// 3. The model gives every other block a content probability (``BlockFeatures``, then a learned
///    smoothing over the neighbours' probabilities); blocks at or above the threshold are kept.
/// 4. Near-empty guard: when the model keeps fewer than ``minimumWords`` words of a page that
///    has more text than that, a page a reader sees as an article is not emptied. The rules'
///    own choice is taken when it keeps more; else the blocks whose probability is at least
///    half of the page's best (the relative form of the same threshold).
/// 5. With `keep_captions`, captions the rules found (figure captions, photo credits) are
///    kept; the title rule (``HTMLContentSelector/applyTitle``) applies `keep_title`.
///
/// The rules always run with `keep_captions` off, so the model sees the same evidence
/// whatever the setting.
package struct LearnedContentSelector: Sendable {
  let rules: HTMLContentSelector
  let model: BoilerplateModel
  var keepCaptions = false

  package init(rules: HTMLContentSelector, model: BoilerplateModel, keepCaptions: Bool = false) {
    self.rules = rules
    self.model = model
    self.keepCaptions = keepCaptions
  }

  /// Fewer kept words than this is an emptied page.
  static let minimumWords = 25

  func select(_ parsed: ParsedPage) -> [BoilerplateDecision] {
    let analysis = rules.analyze(parsed)
    var decisions = decide(analysis)
    if keepCaptions {
      for index in decisions.indices
      where !decisions[index].keep && analysis.decisions[index].reason == "caption" {
        decisions[index].keep = true
        decisions[index].reason = "caption (keep_captions)"
      }
    }
    rules.applyTitle(analysis.page, stats: analysis.stats, &decisions)
    return decisions
  }

  /// The model's decisions (the title rule not applied).
  package func decide(_ analysis: SelectorAnalysis) -> [BoilerplateDecision] {
    let vetoed = rules.vetoes(analysis)
    let features = BlockFeatures(analysis, lexicon: rules.lexicon, skipped: vetoed)
    let probabilities = model.probabilities(features, stats: analysis.stats, vetoed: vetoed)
    var decisions = zip(probabilities, analysis.decisions).enumerated().map { index, pair in
      let (probability, rule) = pair
      if vetoed[index] { return rule }
      let keep = probability >= model.threshold
      let score = (probability * 1000).rounded() / 1000
      let reason =
        keep == rule.keep
        ? rule.reason
        : "model: \(keep ? "content" : "boilerplate") (p \(score)); rules: \(rule.reason)"
      return BoilerplateDecision(keep: keep, score: score, reason: reason)
    }
    let stats = analysis.stats
    func words(_ keep: (Int) -> Bool) -> Int {
      stats.indices.reduce(0) { $0 + (keep($1) ? stats[$1].words : 0) }
    }
    rules.dropTrailingHeadings(analysis.page.blocks, &decisions)
    let kept = words { decisions[$0].keep }
    let total = words { _ in true }
    guard kept < Self.minimumWords, total > kept else { return decisions }
    let ruleWords = words { analysis.decisions[$0].keep }
    let best = probabilities.max() ?? 0
    let relative = words { probabilities[$0] >= best / 2 && !vetoed[$0] }
    if ruleWords > kept, ruleWords >= relative {
      for index in decisions.indices where analysis.decisions[index].keep != decisions[index].keep {
        decisions[index].keep = analysis.decisions[index].keep
        decisions[index].reason = "near-empty guard: rules: \(analysis.decisions[index].reason)"
      }
    } else if relative > kept {
      for index in decisions.indices
      where !decisions[index].keep && !vetoed[index] && probabilities[index] >= best / 2 {
        decisions[index].keep = true
        decisions[index].reason = "near-empty guard: at least half the page's best probability"
      }
    }
    return decisions
  }
}
