import Foundation

/// `manifest.json`: what ran, on what, with which settings, and how it went.
struct Manifest {
  let pipeline: PipelineDefinition
  let options: RunOptions
  let summary: RunSummary
  let started: Date
  let finished: Date

  func bytes() -> [UInt8] {
    var json = JSONWriter()
    let iso = ISO8601DateFormatter()
    json.beginObject()
    json.field("tool", NLPipe.name)
    json.field("version", NLPipe.version)
    json.key("pipeline")
    json.beginObject()
    json.field("name", pipeline.name)
    json.field("file", pipeline.file)
    json.field("sha256", pipeline.sha256)
    json.endObject()
    json.key("input")
    json.beginObject()
    json.field("path", pipeline.input.displayPath)
    json.field("glob", pipeline.input.glob)
    json.endObject()
    json.field("jobs", options.jobs)
    json.field("isolation", options.isolation == nil ? "none" : "process")
    if let shard = options.shard {
      json.field("shard", "\(shard.index)/\(shard.count)")
      json.field("documents_in_other_shards", summary.documentsInOtherShards)
    }
    if options.resume { json.field("documents_resumed", summary.documentsResumed) }
    json.field("started", iso.string(from: started))
    json.field("finished", iso.string(from: finished))
    json.key("stages")
    json.beginArray()
    for (index, stage) in pipeline.stages.enumerated() {
      json.beginObject()
      json.field("name", stage.name)
      json.key("config")
      json.value(.object(stage.config))
      json.field(
        "seconds", summary.stageSeconds.indices.contains(index) ? summary.stageSeconds[index] : 0)
      json.endObject()
    }
    json.endArray()
    json.key("documents")
    json.beginObject()
    json.field("in", summary.documentsIn)
    json.field("ok", summary.documentsOK)
    json.field("failed", summary.documentsFailed)
    json.field("crashed", summary.documentsCrashed)
    json.field("timed_out", summary.documentsTimedOut)
    json.endObject()
    json.field("warnings", summary.warnings)
    json.key("stopped_early")
    json.bool(summary.stoppedEarly)
    json.field("wall_seconds", summary.wallSeconds)
    json.field(
      "docs_per_second",
      summary.wallSeconds > 0 ? Double(summary.documentsIn) / summary.wallSeconds : 0)
    json.endObject()
    var bytes = json.bytes
    bytes.append(0x0A)
    return bytes
  }
}
