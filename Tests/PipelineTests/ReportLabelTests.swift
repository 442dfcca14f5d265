import Foundation
import Pipeline
import Testing

@testable import Export
@testable import Stages

/// The report's names: one node per entity, titles for documents, labels that never overlap.
@Suite struct ReportLabelTests {
  private func document(_ text: String, _ mentions: [(String, String)]) -> Document {
    var document = Document(id: "doc-7", location: "doc-7.txt", format: .text, source: text)
    var from = text.startIndex
    for (name, label) in mentions {
      guard let range = text.range(of: name, range: from..<text.endIndex) else { continue }
      document.entities.append(
        Entity(
          start: text.utf8.distance(from: text.startIndex, to: range.lowerBound),
          end: text.utf8.distance(from: text.startIndex, to: range.upperBound), label: label,
          origin: "test"))
      from = range.upperBound
    }
    return document
  }

  @Test func aCountryItsNationalityWordAndStrayLabelsAreOneEntity() {
    let text =
      "Israel said Israeli troops left. Israel and Netanyahu met Jordanian envoys in Israel."
    var sample = document(
      text,
      [
        ("Israel", "LOC"), ("Israeli", "MISC"), ("Israel", "ORG"), ("Netanyahu", "PERSON"),
        ("Jordanian", "MISC"), ("Israel", "LOC"),
      ])
    sample.relations = [
      Relation(relation: "met_with", head: 3, tail: 4, sentence: 0, rule: "t"),
      Relation(relation: "visited", head: 3, tail: 5, sentence: 0, rule: "t"),
      Relation(relation: "member_of", head: 1, tail: 0, sentence: 0, rule: "t"),
    ]
    let demonyms = DemonymTable(entries: ["Israeli": "Israel", "Jordanian": "Jordan"])
    let digest = DocumentDigest(sample, demonyms: demonyms)
    #expect(
      digest.entities == [
        EntityKey(name: "Israel", label: "LOC"): 4,
        EntityKey(name: "Netanyahu", label: "PERSON"): 1,
        EntityKey(name: "Jordan", label: "LOC"): 1,
      ])
    // The relation between "Israeli" and "Israel" is a self-relation now: left out.
    #expect(
      digest.edges.keys.map { "\($0.head.name) \($0.relation) \($0.tail.name)" }.sorted() == [
        "Netanyahu met_with Jordan", "Netanyahu visited Israel",
      ])
    // Mention counts by label are the tagger's own.
    #expect(digest.labels == ["LOC": 2, "MISC": 2, "ORG": 1, "PERSON": 1])
    // A nationality word linked to its country's name, alone in its document, or outvoting it.
    var linked = document(
      "Israeli officials and Israeli troops in Israel",
      [
        ("Israeli", "MISC"), ("Israeli", "MISC"), ("Israel", "MISC"), ("Israel", "LOC"),
      ])
    linked.entities[0].canonical = "Israel"
    #expect(
      DocumentDigest(linked, demonyms: demonyms).entities == [
        EntityKey(name: "Israel", label: "LOC"): 3
      ])
  }

  @Test func aNameHasOneLabelOverTheWholeRun() {
    typealias Counts = TopCounter<EntityKey>.Counts
    let israelLOC = EntityKey(name: "Israel", label: "LOC")
    let israelMISC = EntityKey(name: "Israel", label: "MISC")
    let netanyahu = EntityKey(name: "Netanyahu", label: "PERSON")
    let counts: [EntityKey: Counts] = [
      israelLOC: Counts(occurrences: 10, documents: 3),
      israelMISC: Counts(occurrences: 20, documents: 2),
      EntityKey(name: "Apple", label: "ORG"): Counts(occurrences: 5, documents: 1),
      EntityKey(name: "Apple", label: "MISC"): Counts(occurrences: 7, documents: 2),
      netanyahu: Counts(occurrences: 4, documents: 4),
    ]
    let labels = EntityLabels(counts)
    let rows = labels.merged(counts)
    #expect(rows.map(\.key) == [israelLOC, EntityKey(name: "Apple", label: "MISC"), netanyahu])
    #expect(rows[0].counts == Counts(occurrences: 30, documents: 5))
    let edges: [EdgeKey: TopCounter<EdgeKey>.Counts] = [
      EdgeKey(head: netanyahu, relation: "visited", tail: israelMISC): .init(
        occurrences: 2, documents: 2),
      EdgeKey(head: netanyahu, relation: "visited", tail: israelLOC): .init(
        occurrences: 1, documents: 1),
      EdgeKey(head: israelMISC, relation: "located_in", tail: israelLOC): .init(
        occurrences: 5, documents: 1),
    ]
    let merged = labels.merged(edges: edges)
    #expect(merged.count == 1)
    #expect(merged.first?.key == EdgeKey(head: netanyahu, relation: "visited", tail: israelLOC))
    #expect(merged.first?.count == 3)
  }

  @Test func documentsGoByTheirTitle() {
    var sample = Document(
      id: "0042_ab", location: "x", format: .text, source: "\n  Markets rally as rates fall\nBody.")
    #expect(DocumentSection.title(of: sample) == "Markets rally as rates fall")
    sample.fields["title"] = .string("  The   headline\n")
    #expect(DocumentSection.title(of: sample) == "The headline")
    sample.fields["title"] = .string(String(repeating: "word ", count: 40))
    let long = DocumentSection.title(of: sample)
    #expect(long.hasSuffix("…") && long.count <= 91)
    let empty = Document(id: "only-id", location: "x", format: .text, source: " \n ")
    #expect(DocumentSection.title(of: empty) == "only-id")
  }

  @Test func graphLabelsNeverOverlapEachOtherOrNodes() throws {
    // A crowded graph: a hub with many long-named neighbours, and a chain.
    let hub = EntityKey(name: "International Monetary Fund", label: "ORG")
    var edges: [(key: EdgeKey, count: Int)] = []
    for index in 0..<28 {
      let other = EntityKey(name: "Participant number \(index) of the talks", label: "PERSON")
      edges.append((EdgeKey(head: other, relation: "member_of", tail: hub), 30 - index))
    }
    let graph = RelationGraph(edges: edges, maxNodes: 30, maxEdges: 60)
    var html = HTMLBuffer()
    GraphSVG().render(graph, into: &html)
    let svg = html.string
    var boxes: [LabelPlacer.Box] = []
    let pattern =
      /<text(?: class="edge-label")? x="([-0-9.]+)" y="([-0-9.]+)" text-anchor="(\w+)">([^<]*)<\/text>/
    for match in svg.matches(of: pattern) {
      let isEdge = svg[match.range].contains("edge-label")
      boxes.append(
        LabelPlacer.box(
          String(match.4).replacingOccurrences(of: "&amp;", with: "&"),
          x: Double(match.1) ?? 0, y: Double(match.2) ?? 0, anchor: String(match.3),
          fontSize: isEdge ? 11 : 12))
    }
    #expect(boxes.count >= 10)
    for i in boxes.indices {
      for j in boxes.indices where j > i {
        #expect(!boxes[i].intersects(boxes[j]), "labels \(i) and \(j) overlap")
      }
    }
    // Every node keeps its full name as a tooltip, drawn label or not.
    #expect(svg.matches(of: /<g class="node"><title>/).count == graph.nodes.count)
  }
}
