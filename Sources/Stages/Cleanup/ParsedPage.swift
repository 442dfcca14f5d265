/// The text blocks of one document as ``MarkupFrontEnd`` reads it, with the evidence a
/// boilerplate classifier needs: for HTML/XML built in one walk over the libxml2 tree (holding
/// no libxml2 pointers); for plain text its lines, for cleaned text its content blocks.
package struct ParsedPage: Sendable {
  /// Every block's text, back to back (no separators); blocks point into it.
  var text: [UInt8] = []
  package var blocks: [PageBlock] = []
  /// Block-level elements in document order; a parent always precedes its children.
  var containers: [PageContainer] = [PageContainer(parent: -1, weight: 0, flags: [], kind: "root")]
  /// Metadata by field name (`title`, `lang`, `description`, `author`, `date`, `og_*`...).
  var metadata: [String: String] = [:]
  /// Whether the tree reached libxml2's nesting limit (deeper content may be cut).
  var hitDepthLimit = false
  /// Problems met while reading the markup that lost nothing but attributes (for the
  /// document's warnings).
  var warnings: [String] = []

  /// The text of a block.
  package func string(_ block: PageBlock) -> String {
    String(decoding: text[block.textStart..<block.textEnd], as: UTF8.self)
  }
}

/// A block of text: a paragraph, heading, list item, table cell, line of a `pre`...
package struct PageBlock: Sendable {
  /// Byte range of the block's text in ``ParsedPage/text``.
  var textStart: Int
  var textEnd: Int
  /// UTF-8 byte range in the document source that the block's text nodes came from.
  var sourceStart: Int?
  var sourceEnd: Int?
  /// `p`, `h1`...`h6`, `li`, `td`, `pre`, `blockquote`, `div` (text directly in a container)...
  var kind: String
  /// Context inherited from the ancestors.
  var flags: BlockFlags
  /// Index of the innermost block-level element holding it, in ``ParsedPage/containers``.
  var container: Int
  /// Bytes of the text that sit inside links.
  var linkBytes: Int
  /// Newlines before the block when it is written (a line of plain text: 2 after a blank
  /// line, else 1); nil lets ``TextAssembler`` choose by kind.
  var newlines: Int? = nil

  var byteCount: Int { textEnd - textStart }
}

/// A block-level element (`div`, `article`, `td`...), for choosing the main content region.
struct PageContainer: Sendable {
  /// Index of the parent container (-1 for the root).
  var parent: Int
  /// Prior from the tag and its class/id hints (Readability-style).
  var weight: Int16
  var flags: BlockFlags
  /// The class/id hint flags of the element itself (not inherited).
  var hints: BlockFlags = []
  /// The block kind of its tag (`p`, `div`, `li`, `td`...).
  var kind: String
}
