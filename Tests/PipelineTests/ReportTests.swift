import Foundation
import Pipeline
import Testing

@testable import Export
@testable import Stages

@Suite("Report: escaping and document sections")
struct ReportSectionTests {
  @Test func escapesEveryMarkupCharacter() {
    #expect(
      HTMLText.escaped("<script>alert('x') && \"y\"</script>")
        == "&lt;script&gt;alert(&#39;x&#39;) &amp;&amp; &quot;y&quot;&lt;/script&gt;")
    #expect(HTMLText.escaped("plain é 中文") == "plain é 中文")
    #expect(HTMLText.escaped("a\u{0}b") == "a&#xFFFD;b")
  }

  @Test func highlightsEntitiesByByteOffsets() throws {
    let text = "Ilham Aliyev met <b>Lapid</b> in Bakü."
    let document = ReportSample.document(
      id: "d", text: text, names: [("Ilham Aliyev", "PERSON", nil), ("Bakü", "GPE", nil)],
      relations: [])
    let html = String(
      decoding: DocumentSection().render(document, digest: DocumentDigest(document)),
      as: UTF8.self)
    #expect(
      html.contains(
        "<mark style=\"background:#aa9cfc\">Ilham Aliyev<span class=\"lbl\">PERSON</span></mark>"))
    #expect(
      html.contains(
        "<mark style=\"background:#feca74\">Bakü<span class=\"lbl\">GPE</span></mark>"))
    #expect(html.contains(" met &lt;b&gt;Lapid&lt;/b&gt; in "))
    #expect(!html.contains("<b>"))
  }

  @Test func badOffsetsNeverDropOrGarbleText() throws {
    let text = "Zoë Ann Smith visited Zürich <x>."
    var document = Document(id: "d", location: "d", format: .text, source: text)
    document.entities = [
      Entity(start: 0, end: 14, label: "PERSON", origin: "t"),  // "Zoë Ann Smith"
      Entity(start: 5, end: 8, label: "PERSON", origin: "t"),  // "Ann": inside the first
      Entity(start: 25, end: 27, label: "GPE", origin: "t"),  // starts inside "ü"
      Entity(start: 23, end: 30, label: "GPE", origin: "t"),  // "Zürich"
      Entity(start: 30, end: 500, label: "X", origin: "t"),  // beyond the text
      Entity(start: 9, end: 9, label: "X", origin: "t"),  // empty
      Entity(start: -4, end: 2, label: "X", origin: "t"),  // negative
    ]
    let html = String(
      decoding: DocumentSection().render(document, digest: DocumentDigest(document)),
      as: UTF8.self)
    let body =
      try #require(html.split(separator: "<div class=\"text\">").last)
      .split(separator: "</div>").first.map(String.init) ?? ""
    let visible = body.replacing(/<span class="lbl">[^<]*<\/span>/, with: "")
      .replacing(/<mark[^>]*>|<\/mark>/, with: "")
    #expect(visible == HTMLText.escaped(text))
    #expect(body.contains("Zoë Ann Smith<span class=\"lbl\">PERSON</span></mark>"))
    #expect(body.contains("Zürich<span class=\"lbl\">GPE</span></mark>"))
    #expect(body.matches(of: /<mark/).count == 2)
    #expect(html.contains("5 of 7 entities not highlighted"))
  }

  @Test func listsRelationsWithEvidenceAndDrawsTheirGraph() throws {
    let document = try ReportSample.news()
    let html = String(
      decoding: DocumentSection().render(document, digest: DocumentDigest(document)),
      as: UTF8.self)
    #expect(html.contains("<table class=\"rels\">"))
    #expect(html.contains("<td class=\"rel\">role_in<br><small>President</small></td>"))
    // The evidence sentence, with head and tail marked.
    #expect(html.contains("Israeli Prime Minister <mark"))
    #expect(html.matches(of: /<tr><td><span class="chip"/).count == document.relations.count)
    #expect(html.contains("<svg class=\"graph\""))
    #expect(html.contains("<text class=\"edge-label\""))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
    #expect(!html.contains("<script"))
  }

  @Test func cutsLongTextAtACharacterBoundary() {
    let text = String(repeating: "é", count: 40)
    var document = Document(id: "d", location: "d", format: .text, source: text)
    document.entities = [Entity(start: 70, end: 80, label: "X", origin: "t")]
    let section = DocumentSection(maxTextBytes: 11)
    let html = String(
      decoding: section.render(document, digest: DocumentDigest(document)), as: UTF8.self)
    #expect(html.contains("<div class=\"text\">ééééé</div>"))
    #expect(html.contains("Text cut after 11 of 80 bytes."))
  }
}

