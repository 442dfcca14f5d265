import Foundation
import Pipeline

/// Loads the pipelines before the first input (models load slowly).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
  precondition(fuzzPipelines.count == 2, "the pipelines did not load")
  return 0
}

/// Any bytes as a JSON-lines input file through a real run (sentences, entities, export to
/// CSV, JSON and JSON lines): the run must not crash, every document must be either written or
/// in errors.jsonl, documents.json and every documents.jsonl / errors.jsonl line must parse as
/// JSON, and every CSV row must have its header's number of cells (RFC 4180, read back here).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let folder = FuzzFolder() else { return 0 }
  defer { folder.remove() }
  guard folder.write(bytes, "in.jsonl"),
    let summary = folder.run(exportStages, output: "out")
  else { return 0 }
  let out = folder.url.appendingPathComponent("out")
  let documents = jsonLines(out.appendingPathComponent("documents.jsonl"))
  let errors = jsonLines(out.appendingPathComponent("errors.jsonl"))
  precondition(documents.count == summary.documentsOK && errors.count == summary.documentsFailed)
  if let array = FileManager.default.contents(
    atPath: out.appendingPathComponent("documents.json").path)
  {
    let parsed = try? JSONSerialization.jsonObject(with: array) as? [Any]
    precondition(parsed?.count == summary.documentsOK, "documents.json is not the documents")
  }
  for table in ["documents", "sentences", "entities", "relations", "tokens"] {
    checkCSV(out.appendingPathComponent(table + ".csv"))
  }
  let rows = csvRows(out.appendingPathComponent("documents.csv"))
  precondition(rows.count == summary.documentsOK + 1)
  return 0
}
