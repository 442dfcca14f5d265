import Pipeline

/// Colours for entity labels, after displaCy's palette; other labels get a stable pastel
/// derived from the label's bytes (FNV-1a, the same in every run).
enum LabelColors {
  private static let known: [String: String] = [
    "PERSON": "#aa9cfc", "PER": "#aa9cfc", "ORG": "#7aecec", "GPE": "#feca74",
    "LOC": "#ff9561", "NORP": "#c887fb", "FAC": "#9cc9cc", "EVENT": "#ffeb80",
    "PRODUCT": "#bfeeb7", "WORK_OF_ART": "#f0d0ff", "LAW": "#ff8197", "LANGUAGE": "#ff8197",
    "DATE": "#bfe1d9", "TIME": "#bfe1d9", "MONEY": "#e4e7d2", "PERCENT": "#e4e7d2",
    "QUANTITY": "#e4e7d2", "ORDINAL": "#e4e7d2", "CARDINAL": "#e4e7d2", "MISC": "#ddd6fe",
    "TITLE": "#f9c6d0",
  ]

  /// The CSS colour of a label.
  static func color(_ label: String) -> String {
    if let color = known[label.uppercased()] { return color }
    var hash: UInt32 = 2_166_136_261
    for byte in label.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    return "hsl(\(hash % 360),70%,82%)"
  }
}
