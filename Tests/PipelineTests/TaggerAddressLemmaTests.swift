import Testing

@testable import Stages

@Suite("Tagger: lemmas of addresses, file names and abbreviated dates")
struct TaggerAddressLemmaTests {
  let lemmatizer = Lemmatizer(
    exceptions: [:],
    irregular: ["sept.\tP": "September", "fri\tP": "Friday", "went\tV": "go"],
    vocabulary: ["N\tnew", "V\tmeet"])

  @Test func addressesKeepTheirForm() {
    for (form, tag) in [
      ("http://en.wikipedia.org/wiki/Cubism", "ADD"), ("http://www.bbc.co.uk/news", "NNS"),
      ("SOblander@carrfut.com", "NN"), ("WWW.Example.org", "NNP"),
      ("http://home.example.com/meeting", "VBG"),
    ] {
      #expect(lemmatizer.lemma(form, tag: tag) == form, "\(form)/\(tag)")
    }
  }

  @Test func fileNamesAreLowerCased() {
    #expect(lemmatizer.lemma("API.pdf", tag: "NNP") == "api.pdf")
    #expect(lemmatizer.lemma("Lisa_resume.DOC", tag: "NN") == "lisa_resume.doc")
    #expect(lemmatizer.lemma("TEXT.htm", tag: "NNP") == "text.htm")
  }

  @Test func otherDottedFormsFollowTheRules() {
    // Not an address or a known extension: the tag's rules decide.
    #expect(lemmatizer.lemma("U.S.", tag: "NNP") == "U.S.")
    #expect(lemmatizer.lemma("alt.animals.cats", tag: "NN") == "alt.animals.cats")
    #expect(lemmatizer.lemma("Inc.", tag: "NNP") == "Inc.")
    #expect(lemmatizer.lemma("e.g.", tag: "FW") == "e.g.")
    #expect(lemmatizer.lemma("Bryngelson@AZURIX", tag: "NNP") == "Bryngelson@AZURIX")
    #expect(lemmatizer.lemma("name@host", tag: "NN") == "name@host")
    #expect(AddressLemma.lemma("walked") == nil)
    #expect(AddressLemma.lemma("notes.cat") == nil)
  }

  @Test func abbreviatedMonthsAndWeekdaysAsProperNouns() {
    #expect(lemmatizer.lemma("Sept.", tag: "NNP") == "September")
    #expect(lemmatizer.lemma("Fri", tag: "NNP") == "Friday")
    // Only as proper nouns; other proper nouns keep their form.
    #expect(lemmatizer.lemma("fri", tag: "NN") == "fri")
    #expect(lemmatizer.lemma("Went", tag: "NNP") == "Went")
    #expect(lemmatizer.lemma("went", tag: "VBD") == "go")
  }

  @Test func irregularFileAcceptsTheProperNounClass() throws {
    let table = try TaggerResources.irregular()
    #expect(table["sept.\tP"] == "September")
    #expect(table["dec\tP"] == "December")
  }
}
