import CLibXML2

/// Walks a page's node tree (``MarkupTree``) once and collects its text blocks, block contexts
/// and metadata.
///
/// Whitespace runs (including `&nbsp;` and other Unicode spaces) become one space; text of
/// inline elements is joined exactly as the source spaces it; block-level elements, `br` and
/// `hr` end a block. Hidden elements (`hidden`, `display:none`) and non-text elements
/// (`script`, `style`, `svg`, `noscript`, `template`...) are dropped.
struct MarkupWalker {
  enum Mode {
    case html
    /// Generic XML: an element is a block unless its parent holds text of its own.
    case xml
  }

  private let tags: TagTable
  private let hints: ClassHints
  private let mode: Mode
  private let tree: MarkupTree
  private(set) var page = ParsedPage()

  private var blockStart = 0
  private var pendingSpace = false
  private var blockKind = "div"
  private var blockFlags: BlockFlags = []
  private var container = 0
  private var linkDepth = 0
  private var linkBytes = 0
  private var preDepth = 0
  private var sourceStart = Int.max
  private var sourceEnd = -1
  private var depth = 0
  /// The current element's lower-cased `class` and `id` values (see ``readAttributes(_:)``).
  private var hintText: [UInt8] = []

  /// libxml2 (without XML_PARSE_HUGE) stops nesting at 256 levels.
  static let depthLimit = 255
  /// Elements nested deeper than this are not read (``depthLimit`` at most).
  private let maxDepth: Int

  init(
    tags: TagTable, hints: ClassHints, mode: Mode, tree: MarkupTree,
    maxDepth: Int = MarkupWalker.depthLimit
  ) {
    self.tags = tags
    self.hints = hints
    self.mode = mode
    self.tree = tree
    self.maxDepth = min(maxDepth, Self.depthLimit)
  }

  /// Walks the document's children and closes the last block.
  mutating func walk() {
    guard !tree.nodes.isEmpty else { return flush() }
    var child = Int(tree.nodes[0].firstChild)
    while child >= 0 {
      if tree.nodes[child].type == MarkupTree.element {
        visit(child, flags: [], parentMixed: false)
      }
      child = Int(tree.nodes[child].next)
    }
    flush()
    if page.metadata["title"] == nil, let title = page.metadata["og_title"] {
      page.metadata["title"] = title
    }
  }

  private mutating func walkChildren(_ node: Int, flags: BlockFlags) {
    depth += 1
    defer { depth -= 1 }
    if depth >= maxDepth {
      page.hitDepthLimit = true
      if maxDepth < Self.depthLimit { return }
    }
    var mixed = false
    if mode == .xml {
      var scan = Int(tree.nodes[node].firstChild)
      while scan >= 0 {
        let type = tree.nodes[scan].type
        if type == MarkupTree.text || type == MarkupTree.cdata, Self.hasText(tree.content(scan)) {
          mixed = true
          break
        }
        scan = Int(tree.nodes[scan].next)
      }
    }
    var child = Int(tree.nodes[node].firstChild)
    while child >= 0 {
      switch tree.nodes[child].type {
      case MarkupTree.text, MarkupTree.cdata:
        append(child)
      case MarkupTree.element:
        visit(child, flags: flags, parentMixed: mixed)
      default:
        break
      }
      child = Int(tree.nodes[child].next)
    }
  }

