import Pipeline

/// Finds DATE, TIME, MONEY, PERCENT and QUANTITY mentions over tokens with hand-written rules:
/// "01 November 2022", "November 1, 2022", "1996-08-30", "Monday", "in 2018", "10:30 GMT",
/// "$1.6 billion", "5 million euros", "40 percent", "12%", "20,000-25,000 people", "30 km".
struct PatternMatcher: Sendable {
  /// One pattern entity: tokens `[first, end)` of the slice and its label.
  struct Match: Equatable {
    var first: Int
    var end: Int
    var label: String
  }

  enum WordClass: UInt8 {
    case month, ambiguousMonth, weekday, scale, currency, percent, per, cent, unit, timeSuffix
    case yearPreposition, relativeDay, relativeModifier, period, numberWord, rangeWord, square
    case ago
  }

  private let words: [UInt64: WordClass]
  /// Military unit names (ORG), matched with the patterns.
  let unitNames = UnitNameMatcher()

  init() {
    var words: [UInt64: WordClass] = [:]
    func add(_ list: String, _ wordClass: WordClass) {
      for word in list.split(separator: " ") { words[FeatureHash.string(String(word))] = wordClass }
    }
    add(
      "january february march april june july august september october november december "
        + "jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. jan feb apr jun jul aug "
        + "sep sept oct nov dec", .month)
    add("may", .ambiguousMonth)
    add(
      "monday tuesday wednesday thursday friday saturday sunday mon. tue. tues. wed. thu. "
        + "thur. thurs. fri. sat. sun.", .weekday)
    add("thousand million billion trillion bn mln m. k mn", .scale)
    add(
      "dollars dollar usd eur euros euro pounds pound sterling yen shekels shekel nis rubles "
        + "ruble roubles rouble manat yuan renminbi rupees rupee francs franc marks lira liras "
        + "riyals riyal rials rial dirhams dirham won pesos peso cents", .currency)
    add("percent pct % percentage", .percent)
    add("per", .per)
    add("cent", .cent)
    add(
      "people persons person soldiers troops civilians residents refugees migrants workers "
        + "employees jobs members protesters casualties deaths victims children women men "
        + "tonnes tons tonne ton barrels barrel km kilometers kilometres kilometre kilometer "
        + "miles mile meters metres meter metre kg kilograms kilogram grams pounds-weight feet "
        + "foot hectares acres liters litres gallons megawatts mw gw gigawatts kwh bcm "
        + "cubic degrees km2 sq mph km/h knots years-old homes houses vehicles aircraft "
        + "drones missiles rockets tanks units doses", .unit)
    add("a.m. p.m. am pm gmt utc edt est bst cet", .timeSuffix)
    add("in since until by from during before after of early late mid", .yearPreposition)
    add("today yesterday tomorrow tonight", .relativeDay)
    add("last next this past coming previous", .relativeModifier)
    add("week month year decade weekend quarter century days weeks months years hours", .period)
    add(
      "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
        + "fifty hundred hundreds thousands millions dozens dozen several", .numberWord)
    add("to - – and", .rangeWord)
    add("square", .square)
    add("ago", .ago)
    self.words = words
  }

  private struct TokenView {
    let text: UnsafeBufferPointer<UInt8>
    let tokens: ArraySlice<Token>
    let words: [UInt64: WordClass]

    var count: Int { tokens.count }

    func token(_ index: Int) -> Token { tokens[tokens.startIndex + index] }

    /// The byte at `offset` in token `index`; 0 past the token or past the slice.
    func byte(_ index: Int, _ offset: Int) -> UInt8 {
      guard index >= 0, index < count, offset >= 0 else { return 0 }
      let token = token(index)
      return token.start + offset < token.end ? text[token.start + offset] : 0
    }

    /// The token's length in bytes; 0 past the slice.
    func length(_ index: Int) -> Int {
      guard index >= 0, index < count else { return 0 }
      let token = token(index)
      return token.end - token.start
    }

    func wordClass(_ index: Int) -> WordClass? {
      guard index >= 0, index < count else { return nil }
      let token = token(index)
      var hash = FeatureHash.seed
      for offset in token.start..<token.end {
        hash = FeatureHash.step(hash, Gazetteer.lowercase(text[offset]))
      }
      return words[hash]
    }

