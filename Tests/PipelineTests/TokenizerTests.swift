import Testing

@testable import Pipeline
@testable import Stages

private func tokens(_ text: String) throws -> [String] {
  let tokenizer = try #require(SentenceFixtures.splitter?.tokenizer)
  return tokenizer.tokenize(text).map { Document.slice(text, $0.start, $0.end) }
}

@Test func tokenizerSplitsPunctuation() throws {
  #expect(try tokens("\"Hello,\" she said.") == ["\"", "Hello", ",", "\"", "she", "said", "."])
  #expect(try tokens("Wait... what?!") == ["Wait", "...", "what", "?!"])
}

@Test func tokenizerKeepsAbbreviations() throws {
  #expect(
    try tokens("The U.S. and Mr. E. Smith, e.g. at 5 a.m.") == [
      "The", "U.S.", "and", "Mr.", "E.", "Smith", ",", "e.g.", "at", "5", "a.m.",
    ])
  #expect(try tokens("I live in the U.S.") == ["I", "live", "in", "the", "U.S."])
}

@Test func tokenizerSplitsClitics() throws {
  #expect(
    try tokens("It's John's, don't we'll can't") == [
      "It", "'s", "John", "'s", ",", "do", "n't", "we", "'ll", "ca", "n't",
    ])
  #expect(
    try tokens("JFK Jr.'s book, O'Neill’s") == ["JFK", "Jr.", "'s", "book", ",", "O'Neill", "’s"])
}

@Test func tokenizerNumbersAndMoney() throws {
  #expect(
    try tokens("$1.6 billion, 1,000 units, 10% at 10:30") == [
      "$", "1.6", "billion", ",", "1,000", "units", ",", "10", "%", "at", "10:30",
    ])
  #expect(try tokens("in the '90s on 08/16/2000") == ["in", "the", "'90s", "on", "08/16/2000"])
}

@Test func tokenizerKeepsHyphenatedWords() throws {
  #expect(
    try tokens("a well-known and/or self-interpreting -- thing") == [
      "a", "well-known", "and/or", "self-interpreting", "--", "thing",
    ])
}

@Test func tokenizerKeepsLinks() throws {
  #expect(
    try tokens("Mail Jane.Doe@example.com or see https://www.example.50.com/a_b.html.") == [
      "Mail", "Jane.Doe@example.com", "or", "see", "https://www.example.50.com/a_b.html", ".",
    ])
  #expect(
    try tokens("(www.wiki.org/A_(b)) and Yahoo.com.") == [
      "(", "www.wiki.org/A_(b)", ")", "and", "Yahoo.com", ".",
    ])
  // Country-code and news domains name sites ("Caliber.Az"); English words do not.
  #expect(
    try tokens("Caliber.Az and Trend.news said it.It was") == [
      "Caliber.Az", "and", "Trend.news", "said", "it", ".", "It", "was",
    ])
}

@Test func tokenizerSplitsRunTogetherSentences() throws {
  #expect(
    try tokens("world.Today is 1,000.That") == ["world", ".", "Today", "is", "1,000", ".", "That"])
}

@Test func tokenizerPublicByteAPI() throws {
  let tokenizer = try #require(SentenceFixtures.splitter?.tokenizer)
  var text = "Hi there."
  let result = text.withUTF8 { tokenizer.tokenize($0) }
  #expect(result == [Token(start: 0, end: 2), Token(start: 3, end: 8), Token(start: 8, end: 9)])
}

@Test func tokenizerHandlesTreebankSpacing() throws {
  #expect(
    try tokens("the U.S. 's batting .496 average") == [
      "the", "U.S.", "'s", "batting", ".496", "average",
    ])
}