  private mutating func visit(_ node: Int, flags inherited: BlockFlags, parentMixed: Bool) {
    var info = tagInfo(node, parentMixed: parentMixed)
    let name = tree.name(node)
    switch info.role {
    case .skip:
      if Self.equals(name, "meta") { readMeta(node) }
      return
    case .head:
      readHead(node)
      return
    case .lineBreak:
      flush()
      return
    default:
      break
    }
    if info.kind == "title" {
      if page.metadata["title"] == nil {
        let title = Self.normalized(textContent(node))
        if !title.isEmpty { page.metadata["title"] = title }
      }
      if mode == .html { return }
    }
    var flags = inherited.union(info.flags)
    var ownHints: BlockFlags = []
    let attributes = readAttributes(node)
    if attributes.hidden { return }
    if let lang = attributes.lang, page.metadata["lang"] == nil, depth <= 1 {
      page.metadata["lang"] = lang
    }
    if attributes.hasHints {
      var (hintFlags, weight) = hints.judge(hintText)
      if info.flags.contains(.article) || Self.equals(name, "body") || Self.equals(name, "html")
        || Self.equals(name, "main")
      {
        hintFlags.remove(.unlikely)
      }
      flags.formUnion(hintFlags)
      ownHints = hintFlags
      info.weight += weight
    }
    switch info.role {
    case .inline:
      walkChildren(node, flags: flags)
    case .link:
      linkDepth += 1
      walkChildren(node, flags: flags)
      linkDepth -= 1
    case .block, .pre:
      flush()
      let savedKind = blockKind
      let savedFlags = blockFlags
      let savedContainer = container
      page.containers.append(
        PageContainer(
          parent: container, weight: info.weight, flags: flags, hints: ownHints,
          kind: info.kind ?? blockKind))
      container = page.containers.count - 1
      if let kind = info.kind { blockKind = kind }
      blockFlags = flags
      if info.role == .pre { preDepth += 1 }
      walkChildren(node, flags: flags)
      if info.role == .pre { preDepth -= 1 }
      flush()
      blockKind = savedKind
      blockFlags = savedFlags
      container = savedContainer
    default:
      break
    }
  }

  private func tagInfo(_ node: Int, parentMixed: Bool) -> TagInfo {
    switch mode {
    case .html:
      return tags.info(tree.name(node))
    case .xml:
      if tree.nodes[node].xhtml != 0 { return tags.info(tree.name(node)) }
      if parentMixed { return TagTable.inline }
      let name = tree.name(node).map { String(cString: $0) } ?? "block"
      return TagInfo(role: .block, kind: name, flags: [], weight: 0)
    }
  }

  // MARK: text

  private mutating func append(_ node: Int) {
    guard let content = tree.content(node) else { return }
    let before = page.text.count
    var index = 0
    while true {
      let byte = content[index]
      if byte == 0 { break }
      switch byte {
      case 0x20, 0x09, 0x0D, 0x0C:
        pendingSpace = true
        index += 1
        continue
      case 0x0A:
        if preDepth > 0 { flush() } else { pendingSpace = true }
        index += 1
        continue
      case 0xC2:
        let next = content[index + 1]
        if next == 0xA0 {
          pendingSpace = true
          index += 2
          continue
        }
        if next == 0xAD {
          index += 2
          continue
        }
      case 0xE2:
        let second = content[index + 1]
        if second == 0x80 {
          let third = content[index + 2]
          if third >= 0x80 && third <= 0x8A || third == 0xAF {
            pendingSpace = true
            index += 3
            continue
          }
          if third == 0x8B || third == 0x8C || third == 0x8D {
            index += 3
            continue
          }
        }
      case 0xEF:
        if content[index + 1] == 0xBB && content[index + 2] == 0xBF {
          index += 3
          continue
        }
      default:
        break
      }
      if pendingSpace {
        if page.text.count > blockStart {
          page.text.append(0x20)
          if linkDepth > 0 { linkBytes += 1 }
        }
        pendingSpace = false
      }
      // This byte and the bytes after it that need no look (no space, no candidate for a
      // space or an invisible character), copied at once.
      var end = index + 1
      while true {
        let next = content[end]
        if next <= 0x20 || next == 0xC2 || next == 0xE2 || next == 0xEF { break }
        end += 1
      }
      page.text.append(contentsOf: UnsafeBufferPointer(start: content + index, count: end - index))
      if linkDepth > 0 { linkBytes += end - index }
      index = end
    }
    if page.text.count > before, tree.nodes[node].sourceStart >= 0 {
      sourceStart = min(sourceStart, tree.nodes[node].sourceStart)
      sourceEnd = max(sourceEnd, tree.nodes[node].sourceEnd)
    }
  }

