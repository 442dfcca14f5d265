import Testing

@testable import Pipeline
@testable import Stages

/// One label per list of coordinated names (``ListLabelVote``), on made-up sentences with
/// hand-placed entities, so the cases do not depend on the model.
@Suite struct EntityListLabelTests {
  /// Entities for the given names (each found at its first occurrence after the previous
  /// one) with their labels and origins.
  func entities(_ text: String, _ names: [(String, String, String)]) -> [Entity] {
    var result: [Entity] = []
    var from = text.startIndex
    for (name, label, origin) in names {
      guard let range = text.range(of: name, range: from..<text.endIndex) else {
        Issue.record("\(name) is not in the text")
        continue
      }
      let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
      let end = text.utf8.distance(from: text.startIndex, to: range.upperBound)
      result.append(Entity(start: start, end: end, label: label, origin: origin, confidence: 0.9))
      from = range.upperBound
    }
    return result
  }

  func vote(_ text: String, _ entities: inout [Entity], _ byContext: inout [Bool]) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBufferPointer {
      ListLabelVote.apply(&entities, byContext: &byContext, text: $0)
    }
  }

  @Test func theOddNameOfALongListTakesTheOthersLabel() {
    let text = "They chose Astrobotic, Deep Space Systems, Draper, Firefly Aerospace and Masten."
    var found = entities(
      text,
      [
        ("Astrobotic", "ORG", "model"), ("Deep Space Systems", "ORG", "model"),
        ("Draper", "PERSON", "model"), ("Firefly Aerospace", "ORG", "model"),
        ("Masten", "ORG", "model"),
      ])
    var byContext = [Bool](repeating: false, count: found.count)
    vote(text, &found, &byContext)
    #expect(found.map(\.label) == ["ORG", "ORG", "ORG", "ORG", "ORG"])
    #expect(byContext == [false, false, true, false, false])
  }

  @Test func aNameInParenthesesIsSkippedNotAMember() {
    let text = "Blue Origin, Sierra Nevada Corporation (SNC), SpaceX and Tyvak were picked."
    var found = entities(
      text,
      [
        ("Blue Origin", "ORG", "model"), ("Sierra Nevada Corporation", "ORG", "model"),
        ("SNC", "ORG", "model"), ("SpaceX", "ORG", "model"), ("Tyvak", "PERSON", "model"),
      ])
    var byContext = [Bool](repeating: false, count: found.count)
    vote(text, &found, &byContext)
    #expect(found[4].label == "ORG")
  }

  @Test func shortListsMixedListsAndListedNamesStay() {
    // Three members only: places and an organisation may share a list.
    let short = "At Goddard in Greenbelt, Maryland, and American University, she works."
    var three = entities(
      short,
      [
        ("Greenbelt", "LOC", "model"), ("Maryland", "LOC", "model"),
        ("American University", "ORG", "model"),
      ])
    var flags = [Bool](repeating: false, count: three.count)
    vote(short, &three, &flags)
    #expect(three.map(\.label) == ["LOC", "LOC", "ORG"])
    // Two odd names: no label is shared by all but one.
    let mixed = "Paris, Berlin, Acme, Initech and Rome."
    var five = entities(
      mixed,
      [
        ("Paris", "LOC", "model"), ("Berlin", "LOC", "model"), ("Acme", "ORG", "model"),
        ("Initech", "ORG", "model"), ("Rome", "LOC", "model"),
      ])
    flags = [Bool](repeating: false, count: five.count)
    vote(mixed, &five, &flags)
    #expect(five.map(\.label) == ["LOC", "LOC", "ORG", "ORG", "LOC"])
    // A gazetteer name or a label a construction gave keeps its label; words other than
    // commas and "and"/"or" between names end the list.
    let listed = "Paris, Berlin, Jordan, Rome met Madrid."
    var four = entities(
      listed,
      [
        ("Paris", "LOC", "model"), ("Berlin", "LOC", "model"), ("Jordan", "PERSON", "gazetteer"),
        ("Rome", "LOC", "model"), ("Madrid", "PERSON", "model"),
      ])
    flags = [false, false, false, false, false]
    vote(listed, &four, &flags)
    #expect(four.map(\.label) == ["LOC", "LOC", "PERSON", "LOC", "PERSON"])
  }

  @Test func theListLabelWinsTheDocumentVote() {
    let text = "Apple, Google, Tyvak and Amazon bid. Tyvak said it would win."
    var found = entities(
      text,
      [
        ("Apple", "ORG", "model"), ("Google", "ORG", "model"), ("Tyvak", "PERSON", "model"),
        ("Amazon", "ORG", "model"), ("Tyvak", "PERSON", "model"),
      ])
    var byContext = [Bool](repeating: false, count: found.count)
    vote(text, &found, &byContext)
    #expect(found[4].label == "PERSON")
    LabelVote.apply(&found, text: text, byContext: byContext)
    #expect(found.filter { $0.label == "PERSON" }.isEmpty)
  }
}
