/// Reads class and id attribute values for hints that an element holds content or site chrome.
///
/// The word lists follow the spirit of Readability's class/id heuristics, extended with the
/// chrome the issue names (share, promo, newsletter, related...). Matching is by substring on
/// the lower-cased `class` and `id` values together, in one pass over the value for all lists.
struct ClassHints: Sendable {
  /// The lists a word belongs to.
  private struct Lists: OptionSet, Sendable {
    let rawValue: UInt8
    /// Words that make an element very unlikely to be content (unless a `rescue` word also
    /// appears).
    static let unlikely = Lists(rawValue: 1)
    /// Words that save an element from `unlikely` ("article-comments" stays a candidate).
    static let rescue = Lists(rawValue: 2)
    /// Words that make an element more likely to be content.
    static let positive = Lists(rawValue: 4)
    /// Words of image galleries, captions and photo credits.
    static let media = Lists(rawValue: 8)
  }

  /// Every word of every list, and the lists of each.
  private let index: SubstringIndex
  private let lists: [Lists]

  init() {
    let unlikely = [
      "banner", "breadcrumb", "combx", "comment", "communit", "disqus", "footer", "gdpr",
      "cookie", "consent", "menu", "navbar", "nav-", "-nav", "navigation", "related", "remark",
      "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "pagination",
      "pager", "popup", "modal", "newsletter", "subscri", "signup", "sign-up", "share",
      "sharing", "promo", "advert", "-ad-", "ad-slot", "adslot", "ad-container", "ad-wrapper",
      "outbrain", "taboola", "recommend", "trending", "popular", "most-read", "mostread",
      "toolbar", "masthead", "widget", "read-more", "readmore", "more-stories", "tags",
      "author-bio", "donate", "login",
    ]
    let rescue = ["article", "body", "column", "content", "main", "story", "entry", "post-text"]
    let positive = [
      "article", "body", "content", "entry", "hentry", "main", "post", "text", "blog", "story",
    ]
    let media = ["caption", "credit", "gallery", "slideshow", "carousel", "lightbox", "slider"]
    var lists: [String: Lists] = [:]
    for (words, list) in [
      (unlikely, Lists.unlikely), (rescue, .rescue), (positive, .positive), (media, .media),
    ] {
      for word in words { lists[word, default: []].insert(list) }
    }
    let words = lists.sorted { $0.key < $1.key }
    index = SubstringIndex(words.map { Array($0.key.utf8) })
    self.lists = words.map(\.value)
  }

  /// The flags and weight for a lower-cased `class id` string.
  func judge(_ value: [UInt8]) -> (flags: BlockFlags, weight: Int16) {
    let found = lists(in: value)
    var flags: BlockFlags = []
    var weight: Int16 = 0
    if found.contains(.unlikely) {
      flags.insert(.negativeHint)
      weight -= 25
      if !found.contains(.rescue) { flags.insert(.unlikely) }
    }
    if found.contains(.media) { flags.insert(.mediaHint) }
    if found.contains(.positive) {
      flags.insert(.positiveHint)
      weight += 25
    }
    return (flags, weight)
  }

  /// Every list with a word that occurs in `value`.
  private func lists(in value: [UInt8]) -> Lists {
    var found: Lists = []
    index.forEachOccurrence(in: value) { found.formUnion(lists[$0]) }
    return found
  }
}
