import Pipeline

/// A graph of entities (nodes) and relations (labelled, directed edges), small enough to draw.
struct RelationGraph: Equatable {
  struct Node: Equatable {
    var name: String
    var label: String
  }

  struct Edge: Equatable {
    var from: Int
    var to: Int
    /// Relation types between the two nodes in this direction, joined for display.
    var label: String
    var count: Int
  }

  var nodes: [Node] = []
  var edges: [Edge] = []

  /// Builds a graph from counted edges, keeping the most frequent ones until `maxNodes`
  /// nodes or `maxEdges` edges are drawn. Relations between the same two entities in the
  /// same direction share one edge.
  init(edges counted: [(key: EdgeKey, count: Int)], maxNodes: Int, maxEdges: Int) {
    var index: [EntityKey: Int] = [:]
    var pairs: [Pair: Int] = [:]
    var labels: [[String]] = []
    for (key, count) in counted {
      let known = [key.head, key.tail].filter { index[$0] == nil }.count
      if nodes.count + known > maxNodes { continue }
      let pair = Pair(head: key.head, tail: key.tail)
      if pairs[pair] == nil, edges.count >= maxEdges { continue }
      let from = node(key.head, &index)
      let to = node(key.tail, &index)
      if let existing = pairs[pair] {
        edges[existing].count += count
        if !labels[existing].contains(key.relation) { labels[existing].append(key.relation) }
      } else {
        pairs[pair] = edges.count
        edges.append(Edge(from: from, to: to, label: "", count: count))
        labels.append([key.relation])
      }
    }
    for position in edges.indices {
      edges[position].label = labels[position].joined(separator: ", ")
    }
  }

  private struct Pair: Hashable {
    var head: EntityKey
    var tail: EntityKey
  }

  private mutating func node(_ key: EntityKey, _ index: inout [EntityKey: Int]) -> Int {
    if let existing = index[key] { return existing }
    index[key] = nodes.count
    nodes.append(Node(name: key.name, label: key.label))
    return nodes.count - 1
  }
}