  /// Ends the current block (if it has text) and starts a new one.
  private mutating func flush() {
    pendingSpace = false
    if page.text.count > blockStart {
      let hasSource = sourceEnd >= 0 && sourceStart <= sourceEnd
      page.blocks.append(
        PageBlock(
          textStart: blockStart, textEnd: page.text.count,
          sourceStart: hasSource ? sourceStart : nil, sourceEnd: hasSource ? sourceEnd : nil,
          kind: blockKind, flags: blockFlags, container: container, linkBytes: linkBytes))
    }
    blockStart = page.text.count
    linkBytes = 0
    sourceStart = Int.max
    sourceEnd = -1
  }

  // MARK: attributes and metadata

  private struct Attributes {
    /// Whether the element has `class` or `id` text (in ``hintText``).
    var hasHints = false
    var hidden = false
    var lang: String?
  }

  /// Reads an element's attributes; its lower-cased `class` and `id` values go to
  /// ``hintText`` (one buffer for the whole walk). Only the attributes named in
  /// `nlpipe_flat_wanted_attribute` (Sources/CLibXML2/flat.h) reach the tree: an attribute
  /// read here or in ``readMeta(_:)`` must be listed there too.
  private mutating func readAttributes(_ node: Int) -> Attributes {
    var result = Attributes()
    hintText.removeAll(keepingCapacity: true)
    for index in tree.attributeRange(node) {
      let name = tree.string(tree.attributes[index].name)
      let value = tree.string(tree.attributes[index].value)
      if Self.equals(name, "class") || Self.equals(name, "id") {
        if let value {
          if !hintText.isEmpty { hintText.append(0x20) }
          var index = 0
          while value[index] != 0 {
            let byte = value[index]
            hintText.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            index += 1
          }
        }
      } else if Self.equals(name, "hidden") {
        result.hidden = true
      } else if Self.equals(name, "style"), let value {
        if Self.styleHides(value) { result.hidden = true }
      } else if Self.equals(name, "lang"), let value {
        let lang = String(cString: value).trimmingSpaces
        if !lang.isEmpty { result.lang = lang }
      }
    }
    result.hasHints = !hintText.isEmpty
    return result
  }

  private mutating func readHead(_ head: Int) {
    var node = Int(tree.nodes[head].firstChild)
    while node >= 0 {
      if tree.nodes[node].type == MarkupTree.element {
        if Self.equals(tree.name(node), "title") {
          let title = Self.normalized(textContent(node))
          if page.metadata["title"] == nil, !title.isEmpty { page.metadata["title"] = title }
        } else if Self.equals(tree.name(node), "meta") {
          readMeta(node)
        }
      }
      node = Int(tree.nodes[node].next)
    }
  }

  /// Meta names and properties to document fields (the first value found wins).
  private static let metaFields: [String: String] = [
    "description": "description", "og:description": "description",
    "twitter:description": "description", "dc.description": "description",
    "author": "author", "article:author": "author", "byl": "author", "dc.creator": "author",
    "parsely-author": "author", "sailthru.author": "author", "twitter:creator": "author",
    "article:published_time": "date", "date": "date", "pubdate": "date",
    "publishdate": "date", "publish-date": "date", "dc.date": "date", "dc.date.issued": "date",
    "datepublished": "date", "parsely-pub-date": "date", "sailthru.date": "date",
    "og:title": "og_title", "og:type": "og_type", "og:url": "og_url", "og:image": "og_image",
    "og:site_name": "site_name", "og:locale": "og_locale", "content-language": "lang",
  ]

