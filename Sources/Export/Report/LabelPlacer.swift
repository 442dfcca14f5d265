import Pipeline

/// Places the graph's text labels so that none overlaps another label or a node: each node
/// label tries below, above, right and left of its node, an edge label its curve's middle;
/// a label that fits nowhere is left out (its node or edge keeps its tooltip).
///
/// Text boxes are estimated from the character count (the page uses system fonts, which
/// nothing measures before the browser draws them), with a margin for wide letters.
struct LabelPlacer {
  /// An axis-aligned box.
  struct Box: Equatable {
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double

    func intersects(_ other: Box) -> Bool {
      minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }
  }

  /// Where a label's text goes: its anchor point (SVG `x`, baseline `y`) and `text-anchor`.
  struct Placement: Equatable {
    var x: Double
    var y: Double
    var anchor: String
  }

  /// The drawing area.
  let bounds: Box
  /// Boxes already taken (nodes, placed labels).
  private(set) var taken: [Box]

  init(width: Double, height: Double, obstacles: [Box]) {
    bounds = Box(minX: 0, minY: 0, maxX: width, maxY: height)
    taken = obstacles
  }

  /// The box of a text drawn at `x`, baseline `y`, with `anchor` (`start`, `middle`, `end`).
  static func box(_ text: String, x: Double, y: Double, anchor: String, fontSize: Double) -> Box {
    let width = Double(text.count) * fontSize * 0.6 + 4
    let left: Double
    switch anchor {
    case "start": left = x
    case "end": left = x - width
    default: left = x - width / 2
    }
    return Box(minX: left, minY: y - fontSize, maxX: left + width, maxY: y + fontSize * 0.3)
  }

  /// Places a node's label around a node of `radius` at (`x`, `y`); nil when it fits nowhere.
  mutating func placeNodeLabel(
    _ text: String, x: Double, y: Double, radius: Double, fontSize: Double = 12
  ) -> Placement? {
    let candidates = [
      Placement(x: x, y: y + radius + fontSize + 2, anchor: "middle"),
      Placement(x: x, y: y - radius - 5, anchor: "middle"),
      Placement(x: x + radius + 4, y: y + fontSize * 0.35, anchor: "start"),
      Placement(x: x - radius - 4, y: y + fontSize * 0.35, anchor: "end"),
    ]
    for candidate in candidates where claim(text, candidate, fontSize: fontSize) {
      return candidate
    }
    return nil
  }

  /// Takes the box of a text at a placement if it is free and inside the area.
  mutating func claim(_ text: String, _ placement: Placement, fontSize: Double) -> Bool {
    let box = Self.box(
      text, x: placement.x, y: placement.y, anchor: placement.anchor, fontSize: fontSize)
    guard box.minX >= bounds.minX, box.maxX <= bounds.maxX, box.minY >= bounds.minY,
      box.maxY <= bounds.maxY, !taken.contains(where: box.intersects)
    else { return false }
    taken.append(box)
    return true
  }
}
