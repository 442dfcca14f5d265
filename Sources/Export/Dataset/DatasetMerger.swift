import Foundation
import Pipeline

/// Combines datasets written by separate runs (the shards of a corpus) into one dataset.
///
/// Files are concatenated in the order the folders are given: JSON lines and `errors.jsonl`
/// as they are, `documents.json` arrays merged into one array, CSV tables with one header
/// (their headers must match). `manifest.json` sums the document counts and lists the parts.
/// Within each part, documents keep their input order.
public struct DatasetMerger {
  public var inputs: [URL]
  public var output: URL

  public init(inputs: [URL], output: URL) {
    self.inputs = inputs
    self.output = output
  }

  /// Merges; returns the number of documents in the merged dataset.
  @discardableResult
  public func merge(overwrite: Bool) throws -> Int {
    let manager = FileManager.default
    try checkFolders()
    var manifests: [Manifest] = []
    for input in inputs {
      guard let manifest = try? Manifest.read(in: input) else {
        throw OutputError(
          "\(input.path) is not a finished dataset (no readable manifest.json): finish or resume that run first"
        )
      }
      manifests.append(manifest)
    }
    try checkShards(manifests)
    let schemas = Set(manifests.map { $0.datasetSchema ?? 1 })
    guard schemas.count == 1 else {
      throw OutputError(
        "the parts were written with different dataset schemas (\(schemas.sorted().map(String.init).joined(separator: ", "))): "
          + "rerun the older parts with this version, then merge")
    }
    let files = OutputFiles(
      policy: OutputFiles.Policy(
        resume: false, overwrite: overwrite, pipelineSHA256: "", shard: nil))
    let names = OutputFiles.datasetNames.subtracting([
      "manifest.json", "report.html", SQLiteSchema.fileName,
    ]).sorted()
    for name in names {
      let parts = inputs.map { $0.appendingPathComponent(name) }.filter {
        manager.fileExists(atPath: $0.path)
      }
      guard !parts.isEmpty else { continue }
      let file = try files.open(output.appendingPathComponent(name))
      if name.hasSuffix(".csv") {
        try mergeCSV(parts, into: file)
      } else if name == "documents.json" {
        try mergeJSONArrays(parts, into: file)
      } else {
        for part in parts { try copy(part, into: file, dropping: 0) }
      }
      try file.seal()
    }
    try mergeDatabases(files)
    let merged = MergedManifest(inputs: inputs, manifests: manifests, files: files, in: output)
    try files.stage(try merged.bytes(), to: output.appendingPathComponent("manifest.json"))
    // Every file is complete: only now do they replace a dataset already there.
    try files.publish()
    return merged.documents.in
  }

  /// Refuses a part given twice, and an output folder that is, holds or lies inside a part.
  private func checkFolders() throws {
    var seen: [String: URL] = [:]
    for input in inputs {
      let path = OutputFiles.resolved(input)
      if let first = seen[path] {
        throw OutputError(
          "\(input.path) is given twice (as \(first.path)): each dataset can be merged once")
      }
      seen[path] = input
    }
    let target = OutputFiles.resolved(output)
    for (path, input) in seen
    where path == target || path.hasPrefix(target + "/") || target.hasPrefix(path + "/") {
      throw OutputError(
        "the output folder \(output.path) \(path == target ? "is" : "overlaps") the part "
          + "\(input.path): merge into a folder of its own")
    }
  }

  /// Shards must come from one split (`--shard I/N` with one N), each at most once.
  private func checkShards(_ manifests: [Manifest]) throws {
    let shards = manifests.map(\.shard)
    let given = shards.compactMap { $0 }
    guard !given.isEmpty else { return }
    guard given.count == shards.count else {
      throw OutputError(
        "some parts are shards (--shard) and some are not: merge the shards of one split only")
    }
    let parsed = given.compactMap(Shard.init)
    guard parsed.count == given.count, Set(parsed.map(\.count)).count == 1 else {
      throw OutputError(
        "the parts are shards of different splits (\(given.joined(separator: ", "))): merge the "
          + "shards of one --shard I/N split only")
    }
    var indices = Set<Int>()
    for (shard, input) in zip(parsed, inputs) where !indices.insert(shard.index).inserted {
      throw OutputError(
        "\(input.path) is shard \(shard.index)/\(shard.count) again: each shard can be merged once")
    }
  }

  /// Merges the parts' `dataset.sqlite`: every part must have one, or none.
  private func mergeDatabases(_ files: OutputFiles) throws {
    let parts = inputs.map { $0.appendingPathComponent(SQLiteSchema.fileName) }
    let present = parts.filter { FileManager.default.fileExists(atPath: $0.path) }
    guard !present.isEmpty else { return }
    guard present.count == parts.count else {
      let missing = parts.filter { !present.contains($0) }.map(\.path)
      throw OutputError(
        "some parts have \(SQLiteSchema.fileName) and others not (missing: "
          + "\(missing.joined(separator: ", "))); cannot merge the database")
    }
    let file = try files.open(output.appendingPathComponent(SQLiteSchema.fileName))
    try SQLiteMerger.merge(parts, into: file)
    try file.seal()
  }

  private func mergeCSV(_ parts: [URL], into file: OutputFile) throws {
    var header: [UInt8]?
    for part in parts {
      let bytes = try read(part)
      let end = (bytes.firstIndex(of: 0x0A).map { $0 + 1 }) ?? bytes.count
      let partHeader = Array(bytes[..<end])
      if let header, header != partHeader {
        throw OutputError("\(part.path): its columns differ from the first part's; cannot merge")
      }
      if header == nil {
        header = partHeader
        try file.write(partHeader)
      }
      try file.write(Array(bytes[end...]))
    }
  }

  private func mergeJSONArrays(_ parts: [URL], into file: OutputFile) throws {
    try file.write("[\n")
    var first = true
    for part in parts {
      var bytes = try read(part)[...]
      while let last = bytes.last, last == 0x0A || last == 0x20 { bytes.removeLast() }
      guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else {
        throw OutputError("\(part.path) is not a JSON array")
      }
      var body = bytes.dropFirst().dropLast()
      while let head = body.first, head == 0x0A || head == 0x20 { body.removeFirst() }
      while let tail = body.last, tail == 0x0A || tail == 0x20 { body.removeLast() }
      guard !body.isEmpty else { continue }
      if !first { try file.write(",\n") }
      try file.write(Array(body))
      first = false
    }
    try file.write("\n]\n")
  }

  private func copy(_ part: URL, into file: OutputFile, dropping prefix: Int) throws {
    try file.write(Array(try read(part).dropFirst(prefix)))
  }

  private func read(_ url: URL) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw OutputError("cannot read \(url.path)")
    }
    return [UInt8](data)
  }
}
