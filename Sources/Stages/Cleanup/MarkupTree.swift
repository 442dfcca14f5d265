import CLibXML2

/// A read-only view of a page's flat node arrays (`nlpipe_flat`, built in C from libxml2's
/// HTML SAX events or copied from an XML tree): element and text nodes linked by index, their
/// names, text and the attributes the walker reads as NUL-terminated bytes. Valid while the
/// `nlpipe_flat` it views is alive.
struct MarkupTree {
  /// Node 0 is the document.
  let nodes: UnsafeBufferPointer<nlpipe_flat_node>
  let attributes: UnsafeBufferPointer<nlpipe_flat_attribute>
  private let bytes: UnsafePointer<UInt8>?

  init(_ flat: nlpipe_flat) {
    nodes = UnsafeBufferPointer(start: flat.nodes, count: flat.nodeCount)
    attributes = UnsafeBufferPointer(start: flat.attributes, count: flat.attributeCount)
    bytes = flat.bytes.map { UnsafePointer($0) }
  }

  /// The NUL-terminated bytes stored at `offset` (nil for -1).
  func string(_ offset: Int) -> UnsafePointer<UInt8>? {
    guard offset >= 0, let bytes else { return nil }
    return bytes + offset
  }

  /// The element's name.
  func name(_ node: Int) -> UnsafePointer<UInt8>? { string(nodes[node].name) }

  /// The text or CDATA node's content.
  func content(_ node: Int) -> UnsafePointer<UInt8>? { string(nodes[node].content) }

  /// The indexes of the element's attributes in ``attributes``.
  func attributeRange(_ node: Int) -> Range<Int> {
    let start = Int(nodes[node].attributeStart)
    return start..<start + Int(nodes[node].attributeCount)
  }

  static let element = Int32(NLPIPE_FLAT_ELEMENT)
  static let text = Int32(NLPIPE_FLAT_TEXT)
  static let cdata = Int32(NLPIPE_FLAT_CDATA)
}
