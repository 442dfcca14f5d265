import Pipeline

/// The report page around the document sections: head with inline CSS, the run summary
/// (counts, entities by label, relations by type, top entities, relation graph, failed
/// documents), and the table of contents of the documents shown. No scripts, no external
/// resources; everything from the data is escaped.
struct ReportPage {
  /// A document shown in full, for the table of contents.
  struct Entry: Equatable {
    /// What the list of documents shows: the title (``DocumentSection/title(of:)``).
    var id: String
    var entities: Int
    var relations: Int
  }

  let options: ReportOptions
  let tally: RunTally
  let shown: [Entry]

  /// The anchor of the `index`-th section shown.
  static func anchor(_ index: Int) -> String { "doc-\(index + 1)" }

  /// Everything before the document sections.
  func head() -> [UInt8] {
    var html = HTMLBuffer()
    html.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    html.raw("<meta name=\"generator\" content=\"\(NLPipe.name) \(NLPipe.version)\"><title>")
    html.text("\(options.pipelineName) — nlpipe report")
    html.raw("</title><style>\(ReportStyle.css)</style></head><body>")
    html.raw(GraphSVG.definitions)
    html.raw("<header class=\"top\"><h1>")
    html.text(options.pipelineName)
    html.raw(" <small>nlpipe report</small></h1><nav>")
    html.raw("<a href=\"#summary\">Summary</a><a href=\"#graph\">Relation graph</a>")
    if tally.failed > 0 { html.raw("<a href=\"#failed\">Failed documents</a>") }
    html.raw("<a href=\"#documents\">Documents</a></nav></header><main>")
    summary(into: &html)
    graph(into: &html)
    failures(into: &html)
    contents(into: &html)
    return html.bytes
  }

  /// Everything after the document sections.
  func tail() -> [UInt8] {
    var html = HTMLBuffer()
    html.raw("</main><footer>")
    html.text(
      "Written by \(NLPipe.name) \(NLPipe.version). Offsets are UTF-8 bytes; the dataset files beside this page hold every document."
    )
    html.raw("</footer></body></html>\n")
    return html.bytes
  }

  // MARK: summary

