import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Checks the invariants every split must keep: tokens are non-empty, in order, do not
/// overlap and hold no whitespace at their ends; sentences are made of whole tokens, in order,
/// and slice back to text without outer whitespace.
func checkInvariants(_ text: String, file: String = #fileID, line: Int = #line) throws {
  let splitter = try #require(SentenceFixtures.splitter)
  var copy = text
  let (tokens, sentences) = copy.withUTF8 { splitter.segment($0, range: 0..<$0.count) }
  var previousEnd = 0
  var tokenStarts = Set<Int>()
  var tokenEnds = Set<Int>()
  for token in tokens {
    #expect(token.start >= previousEnd && token.end > token.start)
    previousEnd = token.end
    tokenStarts.insert(token.start)
    tokenEnds.insert(token.end)
  }
  var sentenceEnd = 0
  for sentence in sentences {
    #expect(sentence.start >= sentenceEnd && sentence.end > sentence.start)
    #expect(tokenStarts.contains(sentence.start) && tokenEnds.contains(sentence.end))
    sentenceEnd = sentence.end
    let slice = Document.slice(text, sentence.start, sentence.end)
    #expect(slice == slice.trimmingCharacters(in: .whitespacesAndNewlines))
  }
}

@Test func offsetsSliceBackOnGoldenRules() throws {
  for rule in SentenceFixtures.goldenRules { try checkInvariants(rule.text) }
}

@Test func offsetsSliceBackOnNonASCIIText() throws {
  try checkInvariants("Café «au lait» coûte 3 €. Ça va ? Oui… “Bien”, dit-il.\u{00A0}Fin — ok.")
  try checkInvariants("日本語の文です。次の文！ Emoji 😀 here. \u{2028}Next\u{2029}line")
}

@Test func tenMegabyteSingleLineDocument() throws {
  let unit = "Mr. Smith paid $1,000.50 at 5 p.m. on Jan. 3 (see www.example.com). It's done! "
  let text = String(repeating: unit, count: 10_000_000 / unit.utf8.count + 1)
  let splitter = try #require(SentenceFixtures.splitter)
  let sentences = splitter.split(text)
  #expect(sentences.count > 100_000)
}

@Test func hundredThousandDots() throws {
  let splitter = try #require(SentenceFixtures.splitter)
  let dots = String(repeating: ".", count: 100_000)
  #expect(splitter.split(dots).count == 1)
  let spaced = String(repeating: ". ", count: 100_000)
  #expect(splitter.split(spaced).count >= 1)
  try checkInvariants("Wait" + dots + " What? " + spaced + "End.")
}

@Test func textWithoutSpaces() throws {
  let splitter = try #require(SentenceFixtures.splitter)
  let letters = String(repeating: "abcdefghij", count: 100_000)
  #expect(splitter.split(letters).count == 1)
  let mixed = String(repeating: "Hello,world.Today@is:Tuesday!(x)\"q\"'s-n't//", count: 20_000)
  try checkInvariants(mixed)
  let urls = String(repeating: "http://a.b/c?d=e&f=(g)", count: 20_000)
  try checkInvariants(urls)
  let ats = String(repeating: "a@", count: 50_000) + String(repeating: "@", count: 50_000)
  try checkInvariants(ats)
}

@Test func emptyAndWhitespaceOnlyText() throws {
  let splitter = try #require(SentenceFixtures.splitter)
  #expect(splitter.split("").isEmpty)
  #expect(splitter.split(" \n\n\t ").isEmpty)
}

@Test func manyShortLinesInOneParagraph() throws {
  let splitter = try #require(SentenceFixtures.splitter)
  let lines = String(repeating: "short line\n", count: 100_000)
  #expect(splitter.split(lines).count == 100_000)
  let wrapped = String(
    repeating: "a wrapped line of prose that goes on and on and\n", count: 50_000)
  #expect(splitter.split(wrapped + "ends here.").count == 1)
}
