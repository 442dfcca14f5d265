import Pipeline

/// Acronyms that are common nouns, not names: devices and their parts ("TV", "PC", "CPU",
/// "SSD", "USB-C"), software and the web ("URL", "VPN", "SQL", "UI"), cars ("SUV", "EV",
/// "AWD"), finance and advertising ("IPO", "ETF", "CTR"), medicine and science ("DNA", "MRI",
/// "ECG") and chat ("ASAP", "FAQ", "Q&A"). Written in capitals they look like an
/// organisation's initials to the model; a model span that is one such token in capitals
/// (with a plural "s" or not: "TVs", "EVs") names nothing and is dropped. Postal codes
/// ("AR", "PA") and company initials ("HP") are not in the list; a word written with
/// lower-case letters ("Ram", "Led") is left to the model.
extension EntityTagger {
  /// Lower-cased hashes of the common-noun acronyms.
  static let commonNounAcronyms = FeatureExtractor.commonWords(
    in: [],
    words: [
      "tv", "tvs", "hdtv", "hdtvs", "pc", "pcs", "cpu", "cpus", "gpu", "gpus", "ssd", "ssds",
      "hdd", "hdds", "ram", "usb", "usb-c", "hdmi", "led", "leds", "lcd", "oled", "uhd", "hdr",
      "ips", "rgb", "nfc", "lte", "sim", "dvd", "dvds", "gps", "vr", "ai", "os", "dns", "vpn",
      "vpns", "url", "urls", "ui", "ux", "api", "apis", "sdk", "ide", "sql", "html", "css",
      "pdf", "pdfs", "gif", "jpeg", "png", "faq", "faqs", "diy", "q&a", "asap", "fyi",
      "suv", "suvs", "ev", "evs", "awd", "rwd", "fwd", "4wd", "mpg", "rpm", "ipo", "ipos", "roi",
      "kpi", "kpis", "ctr", "cpm", "rtb", "b2b", "b2c", "etf", "etfs", "gdp", "cpi", "hr", "r&d",
      "m&a", "dna", "rna", "mri", "ecg", "ekg", "icu", "iq", "bmi", "co2",
    ])

  /// Whether `span` is one token of the sentence `tokens` that is a common-noun acronym
  /// written in capitals (a final plural "s" aside).
  func isCommonNounAcronym(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> Bool {
    guard span.end - span.first == 1, Self.commonNounAcronyms.contains(sentence.lower[span.first])
    else { return false }
    let token = tokens[tokens.startIndex + span.first]
    var bytes = text[token.start..<token.end]
    if bytes.count > 2, bytes.last == 0x73 { bytes = bytes.dropLast() }
    return !bytes.contains(where: ASCII.isLower)
  }
}