    func isCapitalised(_ index: Int) -> Bool {
      let first = byte(index, 0)
      return first >= 0x41 && first <= 0x5A
    }

    /// Digits with `,` and `.` inside, e.g. "1,200.5"; the value when it is a plain integer.
    func number(_ index: Int) -> (isNumber: Bool, value: Int?) {
      guard index < count else { return (false, nil) }
      let token = token(index)
      var digits = 0
      var plain = true
      var value = 0
      for offset in token.start..<token.end {
        let byte = text[offset]
        if byte >= 0x30 && byte <= 0x39 {
          digits += 1
          if digits <= 9 { value = value * 10 + Int(byte - 0x30) }
        } else if (byte == 0x2C || byte == 0x2E) && offset > token.start && offset + 1 < token.end {
          plain = false
        } else {
          return (false, nil)
        }
      }
      guard digits > 0 else { return (false, nil) }
      return (true, plain && digits <= 9 ? value : nil)
    }

    /// Whether every byte is a digit or one of the given punctuation bytes, with a digit first
    /// and last, and the punctuation present.
    func digits(_ index: Int, with marks: [UInt8], suffix: Int = 0) -> Bool {
      guard index < count else { return false }
      let token = token(index)
      let end = token.end - suffix
      guard end - token.start >= 3 else { return false }
      var sawMark = false
      for offset in token.start..<end {
        let byte = text[offset]
        if byte >= 0x30 && byte <= 0x39 { continue }
        if marks.contains(byte) && offset > token.start && offset + 1 < end {
          sawMark = true
          continue
        }
        return false
      }
      return sawMark || marks.isEmpty
    }

    /// A currency symbol at the token's start: its length in bytes ($, US$, €, £, ¥, ₪).
    func currencyPrefix(_ index: Int) -> Int {
      guard index < count else { return 0 }
      let b0 = byte(index, 0)
      let b1 = byte(index, 1)
      let b2 = byte(index, 2)
      if b0 == 0x24 { return 1 }
      if b0 == 0x55 && b1 == 0x53 && b2 == 0x24 { return 3 }
      if b0 == 0xC2 && (b1 == 0xA3 || b1 == 0xA5) { return 2 }
      if b0 == 0xE2 && b1 == 0x82 && (b2 == 0xAC || b2 == 0xAA) { return 3 }
      return 0
    }

    func isNumberAfter(_ index: Int, skip: Int) -> Bool {
      guard index < count else { return false }
      let token = token(index)
      guard token.end - token.start > skip else { return false }
      for offset in (token.start + skip)..<token.end {
        let byte = text[offset]
        if !(byte >= 0x30 && byte <= 0x39) && byte != 0x2C && byte != 0x2E { return false }
      }
      let first = text[token.start + skip]
      return first >= 0x30 && first <= 0x39
    }
  }

  /// Pattern matches over a sentence's tokens, left to right, longest rule first.
  func matches(in text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>) -> [Match] {
    let view = TokenView(text: text, tokens: tokens, words: words)
    var result: [Match] = []
    var index = 0
    while index < view.count {
      if let match = match(view, at: index) {
        result.append(match)
        index = match.end
      } else {
        index += 1
      }
    }
    return result
  }

  private func isYear(_ value: Int?) -> Bool { value.map { (1800...2100).contains($0) } ?? false }

