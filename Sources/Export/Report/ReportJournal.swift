import Pipeline

/// What the report writer has taken in, as records appended to a journal file beside the
/// dataset (`.report-journal.partial`), so that a run resumed with `--resume` rebuilds the
/// summary of the documents written before the interruption.
enum ReportJournal {
  enum Record: Equatable {
    /// A processed document's encoded ``DocumentDigest``.
    case digest([UInt8])
    /// A failed document.
    case failure(ErrorRecord)
    /// A document whose section was written (the `n`-th shown).
    case shown(ReportPage.Entry)
  }

  static func append(_ record: Record, to out: inout ByteEncoder) {
    switch record {
    case .digest(let bytes):
      out.int(1)
      out.blob(bytes)
    case .failure(let failure):
      out.int(2)
      out.string(failure.id)
      out.string(failure.location)
      out.string(failure.stage)
      out.string(failure.message)
      out.int(failure.offset.map { $0 + 1 } ?? 0)
    case .shown(let entry):
      out.int(3)
      out.string(entry.id)
      out.int(entry.entities)
      out.int(entry.relations)
    }
  }

  /// The records in a journal's bytes, in order.
  static func records(_ bytes: [UInt8]) throws -> [Record] {
    var input = ByteDecoder(bytes)
    var records: [Record] = []
    while !input.isAtEnd {
      switch try input.int() {
      case 1:
        records.append(.digest(Array(try input.blob())))
      case 2:
        let id = try input.string()
        let location = try input.string()
        let stage = try input.string()
        let message = try input.string()
        let offset = try input.int()
        records.append(
          .failure(
            ErrorRecord(
              id: id, location: location, stage: stage, message: message,
              offset: offset == 0 ? nil : offset - 1)))
      case 3:
        let id = try input.string()
        let entities = try input.int()
        let relations = try input.int()
        records.append(.shown(ReportPage.Entry(id: id, entities: entities, relations: relations)))
      default:
        throw DigestError()
      }
    }
    return records
  }
}
