/// How the walker treats an element, by tag name.
struct TagInfo: Sendable {
  enum Role: UInt8, Sendable {
    /// Text flows through it (`b`, `span`, unknown tags).
    case inline
    /// Starts and ends a block of text (`p`, `div`, `li`, `td`...).
    case block
    /// Dropped with everything inside (`script`, `style`, `svg`...).
    case skip
    /// A line break: ends the current block.
    case lineBreak
    /// `a`: inline, its text counts as link text.
    case link
    /// `pre`: a block whose line breaks are kept.
    case pre
    /// `head`: only metadata is read from it.
    case head
  }

  var role: Role
  /// The block kind recorded for text directly inside (`p`, `h2`, `li`...); nil keeps the
  /// enclosing block's kind.
  var kind: String?
  /// Context flags this element gives everything inside it.
  var flags: BlockFlags
  /// Readability-style prior for the element as a content container.
  var weight: Int16
}

/// Context of a block, inherited from its ancestors.
struct BlockFlags: OptionSet, Sendable, Hashable {
  let rawValue: UInt32
  static let nav = BlockFlags(rawValue: 1 << 0)
  static let footer = BlockFlags(rawValue: 1 << 1)
  static let aside = BlockFlags(rawValue: 1 << 2)
  static let header = BlockFlags(rawValue: 1 << 3)
  static let form = BlockFlags(rawValue: 1 << 4)
  static let heading = BlockFlags(rawValue: 1 << 5)
  static let listItem = BlockFlags(rawValue: 1 << 6)
  static let tableCell = BlockFlags(rawValue: 1 << 7)
  static let caption = BlockFlags(rawValue: 1 << 8)
  static let quote = BlockFlags(rawValue: 1 << 9)
  static let article = BlockFlags(rawValue: 1 << 10)
  static let button = BlockFlags(rawValue: 1 << 11)
  /// Inside an element whose class/id says boilerplate (nav, share, related, comment...).
  static let negativeHint = BlockFlags(rawValue: 1 << 12)
  /// Inside an element whose class/id says content (article, post, story, entry...).
  static let positiveHint = BlockFlags(rawValue: 1 << 13)
  /// Inside an element whose class/id makes it very unlikely to be content.
  static let unlikely = BlockFlags(rawValue: 1 << 14)
  static let preformatted = BlockFlags(rawValue: 1 << 15)
  static let time = BlockFlags(rawValue: 1 << 16)
  static let address = BlockFlags(rawValue: 1 << 17)
  /// Inside an element whose class/id says gallery, caption or photo credit.
  static let mediaHint = BlockFlags(rawValue: 1 << 18)
}

/// Tag names to ``TagInfo``, looked up from the raw bytes of libxml2's lower-case names.
struct TagTable: Sendable {
  /// Up to 16 bytes of a name packed into two words: an exact key for every known tag.
  struct Key: Hashable, Sendable {
    var low: UInt64
    var high: UInt64
  }

  private let table: [Key: TagInfo]
  static let inline = TagInfo(role: .inline, kind: nil, flags: [], weight: 0)

  init() {
    var table: [Key: TagInfo] = [:]
    func add(
      _ names: [String], _ role: TagInfo.Role, kind: String? = nil, flags: BlockFlags = [],
      weight: Int16 = 0
    ) {
      for name in names {
        guard let key = Self.key(Array(name.utf8)) else { continue }
        table[key] = TagInfo(
          role: role, kind: kind ?? (role == .block ? name : nil), flags: flags,
          weight: weight)
      }
    }
    add(
      [
        "script", "style", "template", "noscript", "svg", "math", "iframe", "object", "embed",
        "canvas", "select", "option", "textarea", "input", "audio", "video", "map", "datalist",
        "frameset", "frame", "applet", "link", "meta", "base",
      ], .skip)
    add(["head"], .head)
    add(["br", "hr"], .lineBreak)
    add(["a"], .link)
    add(["pre"], .pre, kind: "pre", flags: .preformatted, weight: 3)
    add(["p"], .block)
    add(["div", "section", "center", "main"], .block, kind: "div", weight: 5)
    add(["article"], .block, kind: "div", flags: .article, weight: 10)
    add(["body", "html"], .block, kind: "div")
    add(["h1", "h2", "h3", "h4", "h5", "h6"], .block, flags: .heading, weight: -5)
    add(["hgroup"], .block, kind: "div", flags: .heading)
    add(["li", "dt", "dd"], .block, flags: .listItem, weight: -3)
    add(["ul", "ol", "dl", "menu", "dir"], .block, kind: "div", weight: -3)
    add(["td", "th"], .block, flags: .tableCell, weight: 3)
    add(["table", "tbody", "thead", "tfoot", "tr", "colgroup"], .block, kind: "div")
    add(["caption"], .block, flags: .caption)
    add(["figcaption"], .block, flags: .caption)
    add(["figure", "picture"], .block, kind: "div", flags: .caption)
    add(["blockquote"], .block, kind: "blockquote", flags: .quote, weight: 3)
    add(["nav"], .block, kind: "div", flags: .nav, weight: -25)
    add(["footer"], .block, kind: "div", flags: .footer, weight: -25)
    add(["aside"], .block, kind: "div", flags: .aside, weight: -25)
    add(["header"], .block, kind: "div", flags: .header, weight: -5)
    add(["form", "fieldset"], .block, kind: "div", flags: .form, weight: -3)
    add(["address"], .block, kind: "div", flags: .address, weight: -3)
    add(["details", "summary", "dialog", "legend", "label", "output"], .block, kind: "div")
    add(["button"], .block, kind: "button", flags: .button)
    add(["time"], .inline, flags: .time)
    add(["title"], .block, kind: "title")
    self.table = table
  }

  /// The packed key of a name, or nil for names longer than 16 bytes.
  static func key(_ name: [UInt8]) -> Key? {
    guard name.count <= 16 else { return nil }
    var low: UInt64 = 0
    var high: UInt64 = 0
    for (index, byte) in name.enumerated() {
      let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
      if index < 8 {
        low |= UInt64(lower) << (8 * UInt64(index))
      } else {
        high |= UInt64(lower) << (8 * UInt64(index - 8))
      }
    }
    return Key(low: low, high: high)
  }

  /// The info for a NUL-terminated name (libxml2's `xmlChar *`).
  func info(_ name: UnsafePointer<UInt8>?) -> TagInfo {
    guard let name else { return Self.inline }
    var low: UInt64 = 0
    var high: UInt64 = 0
    var index = 0
    while true {
      var byte = name[index]
      if byte == 0 { break }
      if index >= 16 { return Self.inline }
      if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
      if index < 8 {
        low |= UInt64(byte) << (8 * UInt64(index))
      } else {
        high |= UInt64(byte) << (8 * UInt64(index - 8))
      }
      index += 1
    }
    return table[Key(low: low, high: high)] ?? Self.inline
  }
}
