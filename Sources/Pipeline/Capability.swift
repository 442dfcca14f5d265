/// A named piece of document state that a stage requires or provides.
///
/// The loader checks the stage list in order: a stage that requires a capability no earlier
/// stage provides is a load-time error, as is a stage that rewrites the text after another
/// stage has annotated it.
public struct Capability: Hashable, Sendable, Comparable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  public let name: String

  public init(_ name: String) { self.name = name }
  public init(stringLiteral value: String) { self.name = value }

  public var description: String { name }
  public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.name < rhs.name }

  /// Text without markup (plain-text input has it from the start; HTML/XML after cleanup).
  public static let cleanText: Capability = "clean-text"
  /// Main content only: boilerplate removed.
  public static let content: Capability = "content"
  /// ``Document/blocks``.
  public static let blocks: Capability = "blocks"
  /// ``Document/sentences``.
  public static let sentences: Capability = "sentences"
  /// ``Document/tokens``.
  public static let tokens: Capability = "tokens"
  /// ``TokenTag/pos`` and ``TokenTag/upos`` of ``Document/tags``.
  public static let pos: Capability = "pos"
  /// ``TokenTag/lemma`` of ``Document/tags``.
  public static let lemma: Capability = "lemma"
  /// ``TokenTag/chunk`` of ``Document/tags``.
  public static let chunks: Capability = "chunks"
  /// ``Document/entities``.
  public static let entities: Capability = "entities"
  /// ``Document/relations``.
  public static let relations: Capability = "relations"

  /// Capabilities whose annotations are offsets into the text (lost when the text changes).
  public static let offsetLayers: Set<Capability> = [
    .sentences, .tokens, .pos, .lemma, .chunks, .entities, .relations,
  ]
}
