/// Lemmas decided by how a form is written, whatever its tag (the Universal Dependencies
/// conventions of UD EWT): a web or e-mail address is its own lemma, case kept
/// (`http://en.wikipedia.org/wiki/Cubism`, `SOblander@carrfut.com`, `www.adobe.com`), and a
/// file name with a common document or media extension is lower-cased like any other
/// common noun (`API.pdf` -> `api.pdf`), also where the tagger took it for a proper noun.
enum AddressLemma {
  /// The lemma of `form` if it is an address or a file name, else nil. Cheap for ordinary
  /// words: one pass over the bytes looking for `.`, `@` and `:`.
  @inline(__always)
  static func lemma(_ form: String) -> String? {
    var dot = -1
    var lastDot = -1
    var at = -1
    var colon = -1
    var index = 0
    for byte in form.utf8 {
      switch byte {
      case UInt8(ascii: "."):
        if dot < 0 { dot = index }
        lastDot = index
      case UInt8(ascii: "@"): if at < 0 { at = index }
      case UInt8(ascii: ":"): if colon < 0 { colon = index }
      default: break
      }
      index += 1
    }
    guard dot >= 0 || at >= 0 else { return nil }
    if isAddress(form, at: at, colon: colon, lastDot: lastDot) { return form }
    if dot >= 0, dot == lastDot, isFileName(form, dot: dot) { return Lemmatizer.lowercased(form) }
    return nil
  }

  /// A URL (`scheme://...`), a host starting `www.`, or an e-mail address (`name@host.tld`).
  static func isAddress(_ form: String, at: Int, colon: Int, lastDot: Int) -> Bool {
    let bytes = form.utf8
    if colon > 0, bytes.count > colon + 3 {
      let rest = bytes.dropFirst(colon)
      if rest.starts(with: "://".utf8) { return true }
    }
    if bytes.count > 4,
      Lemmatizer.lowercased(String(decoding: bytes.prefix(4), as: UTF8.self))
        == "www."
    {
      return true
    }
    return at > 0 && lastDot > at + 1 && lastDot < bytes.count - 1
  }

  /// `name.ext`: a name of letters, digits, `_` and `-`, and one of ``extensions``.
  static func isFileName(_ form: String, dot: Int) -> Bool {
    let bytes = form.utf8
    guard dot > 0, bytes.count - dot - 1 >= 2, bytes.count - dot - 1 <= 4 else { return false }
    for byte in bytes.prefix(dot) {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
        continue
      default: return false
      }
    }
    let suffix = Lemmatizer.lowercased(String(decoding: bytes.dropFirst(dot + 1), as: UTF8.self))
    return extensions.contains(suffix)
  }

  /// Common file-name extensions of documents, pages, pictures, sound, video and archives.
  static let extensions: Set<String> = [
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "csv", "xml", "htm",
    "html", "jpg", "jpeg", "gif", "png", "bmp", "tif", "tiff", "mp3", "wav", "avi", "mpg",
    "mpeg", "mov", "mp4", "zip", "exe",
  ]
}