  private mutating func readMeta(_ node: Int) {
    var key: String?
    var content: String?
    for index in tree.attributeRange(node) {
      let name = tree.string(tree.attributes[index].name)
      if let value = tree.string(tree.attributes[index].value) {
        if Self.equals(name, "content") {
          content = String(cString: value)
        } else if Self.equals(name, "name") || Self.equals(name, "property")
          || Self.equals(name, "itemprop") || Self.equals(name, "http-equiv")
        {
          key = String(cString: value).lowercased().trimmingSpaces
        }
      }
    }
    guard let key, let field = Self.metaFields[key], let content else { return }
    let value = Self.normalized(Array(content.utf8))
    if !value.isEmpty, page.metadata[field] == nil { page.metadata[field] = value }
  }

  // MARK: helpers

  static func equals(_ name: UnsafePointer<UInt8>?, _ literal: StaticString) -> Bool {
    guard let name else { return false }
    let bytes = literal.utf8Start
    let count = literal.utf8CodeUnitCount
    for index in 0..<count {
      var byte = name[index]
      if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
      if byte != bytes[index] { return false }
    }
    return name[count] == 0
  }

  /// Whether a `style` value says `display:none` or `visibility:hidden` (case and spaces
  /// ignored). ASCII values are read in place; others go through `String`'s lower-casing.
  static func styleHides(_ value: UnsafePointer<UInt8>) -> Bool {
    var length = 0
    var ascii = true
    while value[length] != 0 {
      if value[length] >= 0x80 { ascii = false }
      length += 1
    }
    guard ascii else {
      let style = String(cString: value).lowercased().filter { $0 != " " }
      return style.contains("display:none") || style.contains("visibility:hidden")
    }
    let bytes = UnsafeBufferPointer(start: value, count: length)
    return contains(bytes, skippingSpaces: "display:none")
      || contains(bytes, skippingSpaces: "visibility:hidden")
  }

  /// Whether ASCII `bytes`, lower-cased and with their spaces (U+0020) removed, contain
  /// `needle` (lower case, no spaces).
  private static func contains(
    _ bytes: UnsafeBufferPointer<UInt8>, skippingSpaces needle: StaticString
  )
    -> Bool
  {
    let target = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    for start in bytes.indices where bytes[start] != 0x20 {
      var position = start
      var matched = 0
      while matched < target.count, position < bytes.count {
        var byte = bytes[position]
        position += 1
        if byte == 0x20 { continue }
        if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
        guard byte == target[matched] else { break }
        matched += 1
      }
      if matched == target.count { return true }
    }
    return false
  }

  private static func hasText(_ content: UnsafePointer<UInt8>?) -> Bool {
    guard let content else { return false }
    var index = 0
    while content[index] != 0 {
      switch content[index] {
      case 0x20, 0x09, 0x0A, 0x0D, 0x0C: index += 1
      default: return true
      }
    }
    return false
  }

  /// The concatenated text of a subtree (for `title`).
  func textContent(_ node: Int) -> [UInt8] {
    var result: [UInt8] = []
    var child = Int(tree.nodes[node].firstChild)
    while child >= 0 {
      let type = tree.nodes[child].type
      if type == MarkupTree.text, let content = tree.content(child) {
        var index = 0
        while content[index] != 0 {
          result.append(content[index])
          index += 1
        }
      } else if type == MarkupTree.element {
        result.append(contentsOf: textContent(child))
      }
      child = Int(tree.nodes[child].next)
    }
    return result
  }

  /// Collapses whitespace (and `&nbsp;`) runs to one space and trims.
  static func normalized(_ bytes: [UInt8]) -> String {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var space = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
        space = true
        index += 1
        continue
      }
      if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
        space = true
        index += 2
        continue
      }
      if space, !result.isEmpty { result.append(0x20) }
      space = false
      result.append(byte)
      index += 1
    }
    return String(decoding: result, as: UTF8.self)
  }
}

extension String {
  /// The string without leading and trailing ASCII whitespace.
  var trimmingSpaces: String {
    let utf8 = self.utf8
    guard let first = utf8.firstIndex(where: { $0 > 0x20 }),
      let last = utf8.lastIndex(where: { $0 > 0x20 })
    else { return "" }
    return String(decoding: utf8[first...last], as: UTF8.self)
  }
}