@Suite("Report: aggregates and graph")
struct ReportAggregateTests {
  @Test func digestRoundTripsThroughBytes() throws {
    let digest = DocumentDigest(try ReportSample.news())
    #expect(digest.labels["PERSON"] ?? 0 > 0)
    #expect(digest.entities[EntityKey(name: "Ilham Aliyev", label: "PERSON")] ?? 0 >= 2)
    #expect(digest.relations["met_with"] == 3)
    let decoded = try DocumentDigest(decoding: digest.encoded())
    #expect(decoded == digest)
    #expect(throws: DigestError.self) {
      try DocumentDigest(decoding: Array(digest.encoded().dropLast()))
    }
  }

  @Test func topCounterKeepsFrequentKeysInBoundedMemory() {
    var counter = TopCounter<String>(limit: 4)
    for _ in 0..<10 { counter.add("a", occurrences: 3) }
    for _ in 0..<5 { counter.add("b", occurrences: 1) }
    counter.trim()
    for key in ["c", "d", "e", "f", "g"] { counter.add(key, occurrences: 1) }
    #expect(counter.counts.count == 7)
    counter.trim()
    #expect(counter.counts.count <= 4)
    #expect(counter.pruned)
    let top = counter.top(2)
    #expect(top.map(\.key) == ["a", "b"])
    #expect(top[0].counts == TopCounter<String>.Counts(occurrences: 30, documents: 10))
    // Ties are broken by key, whatever order the keys came in.
    var other = TopCounter<String>(limit: 4)
    for key in ["g", "f", "e", "d", "c", "b", "a"] { other.add(key, occurrences: 1) }
    other.trim()
    #expect(other.counts.keys.sorted() == ["a", "b"])
  }

  @Test func graphMergesParallelEdgesAndRespectsLimits() {
    let a = EntityKey(name: "A", label: "PERSON")
    let b = EntityKey(name: "B", label: "ORG")
    let c = EntityKey(name: "C", label: "GPE")
    let graph = RelationGraph(
      edges: [
        (EdgeKey(head: a, relation: "member_of", tail: b), 5),
        (EdgeKey(head: a, relation: "leader_of", tail: b), 2),
        (EdgeKey(head: b, relation: "located_in", tail: c), 1),
      ], maxNodes: 2, maxEdges: 10)
    #expect(graph.nodes.map(\.name) == ["A", "B"])
    #expect(
      graph.edges == [RelationGraph.Edge(from: 0, to: 1, label: "member_of, leader_of", count: 7)])
  }

  @Test func coordinatesAreWrittenWithOneDecimal() {
    var html = HTMLBuffer()
    for value in [12.34, -0.45, -1.5, 0, .nan, .infinity] {
      html.coordinate(value)
      html.raw(" ")
    }
    #expect(html.string == "12.3 -0.5 -1.5 0.0 0 0 ")
  }

  @Test func layoutIsDeterministicAndInsideTheBox() {
    let edges = [(0, 1), (1, 2), (2, 0), (3, 4), (0, 3)]
    let first = GraphLayout().positions(count: 6, edges: edges, width: 800, height: 400, margin: 50)
    let second = GraphLayout().positions(
      count: 6, edges: edges, width: 800, height: 400, margin: 50)
    #expect(first == second)
    for point in first {
      #expect(point.x >= 49.9 && point.x <= 750.1 && point.y >= 49.9 && point.y <= 350.1)
    }
    // Distinct nodes end up apart.
    for i in 0..<6 {
      for j in (i + 1)..<6 {
        let dx = first[i].x - first[j].x
        let dy = first[i].y - first[j].y
        #expect((dx * dx + dy * dy).squareRoot() > 20)
      }
    }
  }
}
