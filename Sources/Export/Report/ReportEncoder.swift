import Pipeline
import Synchronization

/// Turns a document into its report parts on a worker thread (no file opened): its
/// ``DocumentDigest`` (part ``digestPart``), and, while sections are still wanted, its
/// rendered section and its title for the list of documents (``sectionPart``,
/// ``titlePart``).
///
/// Encoders do not know a document's input position, so sections are rendered for the
/// first `documents + documentsInFlight` documents encoded: the run holds at most
/// ``Pipeline/RunContext/documentsInFlight`` documents between encoding and writing, so each
/// of the first `documents` documents written is among them; the writer keeps the first
/// `documents` sections in input order and drops the rest.
final class ReportEncoder: DocumentEncoder, Sendable {
  static let digestPart = "report.html:digest"
  static let sectionPart = "report.html:section"
  static let titlePart = "report.html:title"

  let section: DocumentSection
  /// Nationality words, so that "Israeli" counts as Israel (nil when there is no table).
  let demonyms: (any NationalityTable)?
  /// Sections rendered at most.
  let sectionBudget: Int
  private let encoded = Atomic<Int>(0)

  init(
    options: ReportOptions, demonyms: (any NationalityTable)?, documentsInFlight: Int,
    section: DocumentSection = DocumentSection()
  ) {
    self.section = section
    self.demonyms = demonyms
    self.sectionBudget = options.documents == 0 ? 0 : options.documents + documentsInFlight
  }

  func encode(_ document: Document) throws -> EncodedDocument {
    let digest = DocumentDigest(document, demonyms: demonyms)
    var parts = EncodedDocument()
    parts.append(Self.digestPart, digest.encoded())
    let ticket = sectionBudget > 0 ? encoded.add(1, ordering: .relaxed).oldValue : sectionBudget
    guard ticket < sectionBudget else { return parts }
    parts.append(Self.sectionPart, section.render(document, digest: digest))
    parts.append(Self.titlePart, Array(DocumentSection.title(of: document).utf8))
    return parts
  }
}
