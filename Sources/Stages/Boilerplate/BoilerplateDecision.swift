/// A classifier's verdict on one block.
package struct BoilerplateDecision: Sendable, Equatable {
  /// Whether the block is kept as content.
  package var keep: Bool
  /// How content-like the block looked, in [0, 1].
  var score: Double
  /// Why: the evidence that decided.
  var reason: String
}

/// Settings shared by the HTML and plain-text classifiers.
package struct BoilerplateThresholds: Sendable {
  /// Blocks shorter than this (characters) are "short": their neighbours decide.
  var lengthLow = 70
  /// Blocks at least this long with enough function words are content on their own.
  var lengthHigh = 200
  /// Share of function words that makes a block prose-like ("near good").
  var stopwordsLow = 0.30
  /// Share of function words that, with `lengthHigh`, makes a block content on its own.
  var stopwordsHigh = 0.32
  /// Blocks whose link text share exceeds this are boilerplate.
  var maxLinkDensity = 0.5
  /// Penalty weight of boilerplate text when choosing the main run of plain-text lines.
  var gapWeight = 0.5

  package init() {}
}
