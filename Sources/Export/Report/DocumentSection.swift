import Pipeline

/// Renders one document's part of the report: its clean text with entities highlighted,
/// its relations with their evidence sentence, and its own relation graph.
struct DocumentSection {
  /// Text beyond this many bytes is cut (at a character boundary) to keep the page light.
  var maxTextBytes = 50_000
  /// Most entities drawn in a document's own graph.
  var graphNodes = 24
  /// Most relations listed per document.
  var maxRelations = 200

  /// What the report calls a document: its `title` field, else the first line of its text
  /// (cut at a word to about 90 characters), else its id.
  static func title(of document: Document) -> String {
    var candidate = ""
    if case .string(let title)? = document.fields["title"] { candidate = title }
    if candidate.allSatisfy(\.isWhitespace) {
      candidate = String(
        document.text.prefix(2_000).split(whereSeparator: \.isNewline).first { line in
          !line.allSatisfy(\.isWhitespace)
        } ?? "")
    }
    let words = candidate.split(whereSeparator: \.isWhitespace)
    guard !words.isEmpty else { return document.id }
    var title = ""
    for word in words {
      if !title.isEmpty, title.count + word.count > 89 { return title + "…" }
      title += (title.isEmpty ? "" : " ") + word
    }
    return title.count > 90 ? String(title.prefix(89)) + "…" : title
  }

  /// The section's inner HTML (the writer wraps it in a `<section>` with an anchor).
  func render(_ document: Document, digest: DocumentDigest) -> [UInt8] {
    var html = HTMLBuffer()
    let highlighter = EntityHighlighter(document)
    html.raw("<h3>")
    html.text(Self.title(of: document))
    html.raw("</h3><p class=\"meta\">")
    html.text(document.id)
    html.raw(" · ")
    html.text(document.location)
    html.raw(" · ")
    html.int(document.sentences.count)
    html.raw(" sentences · ")
    html.int(document.entities.count)
    html.raw(" entities · ")
    html.int(document.relations.count)
    html.raw(" relations</p>")
    if !document.warnings.isEmpty {
      html.raw("<ul class=\"warnings\">")
      for warning in document.warnings.prefix(20) {
        html.raw("<li>")
        html.text(warning)
        html.raw("</li>")
      }
      html.raw("</ul>")
    }
    let shownEnd = min(highlighter.bytes.count, maxTextBytes)
    html.raw("<div class=\"text\">")
    let order = highlighter.drawingOrder
    let drawn = highlighter.render(from: 0, to: shownEnd, entities: order, into: &html)
    html.raw("</div>")
    if shownEnd < highlighter.bytes.count || drawn < document.entities.count {
      html.raw("<p class=\"note\">")
      if shownEnd < highlighter.bytes.count {
        html.text("Text cut after \(shownEnd) of \(highlighter.bytes.count) bytes. ")
      }
      if drawn < document.entities.count {
        html.text(
          "\(document.entities.count - drawn) of \(document.entities.count) entities not highlighted (beyond the cut, overlapping, or with bad offsets)."
        )
      }
      html.raw("</p>")
    }
    if !document.relations.isEmpty {
      relations(document, highlighter, into: &html)
      graph(digest, into: &html)
    }
    return html.bytes
  }

  private func relations(
    _ document: Document, _ highlighter: EntityHighlighter, into html: inout HTMLBuffer
  ) {
    html.raw(
      "<table class=\"rels\"><thead><tr><th>head</th><th>relation</th><th>tail</th><th>evidence</th></tr></thead><tbody>"
    )
    for relation in document.relations.prefix(maxRelations) {
      html.raw("<tr><td>")
      entityCell(document, relation.head, into: &html)
      html.raw("</td><td class=\"rel\">")
      html.text(relation.relation)
      if let role = relation.role {
        html.raw("<br><small>")
        html.text(role)
        html.raw("</small>")
      } else if let predicate = relation.predicate {
        html.raw("<br><small>")
        html.text(predicate)
        html.raw("</small>")
      }
      html.raw("</td><td>")
      entityCell(document, relation.tail, into: &html)
      html.raw("</td><td class=\"evidence\">")
      let range = evidence(document, relation)
      let pair = [relation.head, relation.tail].filter { document.entities.indices.contains($0) }
        .sorted { document.entities[$0].start < document.entities[$1].start }
      highlighter.render(from: range.lowerBound, to: range.upperBound, entities: pair, into: &html)
      html.raw("</td></tr>")
    }
    html.raw("</tbody></table>")
    if document.relations.count > maxRelations {
      html.raw("<p class=\"note\">")
      html.text("\(document.relations.count - maxRelations) more relations not listed.")
      html.raw("</p>")
    }
  }

  private func entityCell(_ document: Document, _ index: Int, into html: inout HTMLBuffer) {
    guard document.entities.indices.contains(index) else {
      html.raw("<span class=\"missing\">?</span>")
      return
    }
    let entity = document.entities[index]
    html.raw("<span class=\"chip\" style=\"background:")
    html.text(LabelColors.color(entity.label))
    html.raw("\">")
    html.text(DocumentDigest.name(of: entity, in: document))
    html.raw("<span class=\"lbl\">")
    html.text(entity.label)
    html.raw("</span></span>")
  }

  /// The evidence's byte range: the relation's sentence, else its own evidence span, else
  /// nothing.
  private func evidence(_ document: Document, _ relation: Relation) -> Range<Int> {
    if document.sentences.indices.contains(relation.sentence) {
      let sentence = document.sentences[relation.sentence]
      return sentence.start..<max(sentence.start, sentence.end)
    }
    if let start = relation.evidenceStart, let end = relation.evidenceEnd, start <= end {
      return start..<end
    }
    return 0..<0
  }

  private func graph(_ digest: DocumentDigest, into html: inout HTMLBuffer) {
    guard !digest.edges.isEmpty else { return }
    let counted = digest.edges.map { (key: $0.key, count: $0.value) }.sorted {
      if $0.count != $1.count { return $0.count > $1.count }
      return $0.key < $1.key
    }
    let graph = RelationGraph(edges: counted, maxNodes: graphNodes, maxEdges: graphNodes * 2)
    html.raw("<div class=\"docgraph\">")
    GraphSVG(width: 760).render(graph, into: &html)
    html.raw("</div>")
  }
}
