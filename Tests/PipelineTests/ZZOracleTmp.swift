import Foundation
import Pipeline
import Testing

@testable import Stages

@Test func zzOracleRe3d() throws {
  guard ProcessInfo.processInfo.environment["ORACLE"] != nil else { return }
  let lines = try String(
    contentsOfFile: "/work/shared/corpora/relations/re3d_dev.jsonl", encoding: .utf8
  )
  .split(separator: "\n")
  let stage = try RelationTestSupport.stage(
    .init(open: ProcessInfo.processInfo.environment["OPEN"] != nil))
  var out = ""
  let map = ["Person": "PERSON", "Organisation": "ORG", "Location": "LOC", "Nationality": "MISC"]
  for line in lines {
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    let text = object["text"] as! String
    let id = object["id"] as! String
    let scalars = Array(text.unicodeScalars)
    var byteAt = [0]
    for s in scalars { byteAt.append(byteAt.last! + String(s).utf8.count) }
    var entities: [Entity] = []
    for e in object["entities"] as! [[String: Any]] {
      guard let label = map[e["type"] as! String], e["named"] as! Bool else { continue }
      for m in e["mentions"] as! [[Int]] {
        entities.append(
          Entity(
            start: byteAt[m[0]], end: byteAt[m[1]], label: label, canonical: nil, origin: "gold"))
      }
    }
    entities.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
    var kept: [Entity] = []
    for e in entities where kept.last.map({ e.start >= $0.end }) ?? true { kept.append(e) }
    var document = Document(id: id, location: id, format: .text, source: text)
    document.tokens = RelationTestSupport.tokens(text.replacingOccurrences(of: "\t", with: " "))
    // sentences: split at newline or ". " + uppercase
    let bytes = Array(text.utf8)
    var start = 0
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x0A
        || (bytes[i] == 0x2E && i + 2 < bytes.count && bytes[i + 1] == 0x20 && bytes[i + 2] >= 0x41
          && bytes[i + 2] <= 0x5A)
      {
        if i + 1 > start { document.sentences.append(Sentence(start: start, end: i + 1)) }
        start = i + 1
      }
      i += 1
    }
    if start < bytes.count { document.sentences.append(Sentence(start: start, end: bytes.count)) }
    document.entities = kept
    try stage.process(&document)
    var rels: [[String: String]] = []
    for r in document.relations {
      let h = RelationTestSupport.name(document, r.head)
      let t = RelationTestSupport.name(document, r.tail)
      rels.append([
        "head": h, "label": r.relation, "tail": t, "rule": r.rule,
        "ev": document.slice(r.evidenceStart ?? 0, r.evidenceEnd ?? 0),
      ])
    }
    let data = try JSONSerialization.data(withJSONObject: ["id": id, "relations": rels])
    out += String(decoding: data, as: UTF8.self) + "\n"
  }
  try out.write(toFile: "/tmp/oracle_pred.jsonl", atomically: true, encoding: .utf8)
}
