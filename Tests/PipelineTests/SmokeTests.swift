import Testing

@testable import Pipeline

@Test func sliceClampsOffsets() {
  #expect(Document.slice("héllo", 0, 3) == "hé")
}