  private func match(_ view: TokenView, at index: Int) -> Match? {
    let first = view.byte(index, 0)
    let isDigit = first >= 0x30 && first <= 0x39
    let wordClass = view.wordClass(index)
    let number = view.number(index)
    // Money: "$1.6 billion", "$ 5", "US$ 3 million".
    let prefix = view.currencyPrefix(index)
    if prefix > 0 {
      var end = index
      if view.isNumberAfter(index, skip: prefix) {
        end = index + 1
      } else if view.length(index) == prefix, view.number(index + 1).isNumber {
        end = index + 2
      }
      if end > index {
        if view.wordClass(end) == .scale { end += 1 }
        return Match(first: index, end: end, label: "MONEY")
      }
    }
    // Dates written as one token: "1996-08-30", "30/08/1996", the "1990s".
    if isDigit, view.length(index) == 10, view.digits(index, with: [0x2D]),
      view.byte(index, 4) == 0x2D
    {
      return Match(first: index, end: index + 1, label: "DATE")
    }
    if isDigit, view.length(index) == 5, view.byte(index, 4) == 0x73,
      view.number(index).isNumber == false,
      view.digits(index, with: [], suffix: 1)
    {
      return Match(first: index, end: index + 1, label: "DATE")
    }
    // Times: "10:30", "10:30 GMT", "10 a.m.".
    if isDigit, view.digits(index, with: [0x3A]), view.length(index) <= 5 {
      var end = index + 1
      if view.wordClass(end) == .timeSuffix { end += 1 }
      return Match(first: index, end: end, label: "TIME")
    }
    if number.isNumber, let value = number.value, (1...12).contains(value),
      view.wordClass(index + 1) == .timeSuffix
    {
      return Match(first: index, end: index + 2, label: "TIME")
    }
    // Percent: "40%", "40 percent", "40 per cent".
    if isDigit, view.byte(index, view.length(index) - 1) == 0x25,
      view.length(index) > 1
    {
      return Match(first: index, end: index + 1, label: "PERCENT")
    }
    if number.isNumber {
      if view.wordClass(index + 1) == .percent {
        return Match(first: index, end: index + 2, label: "PERCENT")
      }
      if view.wordClass(index + 1) == .per, view.wordClass(index + 2) == .cent {
        return Match(first: index, end: index + 3, label: "PERCENT")
      }
    }
    // Dates: "01 November 2022", "1 Nov.", "November 1, 2022", "November 2022".
    if number.isNumber, let day = number.value, (1...31).contains(day), view.length(index) <= 2,
      let next = view.wordClass(index + 1), next == .month || next == .ambiguousMonth
    {
      var end = index + 2
      if isYear(view.number(end).value) { end += 1 }
      return Match(first: index, end: end, label: "DATE")
    }
    if (wordClass == .month || wordClass == .ambiguousMonth) && view.isCapitalised(index) {
      var end = index + 1
      let next = view.number(end)
      if next.isNumber, let day = next.value, (1...31).contains(day), view.length(end) <= 2 {
        end += 1
        if view.byte(end, 0) == 0x2C, view.length(end) == 1, isYear(view.number(end + 1).value) {
          end += 2
        } else if isYear(view.number(end).value) {
          end += 1
        }
      } else if isYear(next.value) {
        end += 1
      }
      if end > index + 1 || wordClass == .month {
        return Match(first: index, end: end, label: "DATE")
      }
    }
    if wordClass == .weekday && view.isCapitalised(index) {
      return Match(first: index, end: index + 1, label: "DATE")
    }
    if wordClass == .relativeDay {
      return Match(first: index, end: index + 1, label: "DATE")
    }
    if wordClass == .relativeModifier, view.wordClass(index + 1) == .period {
      return Match(first: index, end: index + 2, label: "DATE")
    }
    if index > 0, view.wordClass(index - 1) == .yearPreposition, isYear(number.value),
      view.length(index) == 4
    {
      return Match(first: index, end: index + 1, label: "DATE")
    }
    // Money and quantities after a number or range: "5 million euros", "20,000-25,000 people".
    let isRange = isDigit && view.digits(index, with: [0x2D, 0x2C, 0x2E]) && !number.isNumber
    if number.isNumber || isRange || wordClass == .numberWord {
      var end = index + 1
      if !isRange, view.wordClass(end) == .rangeWord, view.number(end + 1).isNumber {
        end += 2
      }
      if view.wordClass(end) == .scale { end += 1 }
      let following = view.wordClass(end)
      if following == .currency, number.isNumber || isRange {
        return Match(first: index, end: end + 1, label: "MONEY")
      }
      if following == .square, view.wordClass(end + 1) == .unit {
        return Match(first: index, end: end + 2, label: "QUANTITY")
      }
      if following == .unit {
        return Match(first: index, end: end + 1, label: "QUANTITY")
      }
      if number.isNumber && view.wordClass(end) == .period && view.wordClass(end + 1) == .ago {
        return Match(first: index, end: end + 2, label: "DATE")
      }
    }
    return nil
  }
}
