import Dispatch

/// Processes one input item: reads it into a document, runs every stage on it and encodes
/// it for the outputs (on a worker thread, or in a worker process).
struct DocumentProcessor: Sendable {
  let pipeline: PipelineDefinition
  let reader: DocumentReader
  /// Stage indices whose sink receives the document, and each sink's encoder, in order.
  let sinkStages: [Int]
  let encoders: [any DocumentEncoder]
  let shard: Shard?
  /// Per-document time budget in nanoseconds (0: none).
  let budget: UInt64
  /// Called before reading the input (-1, no id), once the document is read (-2, its id) and
  /// before each stage (its index): a worker process reports where it is, in case a stage
  /// crashes it.
  var marker: (@Sendable (Int, String?) -> Void)?

  func process(_ item: InputItem) -> (Outcome, [UInt64]) {
    if let shard, case .file = item, !shard.contains(reader.identity(of: item).id) {
      return (.skipped, [UInt64](repeating: 0, count: pipeline.stages.count))
    }
    return process(
      read: { () throws(DocumentError) in try reader.read(item) },
      identity: { reader.identity(of: item) })
  }

  /// Processes line `number` of a JSON-lines input (`file`, `fileId` as in
  /// ``InputItem/line(_:file:fileId:number:)``), read in place from `bytes`, which stay valid
  /// during the call: a worker process reads it in the ring it arrived in. The same outcome as
  /// ``process(_:)`` of the `.line` item.
  func process(
    line bytes: UnsafeBufferPointer<UInt8>, file: String, fileId: String, number: Int
  ) -> (Outcome, [UInt64]) {
    process(
      read: { () throws(DocumentError) in
        try reader.readLine(bytes, file: file, fileId: fileId, number: number)
      },
      identity: { DocumentReader.lineIdentity(file: file, fileId: fileId, number: number) })
  }

  /// Reads the document (`identity` names it when that fails), runs the stages and encodes it.
  private func process(
    read: () throws(DocumentError) -> Document, identity: () -> (id: String, location: String)
  ) -> (Outcome, [UInt64]) {
    var nanos = [UInt64](repeating: 0, count: pipeline.stages.count)
    var document: Document
    marker?(-1, nil)
    do {
      document = try read()
    } catch {
      let (id, location) = identity()
      if let shard, !shard.contains(id) { return (.skipped, nanos) }
      return (
        .failed(
          ErrorRecord(
            id: id, location: location, stage: "input", message: error.message,
            offset: error.offset)), nanos
      )
    }
    if let shard, !shard.contains(document.id) { return (.skipped, nanos) }
    marker?(-2, document.id)
    let began = DispatchTime.now().uptimeNanoseconds
    if budget > 0 { document.deadline = began + budget }
    var encoded: [EncodedDocument] = []
    for (index, loaded) in pipeline.stages.enumerated() {
      func failure(_ message: String, offset: Int? = nil) -> (Outcome, [UInt64]) {
        let record = ErrorRecord(
          id: document.id, location: document.location, stage: loaded.name, message: message,
          offset: offset)
        return (.failed(record), nanos)
      }
      if document.isMarkup, loaded.contract.requires.contains(.cleanText) {
        return failure(
          "the document is \(document.format.rawValue) markup, but no stage before "
            + "'\(loaded.name)' cleaned it: add `- cleanup: {}` (or `boilerplate`) before it")
      }
      guard let stage = loaded.stage else {
        return failure("the stage was not built in this process")
      }
      marker?(index, nil)
      let start = DispatchTime.now().uptimeNanoseconds
      do {
        try stage.process(&document)
      } catch let error as StopRunError {
        let record = ErrorRecord(
          id: document.id, location: document.location, stage: loaded.name,
          message: error.message, offset: nil, stopsRun: true)
        return (.failed(record), nanos)
      } catch let error as DocumentError {
        return failure(error.message, offset: error.offset)
      } catch {
        return failure("\(error)")
      }
      for (sinkStage, encoder) in zip(sinkStages, encoders) where sinkStage == index {
        do {
          encoded.append(try encoder.encode(document))
        } catch {
          return failure("cannot serialise: \(error)")
        }
      }
      // A sink stage's time includes serialising the document for it.
      let now = DispatchTime.now().uptimeNanoseconds
      nanos[index] += now - start
      if budget > 0, now - began > budget {
        return failure(
          "took \((now - began) / 1_000_000) ms, over the --doc-timeout budget of "
            + "\(budget / 1_000_000) ms (the document is left out)")
      }
    }
    return (
      .done(
        encoded: encoded, warnings: document.warnings.count, id: document.id,
        location: document.location), nanos
    )
  }
}
