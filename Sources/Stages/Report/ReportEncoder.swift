import Pipeline
import Synchronization

/// Turns a document into its report pieces on a worker thread: chunk 0 is its
/// ``DocumentDigest``, chunk 1 its rendered section and chunk 2 its title for the list of
/// documents (both empty once enough sections were rendered).
///
/// Encoders do not know a document's input position, so sections are rendered for the
/// first `documents + slack` documents encoded. The executor keeps at most a few documents
/// per worker in flight, so every one of the first `documents` input positions is among
/// them; the writer keeps the first `documents` sections in input order and drops the rest.
final class ReportEncoder: DocumentEncoder, Sendable {
  let section: DocumentSection
  /// Nationality words, so that "Israeli" counts as Israel (nil when the list is missing).
  let demonyms: DemonymTable?
  /// Sections rendered at most.
  let sectionBudget: Int
  private let encoded = Atomic<Int>(0)

  init(options: ReportOptions, section: DocumentSection = DocumentSection()) {
    self.section = section
    demonyms = try? DemonymTable(
      url: RelationsStage.defaultDemonyms(), displayName: "demonyms")
    let slack = options.documents == 0 ? 0 : 64 + 16 * options.jobs
    self.sectionBudget = options.documents + slack
  }

  func encode(_ document: Document) throws -> EncodedDocument {
    let digest = DocumentDigest(document, demonyms: demonyms)
    let ticket = sectionBudget > 0 ? encoded.add(1, ordering: .relaxed).oldValue : sectionBudget
    guard ticket < sectionBudget else {
      return EncodedDocument(chunks: [digest.encoded(), [], []])
    }
    return EncodedDocument(
      chunks: [
        digest.encoded(), section.render(document, digest: digest),
        Array(DocumentSection.title(of: document).utf8),
      ])
  }
}
