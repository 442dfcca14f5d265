import Export
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

/// Any bytes as a JSON-lines input: a run stopped by --fail-fast at the first broken line, then
/// resumed, must write the same bytes as an uninterrupted run; the shards of the input, merged,
/// must hold the same documents (the first byte picks 1 to 4 shards).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let shards = Int(data[0] % 4) + 1
  let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  guard let folder = FuzzFolder() else { return 0 }
  defer { folder.remove() }
  let stages = mergeStages
  guard folder.write(bytes, "in.jsonl"), let whole = folder.run(stages, output: "whole")
  else { return 0 }
  let names = [
    "documents.jsonl", "documents.json", "documents.csv", "sentences.csv", "errors.jsonl",
  ]
  // Interrupted at the first failed document, then resumed.
  if let stopped = folder.run(stages, output: "resumed", failFast: true), stopped.stoppedEarly {
    let resumed = folder.run(stages, output: "resumed", resume: true)
    precondition(resumed?.documentsIn == whole.documentsIn, "resume lost documents")
    for name in names {
      precondition(
        folder.contents("whole/" + name) == folder.contents("resumed/" + name),
        "\(name) differs after --resume")
    }
  }
  // Sharded, then merged: the same document lines, in some order.
  var parts: [URL] = []
  for index in 0..<shards {
    guard
      folder.run(stages, output: "part\(index)", shard: Shard(index: index, count: shards))
        != nil
    else { return 0 }
    parts.append(folder.url.appendingPathComponent("part\(index)"))
  }
  let merged = folder.url.appendingPathComponent("merged")
  do {
    try DatasetMerger(inputs: parts, output: merged).merge(overwrite: false)
  } catch {
    preconditionFailure("merge failed: \(error)")
  }
  for name in ["documents.jsonl", "errors.jsonl"] {
    let a = lines(folder.contents("whole/" + name)).sorted()
    let b = lines(folder.contents("merged/" + name)).sorted()
    precondition(a == b, "merged \(name) differs from the whole run's")
  }
  return 0
}

private func lines(_ data: Data?) -> [String] {
  (data ?? Data()).split(separator: 0x0A, omittingEmptySubsequences: true).map {
    String(decoding: $0, as: UTF8.self)
  }
}
