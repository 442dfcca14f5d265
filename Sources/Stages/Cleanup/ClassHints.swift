/// Reads class and id attribute values for hints that an element holds content or site chrome.
///
/// The word lists follow the spirit of Readability's class/id heuristics, extended with the
/// chrome the issue names (share, promo, newsletter, related...). Matching is by substring on
/// the lower-cased `class` and `id` values together.
struct ClassHints: Sendable {
  /// Words that make an element very unlikely to be content (unless a `rescue` word also
  /// appears).
  private let unlikely: [[UInt8]]
  /// Words that save an element from `unlikely` ("article-comments" stays a candidate).
  private let rescue: [[UInt8]]
  /// Words that make an element more likely to be content.
  private let positive: [[UInt8]]
  /// Words of image galleries, captions and photo credits.
  private let media: [[UInt8]]

  init() {
    unlikely = [
      "banner", "breadcrumb", "combx", "comment", "communit", "disqus", "footer", "gdpr",
      "cookie", "consent", "menu", "navbar", "nav-", "-nav", "navigation", "related", "remark",
      "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "pagination",
      "pager", "popup", "modal", "newsletter", "subscri", "signup", "sign-up", "share",
      "sharing", "promo", "advert", "-ad-", "ad-slot", "adslot", "ad-container", "ad-wrapper",
      "outbrain", "taboola", "recommend", "trending", "popular", "most-read", "mostread",
      "toolbar", "masthead", "widget", "read-more", "readmore", "more-stories", "tags",
      "author-bio", "donate", "login",
    ].map { Array($0.utf8) }
    rescue = ["article", "body", "column", "content", "main", "story", "entry", "post-text"]
      .map { Array($0.utf8) }
    positive = [
      "article", "body", "content", "entry", "hentry", "main", "post", "text", "blog", "story",
    ].map { Array($0.utf8) }
    media = [
      "caption", "credit", "gallery", "slideshow", "carousel", "lightbox", "slider",
    ].map { Array($0.utf8) }
  }

  /// The flags and weight for a lower-cased `class id` string.
  func judge(_ value: [UInt8]) -> (flags: BlockFlags, weight: Int16) {
    var flags: BlockFlags = []
    var weight: Int16 = 0
    if Self.containsAny(value, unlikely) {
      flags.insert(.negativeHint)
      weight -= 25
      if !Self.containsAny(value, rescue) { flags.insert(.unlikely) }
    }
    if Self.containsAny(value, media) { flags.insert(.mediaHint) }
    if Self.containsAny(value, positive) {
      flags.insert(.positiveHint)
      weight += 25
    }
    return (flags, weight)
  }

  static func containsAny(_ haystack: [UInt8], _ needles: [[UInt8]]) -> Bool {
    for needle in needles where contains(haystack, needle) { return true }
    return false
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    let count = needle.count
    guard count > 0, haystack.count >= count else { return false }
    let first = needle[0]
    var index = 0
    let last = haystack.count - count
    while index <= last {
      if haystack[index] == first {
        var offset = 1
        while offset < count, haystack[index + offset] == needle[offset] { offset += 1 }
        if offset == count { return true }
      }
      index += 1
    }
    return false
  }
}
