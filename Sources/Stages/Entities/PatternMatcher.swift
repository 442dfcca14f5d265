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

  /// Whether `word` (any case) names a month or a day of the week: a date word, never a
  /// listed town ("August", ``ListedNames``).
  func isCalendarWord(_ word: String) -> Bool {
    switch words[FeatureHash.lowercased(word.utf8)] {
    case .month, .ambiguousMonth, .weekday: true
    default: false
    }
  }

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

  /// Pattern matches over a sentence's tokens, left to right, longest rule first.
  func matches(in text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>) -> [Match] {
    let view = PatternTokenView(text: text, tokens: tokens, words: words)
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

  /// The pattern starting at token `index`, by the rules of `PatternRules.swift` in order.
  private func match(_ view: PatternTokenView, at index: Int) -> Match? {
    let token = PatternRules.Start(view: view, index: index)
    return PatternRules.money(token) ?? PatternRules.oneTokenDate(token)
      ?? PatternRules.time(token) ?? PatternRules.percent(token)
      ?? PatternRules.writtenDate(token) ?? PatternRules.amount(token)
  }
}