  private func summary(into html: inout HTMLBuffer) {
    html.raw("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">")
    card("documents", tally.documents + tally.failed, into: &html)
    card("processed", tally.documents, into: &html)
    card("failed", tally.failed, into: &html, alert: tally.failed > 0)
    card("sentences", tally.sentences, into: &html)
    card("entity mentions", tally.mentions, into: &html)
    card("relations", tally.relationCount, into: &html)
    html.raw("</div><div class=\"columns\"><div>")
    html.raw("<h3>Entities by label</h3>")
    countTable(tally.labels, header: "label", chips: true, into: &html)
    html.raw("</div><div><h3>Relations by type</h3>")
    countTable(tally.relations, header: "relation", chips: false, into: &html)
    html.raw("</div></div><h3>Top entities</h3>")
    topEntities(into: &html)
    html.raw("</section>")
  }

  private func card(_ title: String, _ value: Int, into html: inout HTMLBuffer, alert: Bool = false)
  {
    html.raw(alert ? "<div class=\"card alert\"><b>" : "<div class=\"card\"><b>")
    html.text(Self.grouped(value))
    html.raw("</b><span>")
    html.text(title)
    html.raw("</span></div>")
  }

  private func countTable(
    _ counts: [String: Int], header: String, chips: Bool, into html: inout HTMLBuffer
  ) {
    guard !counts.isEmpty else {
      html.raw("<p class=\"empty\">none</p>")
      return
    }
    let rows = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    let largest = max(1, rows.first?.value ?? 1)
    html.raw("<table class=\"counts\"><thead><tr><th>")
    html.text(header)
    html.raw("</th><th class=\"num\">count</th><th></th></tr></thead><tbody>")
    for (key, value) in rows {
      html.raw("<tr><td>")
      if chips {
        html.raw("<span class=\"chip\" style=\"background:")
        html.text(LabelColors.color(key))
        html.raw("\">")
        html.text(key)
        html.raw("</span>")
      } else {
        html.text(key)
      }
      html.raw("</td><td class=\"num\">")
      html.text(Self.grouped(value))
      html.raw("</td><td class=\"bar\"><i style=\"width:")
      html.int(max(1, value * 100 / largest))
      html.raw("%\"></i></td></tr>")
    }
    html.raw("</tbody></table>")
  }

  private func topEntities(into html: inout HTMLBuffer) {
    let rows = EntityLabels(tally.entities.counts).merged(tally.entities.counts)
      .prefix(options.topEntities)
    guard !rows.isEmpty else {
      html.raw("<p class=\"empty\">No entities.</p>")
      return
    }
    html.raw(
      "<table class=\"top\"><thead><tr><th class=\"num\">#</th><th>entity</th><th class=\"num\">mentions</th><th class=\"num\">documents</th></tr></thead><tbody>"
    )
    for (rank, row) in rows.enumerated() {
      html.raw("<tr><td class=\"num\">")
      html.int(rank + 1)
      html.raw("</td><td><span class=\"chip\" style=\"background:")
      html.text(LabelColors.color(row.key.label))
      html.raw("\">")
      html.text(row.key.name)
      html.raw("<span class=\"lbl\">")
      html.text(row.key.label)
      html.raw("</span></span></td><td class=\"num\">")
      html.text(Self.grouped(row.counts.occurrences))
      html.raw("</td><td class=\"num\">")
      html.text(Self.grouped(row.counts.documents))
      html.raw("</td></tr>")
    }
    html.raw("</tbody></table>")
    if tally.entities.pruned {
      html.raw(
        "<p class=\"note\">Many distinct entities: rare ones were dropped while counting, so counts near the bottom of the table may be low.</p>"
      )
    }
  }

  // MARK: graph

  private func graph(into html: inout HTMLBuffer) {
    html.raw("<section id=\"graph\"><h2>Relation graph</h2>")
    let edges = EntityLabels(tally.entities.counts).merged(edges: tally.edges.counts)
    let graph = RelationGraph(
      edges: Array(edges.prefix(options.graphNodes * 4)), maxNodes: options.graphNodes,
      maxEdges: options.graphNodes * 2)
    guard !graph.edges.isEmpty else {
      html.raw("<p class=\"empty\">No relations between entities.</p></section>")
      return
    }
    html.raw("<p class=\"meta\">")
    html.text(
      "The \(graph.edges.count) most frequent relations between \(graph.nodes.count) entities (arrows point from head to tail; thicker edges were found more often)."
    )
    html.raw("</p><div class=\"graphbox\">")
    GraphSVG().render(graph, into: &html)
    html.raw("</div><div class=\"legend\">")
    var labels: [String] = []
    for node in graph.nodes where !labels.contains(node.label) { labels.append(node.label) }
    for label in labels.sorted() {
      html.raw("<span class=\"chip\" style=\"background:")
      html.text(LabelColors.color(label))
      html.raw("\">")
      html.text(label)
      html.raw("</span>")
    }
    html.raw("</div></section>")
  }

  // MARK: failures

  private func failures(into html: inout HTMLBuffer) {
    guard tally.failed > 0 else { return }
    html.raw("<section id=\"failed\"><h2>Failed documents</h2><p class=\"meta\">")
    let stages = tally.failedByStage.sorted {
      $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
    }
    html.text(
      "\(Self.grouped(tally.failed)) failed: "
        + stages.map { "\(Self.grouped($0.value)) in \($0.key)" }.joined(separator: ", ")
        + ". errors.jsonl lists them all.")
    html.raw(
      "</p><table class=\"failed\"><thead><tr><th>document</th><th>stage</th><th>error</th></tr></thead><tbody>"
    )
    for record in tally.failures {
      html.raw("<tr><td><b>")
      html.text(record.id)
      html.raw("</b><br><small>")
      html.text(record.location)
      html.raw("</small></td><td>")
      html.text(record.stage)
      html.raw("</td><td>")
      html.text(record.message)
      if let offset = record.offset { html.text(" (at byte \(offset))") }
      html.raw("</td></tr>")
    }
    html.raw("</tbody></table>")
    if tally.failed > tally.failures.count {
      html.raw("<p class=\"note\">")
      html.text("\(Self.grouped(tally.failed - tally.failures.count)) more not listed here.")
      html.raw("</p>")
    }
    html.raw("</section>")
  }

  // MARK: documents

  private func contents(into html: inout HTMLBuffer) {
    html.raw("<h2 id=\"documents\">Documents</h2><p class=\"meta\">")
    if shown.isEmpty {
      html.text("No documents shown (report_documents is 0, or no document was processed).")
    } else {
      html.text(
        "The first \(Self.grouped(shown.count)) of \(Self.grouped(tally.documents)) processed documents."
      )
    }
    html.raw("</p>")
    guard !shown.isEmpty else { return }
    html.raw("<ol class=\"toc\">")
    for (index, entry) in shown.enumerated() {
      html.raw("<li><a href=\"#\(Self.anchor(index))\" title=\"")
      html.text(entry.id)
      html.raw("\">")
      html.text(entry.id)
      html.raw("</a> <small>")
      html.text("\(entry.entities) ent · \(entry.relations) rel")
      html.raw("</small></li>")
    }
    html.raw("</ol>")
  }

  /// A count with thin-space thousands separators (12 345).
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = value < 0 ? "-" : ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { out.append("\u{202F}") }
      out.append(digit)
    }
    return out
  }
}
