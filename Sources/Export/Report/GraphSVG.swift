import Pipeline

/// Draws a ``RelationGraph`` as inline SVG: nodes coloured by label, directed edges as
/// gentle curves (so A→B and B→A stay apart) with the relation types written on them.
struct GraphSVG {
  /// The id of the arrowhead marker (``ReportPage`` defines it once per page).
  static let arrowID = "nlpipe-arrow"
  var width: Double = 960
  /// Graphs with at most this many edges get every edge labelled.
  static let labelAllUpTo = 24
  var nodeRadius: Double = 8

  func render(_ graph: RelationGraph, into html: inout HTMLBuffer) {
    let count = graph.nodes.count
    let height = min(860, max(240, 100 + 28 * Double(count)))
    let points = GraphLayout().positions(
      count: count, edges: graph.edges.map { ($0.from, $0.to) }, width: width, height: height,
      margin: 100, verticalMargin: 36)
    html.raw("<svg class=\"graph\" role=\"img\" viewBox=\"0 0 ")
    html.int(Int(width))
    html.raw(" ")
    html.int(Int(height))
    html.raw("\" xmlns=\"http://www.w3.org/2000/svg\"><title>")
    html.text("relation graph: \(count) entities, \(graph.edges.count) relations")
    html.raw("</title>")
    // Labels never overlap: node labels are placed first (most connected first), then edge
    // labels where room is left.
    var placer = LabelPlacer(
      width: width, height: height,
      obstacles: points.map {
        LabelPlacer.Box(
          minX: $0.x - nodeRadius, minY: $0.y - nodeRadius, maxX: $0.x + nodeRadius,
          maxY: $0.y + nodeRadius)
      })
    let nodeLabels = graph.nodes.indices.map { index in
      placer.placeNodeLabel(
        Self.shortened(graph.nodes[index].name, to: 32), x: points[index].x, y: points[index].y,
        radius: nodeRadius)
    }
    var labels = HTMLBuffer()
    for edge in graph.edges {
      guard points.indices.contains(edge.from), points.indices.contains(edge.to) else { continue }
      // In a crowded graph only edges found more than once are labelled (all have tooltips).
      let showLabel = graph.edges.count <= Self.labelAllUpTo || edge.count > 1
      drawEdge(
        edge, from: points[edge.from], to: points[edge.to], showLabel: showLabel, into: &html,
        labels: &labels, placer: &placer)
    }
    html.bytes.append(contentsOf: labels.bytes)
    for (index, node) in graph.nodes.enumerated() {
      let point = points[index]
      html.raw("<g class=\"node\"><title>")
      html.text("\(node.name) (\(node.label))")
      html.raw("</title><circle cx=\"")
      html.coordinate(point.x)
      html.raw("\" cy=\"")
      html.coordinate(point.y)
      html.raw("\" r=\"")
      html.coordinate(nodeRadius)
      html.raw("\" fill=\"")
      html.text(LabelColors.color(node.label))
      html.raw("\"/>")
      if let placement = nodeLabels[index] {
        html.raw("<text x=\"")
        html.coordinate(placement.x)
        html.raw("\" y=\"")
        html.coordinate(placement.y)
        html.raw("\" text-anchor=\"\(placement.anchor)\">")
        html.text(Self.shortened(node.name, to: 32))
        html.raw("</text>")
      }
      html.raw("</g>")
    }
    html.raw("</svg>")
  }

  private func drawEdge(
    _ edge: RelationGraph.Edge, from start: GraphLayout.Point, to end: GraphLayout.Point,
    showLabel: Bool, into html: inout HTMLBuffer, labels: inout HTMLBuffer,
    placer: inout LabelPlacer
  ) {
    let dx = end.x - start.x
    let dy = end.y - start.y
    let length = max(1e-6, (dx * dx + dy * dy).squareRoot())
    // Bend to the left of the direction of travel by a sixth of the length.
    let control = GraphLayout.Point(
      x: (start.x + end.x) / 2 - dy / length * length / 6,
      y: (start.y + end.y) / 2 + dx / length * length / 6)
    let from = Self.towards(start, control, by: nodeRadius + 1)
    let to = Self.towards(end, control, by: nodeRadius + 2)
    html.raw("<path class=\"edge\" d=\"M")
    html.point(from.x, from.y)
    html.raw("Q")
    html.point(control.x, control.y)
    html.raw(" ")
    html.point(to.x, to.y)
    html.raw("\" marker-end=\"url(#\(Self.arrowID))\"")
    if edge.count > 1 {
      html.raw(" stroke-width=\"")
      html.coordinate(min(5, 1.2 + Double(edge.count).squareRoot() / 2))
      html.raw("\"")
    }
    html.raw("><title>")
    html.text(edge.count > 1 ? "\(edge.label) ×\(edge.count)" : edge.label)
    html.raw("</title></path>")
    guard showLabel else { return }
    // The curve's midpoint (t = 1/2 of the quadratic Bézier).
    let middle = GraphLayout.Point(
      x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
      y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y)
    let text = Self.shortened(edge.label, to: 40) + (edge.count > 1 ? " ×\(edge.count)" : "")
    let placement = LabelPlacer.Placement(x: middle.x, y: middle.y + 4, anchor: "middle")
    guard placer.claim(text, placement, fontSize: 11) else { return }
    labels.raw("<text class=\"edge-label\" x=\"")
    labels.coordinate(middle.x)
    labels.raw("\" y=\"")
    labels.coordinate(middle.y + 4)
    labels.raw("\" text-anchor=\"middle\">")
    labels.text(text)
    labels.raw("</text>")
  }

  /// The page-wide definitions the graphs refer to (an invisible SVG).
  static let definitions =
    "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs><marker id=\"\(arrowID)\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#6b7280\"/></marker></defs></svg>"

  /// The point `distance` from `point` in the direction of `target`.
  private static func towards(
    _ point: GraphLayout.Point, _ target: GraphLayout.Point, by distance: Double
  ) -> GraphLayout.Point {
    let dx = target.x - point.x
    let dy = target.y - point.y
    let length = max(1e-6, (dx * dx + dy * dy).squareRoot())
    return GraphLayout.Point(
      x: point.x + dx / length * distance, y: point.y + dy / length * distance)
  }

  /// The text cut to `limit` characters with an ellipsis.
  static func shortened(_ text: String, to limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }
}
