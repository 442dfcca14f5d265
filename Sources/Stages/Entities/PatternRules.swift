/// The rules of ``PatternMatcher``, one function per kind of mention, each given the token a
/// match would start at; the matcher tries them in the order listed here.
enum PatternRules {
  typealias Match = PatternMatcher.Match

  /// The token a match would start at, and what the rules ask of it first.
  struct Start {
    let view: PatternTokenView
    let index: Int
    let isDigit: Bool
    let wordClass: PatternMatcher.WordClass?
    let number: (isNumber: Bool, value: Int?)

    init(view: PatternTokenView, index: Int) {
      self.view = view
      self.index = index
      let first = view.byte(index, 0)
      isDigit = first >= 0x30 && first <= 0x39
      wordClass = view.wordClass(index)
      number = view.number(index)
    }
  }

  static func isYear(_ value: Int?) -> Bool {
    value.map { (1800...2100).contains($0) } ?? false
  }

  /// Money with a currency symbol: "$1.6 billion", "$ 5", "US$ 3 million".
  static func money(_ start: Start) -> Match? {
    let (view, index) = (start.view, start.index)
    let prefix = view.currencyPrefix(index)
    guard prefix > 0 else { return nil }
    var end = index
    if view.isNumberAfter(index, skip: prefix) {
      end = index + 1
    } else if view.length(index) == prefix, view.number(index + 1).isNumber {
      end = index + 2
    }
    guard end > index else { return nil }
    if view.wordClass(end) == .scale { end += 1 }
    return Match(first: index, end: end, label: "MONEY")
  }

  /// Dates written as one token: "1996-08-30", the "1990s".
  static func oneTokenDate(_ start: Start) -> Match? {
    let (view, index) = (start.view, start.index)
    guard start.isDigit else { return nil }
    if view.length(index) == 10, view.digits(index, with: [0x2D]), view.byte(index, 4) == 0x2D {
      return Match(first: index, end: index + 1, label: "DATE")
    }
    if view.length(index) == 5, view.byte(index, 4) == 0x73,
      view.number(index).isNumber == false,
      view.digits(index, with: [], suffix: 1)
    {
      return Match(first: index, end: index + 1, label: "DATE")
    }
    return nil
  }

  /// Times: "10:30", "10:30 GMT", "10 a.m.".
  static func time(_ start: Start) -> Match? {
    let (view, index) = (start.view, start.index)
    if start.isDigit, view.digits(index, with: [0x3A]), view.length(index) <= 5 {
      var end = index + 1
      if view.wordClass(end) == .timeSuffix { end += 1 }
      return Match(first: index, end: end, label: "TIME")
    }
    if start.number.isNumber, let value = start.number.value, (1...12).contains(value),
      view.wordClass(index + 1) == .timeSuffix
    {
      return Match(first: index, end: index + 2, label: "TIME")
    }
    return nil
  }

  /// Percent: "40%", "40 percent", "40 per cent".
  static func percent(_ start: Start) -> Match? {
    let (view, index) = (start.view, start.index)
    if start.isDigit, view.byte(index, view.length(index) - 1) == 0x25, view.length(index) > 1 {
      return Match(first: index, end: index + 1, label: "PERCENT")
    }
    guard start.number.isNumber else { return nil }
    if view.wordClass(index + 1) == .percent {
      return Match(first: index, end: index + 2, label: "PERCENT")
    }
    if view.wordClass(index + 1) == .per, view.wordClass(index + 2) == .cent {
      return Match(first: index, end: index + 3, label: "PERCENT")
    }
    return nil
  }

  /// Dates in words: "01 November 2022", "1 Nov.", "November 1, 2022", "November 2022",
  /// "Monday", "today", "last week", "in 2018".
  static func writtenDate(_ start: Start) -> Match? {
    let (view, index, wordClass, number) = (start.view, start.index, start.wordClass, start.number)
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
    return nil
  }

  /// Money and quantities after a number or range: "5 million euros", "20,000-25,000
  /// people", "30 square km", and "3 years ago" (a DATE).
  static func amount(_ start: Start) -> Match? {
    let (view, index, number) = (start.view, start.index, start.number)
    let isRange =
      start.isDigit && view.digits(index, with: [0x2D, 0x2C, 0x2E]) && !number.isNumber
    guard number.isNumber || isRange || start.wordClass == .numberWord else { return nil }
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
    return nil
  }
}
