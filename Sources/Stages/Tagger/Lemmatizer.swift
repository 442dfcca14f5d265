/// Lemmas from a lookup table and English inflection rules.
///
/// Order: web and e-mail addresses keep their form and file names are lower-cased
/// (``AddressLemma``); a learned exception for the (lower-case form, Penn tag) pair; proper
/// nouns keep their form unless they are an abbreviated month or weekday (irregular class
/// `P`: `Sept.` -> `September`); an irregular form of the tag's word class (`went` -> `go`); then suffix rules
/// by tag (`-s/-es/-ies/-ves`, `-ed/-ing` with consonant doubling and `e` restoration,
/// `-er/-est`), whose candidates are checked against the known base forms of that class.
/// Everything else is the lower-case form. A learned change of letter case (``LemmaCase``)
/// then applies to the rule lemma in its context (not to learned exceptions).
package struct Lemmatizer: Sendable, Equatable {
  /// Learned exceptions, keyed `lower\tTAG`.
  let exceptions: [String: String]
  /// Irregular forms, keyed `lower\tCLASS` (`V`, `N`, `A`, `*`; `P`: proper nouns).
  let irregular: [String: String]
  /// Known base forms, `CLASS\tword` (`V\twalk`, `N\thouse`, `A\tbig`); a lexicon's (WordNet)
  /// with the class in lower case (`v\ttime`), consulted only where the rules' best guess
  /// is not a known word.
  let vocabulary: Set<String>
  /// Learned changes of case: Penn tag -> (casing class << 8 | form shape) -> change.
  let caseRules: [String: [UInt16: LemmaCase]]
  /// The forms the exception and irregular tables may list (for skipping their lookups).
  private let listed: ListedForms

  package init(
    exceptions: [String: String], irregular: [String: String], vocabulary: Set<String>,
    caseRules: [String: [UInt16: LemmaCase]] = [:]
  ) {
    self.exceptions = exceptions
    self.irregular = irregular
    self.vocabulary = vocabulary
    self.caseRules = caseRules
    self.listed = ListedForms(keys: [exceptions.keys, irregular.keys].joined())
  }

  /// What the lemmatizer needs to know about each of `tags` (for ``lemma(_:plan:casing:initial:)``).
  package func plans(_ tags: [String]) -> [LemmaTagPlan] {
    tags.map { LemmaTagPlan($0, caseRules: caseRules) }
  }

  /// The key of a casing class and form shape in ``caseRules``.
  @inline(__always)
  package static func caseKey(casing: UInt64, shape: UInt8) -> UInt16 {
    UInt16(truncatingIfNeeded: min(casing, 255)) << 8 | UInt16(shape)
  }

  /// The word class a Penn tag's inflection rules and irregular forms belong to.
  static func wordClass(_ tag: String) -> String? {
    switch tag {
    case "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD": return "V"
    case "NNS": return "N"
    case "JJR", "JJS", "RBR", "RBS": return "A"
    default: return nil
    }
  }

  /// The lemma of `form` tagged `tag`; `casing` is the word's unlabeled-text casing class
  /// (``CaseProfile``, 0: unknown), `initial` whether it starts its sentence.
  /// The casing class is only looked up for a tag with case rules.
  package func lemma(
    _ form: String, tag: String, casing: @autoclosure () -> UInt64 = 0, initial: Bool = false
  ) -> String {
    lemma(form, plan: LemmaTagPlan(tag, caseRules: caseRules), casing: casing(), initial: initial)
  }

  /// ``lemma(_:tag:casing:initial:)`` with the tag's facts worked out beforehand (``plans(_:)``).
  @inline(__always)
  package func lemma(
    _ form: String, plan: LemmaTagPlan, casing: @autoclosure () -> UInt64 = 0,
    initial: Bool = false
  ) -> String {
    if let address = AddressLemma.lemma(form) { return address }
    let lower = Self.lowercased(form)
    let listed = listed.mayContain(lower)
    if listed, let exception = exceptions[lower + "\t" + plan.tag] { return exception }
    let lemma = ruleLemma(form, lower: lower, plan: plan, listed: listed)
    guard let rules = plan.caseRules else { return lemma }
    let key = Self.caseKey(casing: casing(), shape: LemmaCase.shape(form, initial: initial))
    return (rules[key] ?? .keep).apply(lemma)
  }

  /// The lemma by the irregular table and rules alone (no learned exceptions).
  package func ruleLemma(_ form: String, lower: String, tag: String) -> String {
    ruleLemma(
      form, lower: lower, plan: LemmaTagPlan(tag, caseRules: [:]),
      listed: listed.mayContain(lower))
  }

  /// ``ruleLemma(_:lower:tag:)``; `listed` false: `lower` is in no irregular table key.
  private func ruleLemma(_ form: String, lower: String, plan: LemmaTagPlan, listed: Bool)
    -> String
  {
    switch plan.kind {
    case .proper:
      // An abbreviated month or weekday (`Sept.` -> `September`, `Fri` -> `Friday`).
      if listed, let full = irregular[lower + "\tP"] { return full }
      return form
    case .properPlural: return Self.properSingular(form)
    case .number: return Self.withoutThousandsCommas(form)
    case .other: break
    }
    if listed, let any = irregular[lower + "\t*"] { return any }
    guard let wordClass = plan.wordClass else { return lower }
    if listed, let known = irregular[lower + "\t" + wordClass] { return known }
    let tag = plan.tag
    let candidates: [String]
    switch tag {
    case "NNS", "VBZ": candidates = Self.pluralCandidates(lower)
    case "VBD", "VBN": candidates = Self.suffixCandidates(lower, suffix: "ed", ySuffix: "ied")
    case "VBG": candidates = Self.suffixCandidates(lower, suffix: "ing", ySuffix: "")
    case "JJR", "RBR": candidates = Self.suffixCandidates(lower, suffix: "er", ySuffix: "ier")
    case "JJS", "RBS": candidates = Self.suffixCandidates(lower, suffix: "est", ySuffix: "iest")
    default: return lower
    }
    if let known = candidates.first(where: { vocabulary.contains(wordClass + "\t" + $0) }) {
      return known
    }
    // The rules' best guess if the lexicon knows it, else a candidate it knows (`timed` ->
    // `time`, not `tim`).
    let guess = candidates.last ?? lower
    let lexicon = Self.lexiconClass(wordClass)
    let known =
      vocabulary.contains(lexicon + "\t" + guess)
      ? guess : candidates.first(where: { vocabulary.contains(lexicon + "\t" + $0) })
    // A past form whose base the lexicon knows as a verb is one even where the corpora use
    // the form as an adjective (`published`, `aged`).
    if tag == "VBD" || tag == "VBN", let known, known != lower { return known }
    // A known word of another class ("anything", "morning") is not an inflection.
    if ["N", "V", "A"].contains(where: { vocabulary.contains($0 + "\t" + lower) }) { return lower }
    return known ?? guess
  }

  /// The class name of a lexicon's base forms in ``vocabulary`` (`v`, `n`, `a`: the word
  /// class in lower case, apart from the corpora's words).
  package static func lexiconClass(_ wordClass: String) -> String {
    lowercased(wordClass)
  }

  /// The singular of a plural proper noun, case kept (`Americans` -> `American`,
  /// `Rockies` -> `Rocky`); forms without a plural `s` stay as they are.
  static func properSingular(_ form: String) -> String {
    guard form.utf8.count > 3, form.hasSuffix("s"), !form.hasSuffix("ss"), !form.hasSuffix("'s")
    else { return form }
    if form.hasSuffix("ies") { return String(form.dropLast(3)) + "y" }
    return String(form.dropLast())
  }

  /// A number written with thousands commas, without them (`100,000` -> `100000`, the
  /// Universal Dependencies lemma); other forms unchanged.
  static func withoutThousandsCommas(_ form: String) -> String {
    let groups = form.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
    guard groups.count > 1, (1...3).contains(groups[0].count),
      groups.dropFirst().allSatisfy({ $0.count == 3 }),
      groups.allSatisfy({ $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } })
    else { return form }
    return String(decoding: groups.joined(), as: UTF8.self)
  }

  /// Candidate singulars, best guess last (used when none is a known word).
  static func pluralCandidates(_ word: String) -> [String] {
    let count = word.count
    guard count > 2, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("'s") else {
      return [word]
    }
    if word.hasSuffix("ies") && count > 4 { return [word, String(word.dropLast(3)) + "y"] }
    if word.hasSuffix("ves") {
      let stem = String(word.dropLast(3))
      return [stem + "f", stem + "fe", String(word.dropLast())]
    }
    for ending in ["xes", "ches", "shes", "sses", "zes", "oes"] where word.hasSuffix(ending) {
      return [String(word.dropLast()), String(word.dropLast(2))]
    }
    if word.hasSuffix("us") || word.hasSuffix("is") { return [word] }
    // `-es` after other stems is mostly the stem's own `e` (`sites`, `scores`); without
    // `-es` only the `s` goes (`plants` -> `plant`, never `plan`).
    let singular = String(word.dropLast())
    guard word.hasSuffix("es") else { return [singular] }
    return [singular, String(word.dropLast(2)), singular]
  }

  /// Candidate bases of a word with an inflectional suffix, best guess last.
  static func suffixCandidates(_ word: String, suffix: String, ySuffix: String) -> [String] {
    let bytes = Array(word.utf8)
    guard word.hasSuffix(suffix), bytes.count >= suffix.utf8.count + 2 else { return [word] }
    if !ySuffix.isEmpty && word.hasSuffix(ySuffix) && bytes.count > ySuffix.utf8.count + 1 {
      return [String(word.dropLast(ySuffix.count)) + "y"]
    }
    let stem = String(word.dropLast(suffix.count))
    let stemBytes = Array(stem.utf8)
    var candidates = [stem]
    let count = stemBytes.count
    let doubled =
      count >= 3 && stemBytes[count - 1] == stemBytes[count - 2]
      && !isVowel(stemBytes[count - 1])
    if doubled { candidates.append(String(stem.dropLast())) }
    candidates.append(stem + "e")
    // Best guess when no candidate is a known word.
    if doubled && !"lsfz".utf8.contains(stemBytes[count - 1]) {
      candidates.append(String(stem.dropLast()))
    } else if needsFinalE(stemBytes) {
      candidates.append(stem + "e")
    } else {
      candidates.append(stem)
    }
    return candidates
  }

  /// Whether a stem most likely lost a final `e` (`argu`, `produc`, `creat`, `enabl`).
  static func needsFinalE(_ stem: [UInt8]) -> Bool {
    guard let last = stem.last, stem.count >= 2 else { return false }
    let previous = stem[stem.count - 2]
    switch last {
    case UInt8(ascii: "v"), UInt8(ascii: "u"), UInt8(ascii: "z"): return true
    case UInt8(ascii: "c"): return previous != UInt8(ascii: "c")
    case UInt8(ascii: "g"): return previous != UInt8(ascii: "n") && previous != UInt8(ascii: "g")
    case UInt8(ascii: "l"): return !isVowel(previous) && previous != UInt8(ascii: "l")
    case UInt8(ascii: "t"): return previous == UInt8(ascii: "a") && stem.count > 4
    case UInt8(ascii: "s"): return previous == UInt8(ascii: "i") || previous == UInt8(ascii: "u")
    case UInt8(ascii: "r"): return previous == UInt8(ascii: "u") || previous == UInt8(ascii: "i")
    default: return false
    }
  }

  @inline(__always)
  static func isVowel(_ byte: UInt8) -> Bool {
    "aeiouy".utf8.contains(byte)
  }

  /// ASCII-fast lower-casing.
  package static func lowercased(_ text: String) -> String {
    if !text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 }) { return text }
    if !text.utf8.contains(where: { $0 >= 0x80 }) {
      return String(
        decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
    return text.lowercased()
  }
}
