import Foundation

/// Where a run writes, resolved before any file opens: each output with the stage whose
/// documents it receives, the folders (each checked once: overwrite or resume policy, the
/// interrupted run's checkpoint, a finished dataset), and the files object that opens,
/// checkpoints and publishes every file in them.
final class OutputPlan {
  /// An output and the index of the stage whose finished documents it receives.
  struct Placed {
    var stage: Int
    var output: any DocumentOutput
  }

  let outputs: [Placed]
  /// The folders written to, in order (the fallback folder for a pipeline without an export
  /// stage; none with `--stdout`).
  let directories: [URL]
  let files: OutputFiles

  /// Resolves the plan: builds the outputs (no file opened), refuses two outputs in one
  /// folder, then prepares every folder under the run's policy.
  init(pipeline: PipelineDefinition, options: RunOptions) throws {
    let shard = options.shard.map { "\($0.index)/\($0.count)" }
    files = OutputFiles(
      policy: OutputFiles.Policy(
        resume: options.resume, overwrite: options.overwrite, pipelineSHA256: pipeline.sha256,
        shard: shard, protected: options.readStandardInput ? [] : [pipeline.input.path]))
    outputs = try Self.outputs(
      for: pipeline, outputOverride: options.outputOverride,
      stream: options.writeStandardOutput ? options.streamOutput : nil,
      streams: options.writeStandardOutput, jobs: options.jobs)
    var directories: [URL] = []
    var writers: [String: String] = [:]
    for placed in outputs {
      guard let directory = placed.output.directory else { continue }
      let path = directory.standardizedFileURL.path
      let name = "stage \(placed.stage + 1) (\(pipeline.stages[placed.stage].name))"
      if let other = writers[path] {
        throw OutputError(
          "\(other) and \(name) both write to \(path): give each export stage its own dir"
            + (options.outputOverride == nil ? "" : " (--output puts every export in one folder)"))
      }
      writers[path] = name
      directories.append(directory)
    }
    if directories.isEmpty, !options.writeStandardOutput {
      directories.append(
        options.outputOverride
          ?? pipeline.baseDirectory.appendingPathComponent("out").appendingPathComponent(
            pipeline.name))
    }
    self.directories = directories
    for directory in directories { try files.prepareFolder(directory) }
  }

  /// A finished dataset found when resuming (nothing to do), if any.
  var finishedDataset: URL? { files.resumed == nil ? files.finished : nil }

  /// Opens each output's sink, in plan order.
  func openSinks() throws -> [any DocumentSink] {
    do {
      return try outputs.map { try $0.output.openSink(files) }
    } catch {
      files.discardUnlessResuming()
      throw error
    }
  }

  /// Opens `errors.jsonl` in every folder.
  func openErrorFiles() throws -> [OutputFile] {
    try directories.map {
      let file = try files.open($0.appendingPathComponent("errors.jsonl"))
      file.countRows()
      return file
    }
  }

  /// The outputs of a pipeline's stages, built without opening any file: the run's plan and
  /// a worker process (which only uses their encoders) build the same ones. With `stream`
  /// (`--stdout`), one JSON-lines output receives the documents leaving the last stage and
  /// export stages write nothing.
  static func outputs(
    for pipeline: PipelineDefinition, outputOverride: URL?, stream: StreamOutputMaker?,
    streams: Bool, jobs: Int
  ) throws -> [Placed] {
    var fields: [String] = pipeline.input.fields
    var layers: [String] = []
    var capabilities: Set<Capability> = []
    var contexts: [RunContext] = []
    for loaded in pipeline.stages {
      let contract = loaded.contract
      for field in contract.fields where !fields.contains(field) { fields.append(field) }
      for layer in contract.layers where !layers.contains(layer) { layers.append(layer) }
      capabilities.formUnion(contract.provides)
      contexts.append(
        RunContext(
          pipelineName: pipeline.name, baseDirectory: pipeline.baseDirectory,
          outputOverride: outputOverride, fields: fields, layers: layers,
          capabilities: capabilities, documentsInFlight: DocumentQueue.documentsInFlight(jobs: jobs)
        ))
    }
    if streams {
      guard let stream, let last = contexts.indices.last else {
        throw OutputError("internal error: --stdout without a stream output")
      }
      return [Placed(stage: last, output: stream(contexts[last]))]
    }
    var placed: [Placed] = []
    for (index, loaded) in pipeline.stages.enumerated() {
      // A stage left unbuilt (its work is done in worker processes) writes no output.
      if let output = try loaded.stage?.makeOutput(contexts[index]) {
        placed.append(Placed(stage: index, output: output))
      }
    }
    return placed
  }
}
