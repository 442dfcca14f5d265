import Foundation
import Pipeline

/// A deterministic force-directed layout (Fruchterman–Reingold): nodes start on a circle in
/// their given order, connected nodes attract, all nodes repel, and the temperature cools
/// linearly, so the same graph always gets the same picture.
struct GraphLayout {
  struct Point: Equatable {
    var x: Double
    var y: Double
  }

  var iterations = 300
  /// How strongly nodes are pulled to the centre (keeps separate components close).
  var gravity = 0.5

  /// Positions for `count` nodes joined by `edges` (node index pairs), inside a
  /// `width` × `height` box with `margin` (`verticalMargin` above and below, when given)
  /// left free on every side.
  func positions(
    count: Int, edges: [(Int, Int)], width: Double, height: Double, margin: Double,
    verticalMargin: Double? = nil
  ) -> [Point] {
    guard count > 0 else { return [] }
    let innerWidth = max(1, width - 2 * margin)
    let innerHeight = max(1, height - 2 * (verticalMargin ?? margin))
    if count == 1 { return [Point(x: width / 2, y: height / 2)] }
    var points = (0..<count).map { index -> Point in
      let angle = 2 * Double.pi * Double(index) / Double(count)
      return Point(x: cos(angle), y: sin(angle))
    }
    let ideal = sqrt(4.0 / Double(count))
    let links = edges.filter { $0.0 != $0.1 && $0.0 < count && $0.1 < count }
    var temperature = 0.2
    let cooling = temperature / Double(iterations + 1)
    var moves = [Point](repeating: Point(x: 0, y: 0), count: count)
    for _ in 0..<iterations {
      for index in 0..<count { moves[index] = Point(x: 0, y: 0) }
      for a in 0..<count {
        for b in (a + 1)..<count {
          var dx = points[a].x - points[b].x
          var dy = points[a].y - points[b].y
          var distance = (dx * dx + dy * dy).squareRoot()
          if distance < 1e-6 {
            // Coincident nodes: push apart along a fixed direction.
            dx = 1e-3 * Double(a + 1)
            dy = 1e-3
            distance = (dx * dx + dy * dy).squareRoot()
          }
          let force = ideal * ideal / distance
          moves[a].x += dx / distance * force
          moves[a].y += dy / distance * force
          moves[b].x -= dx / distance * force
          moves[b].y -= dy / distance * force
        }
      }
      for (a, b) in links {
        let dx = points[a].x - points[b].x
        let dy = points[a].y - points[b].y
        let distance = max(1e-6, (dx * dx + dy * dy).squareRoot())
        let force = distance * distance / ideal
        moves[a].x -= dx / distance * force
        moves[a].y -= dy / distance * force
        moves[b].x += dx / distance * force
        moves[b].y += dy / distance * force
      }
      for index in 0..<count {
        // A weak pull to the centre keeps unconnected parts from drifting away.
        moves[index].x -= points[index].x * gravity
        moves[index].y -= points[index].y * gravity
        let length = max(
          1e-9, (moves[index].x * moves[index].x + moves[index].y * moves[index].y).squareRoot())
        let step = min(length, temperature)
        points[index].x += moves[index].x / length * step
        points[index].y += moves[index].y / length * step
      }
      temperature -= cooling
    }
    return fit(
      points, width: width, height: height, innerWidth: innerWidth, innerHeight: innerHeight)
  }

  /// Scales and centres the points into the box.
  private func fit(
    _ points: [Point], width: Double, height: Double, innerWidth: Double, innerHeight: Double
  ) -> [Point] {
    let xs = points.map(\.x)
    let ys = points.map(\.y)
    let minX = xs.min() ?? 0
    let maxX = xs.max() ?? 0
    let minY = ys.min() ?? 0
    let maxY = ys.max() ?? 0
    let spanX = max(maxX - minX, 1e-9)
    let spanY = max(maxY - minY, 1e-9)
    // Each axis is stretched to fill the box, so a wide box is used, not just its middle.
    let scaleX = innerWidth / spanX
    let scaleY = innerHeight / spanY
    let offsetX = (width - spanX * scaleX) / 2
    let offsetY = (height - spanY * scaleY) / 2
    return points.map {
      Point(x: offsetX + ($0.x - minX) * scaleX, y: offsetY + ($0.y - minY) * scaleY)
    }
  }
}
