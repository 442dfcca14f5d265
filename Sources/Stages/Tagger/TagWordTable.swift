/// The tag dictionary's three word tables (ambiguity class, fixed tag, casing class) as one
/// open-addressing table, for tagging: the words are already hashes (``WordInfo/lower``), so
/// a multiply picks the slot, and one 32-byte entry holds all three answers (Swift
/// dictionaries hash every key again and keep keys and values apart: up to six cache misses
/// per word). Part-of-speech tagging reads each word's entry once
/// (``TagDictionary/entries(_:)``); the lemmatizer probes again for the casing class, only
/// for tags with case rules. Built from the dictionaries, so it answers exactly as they do.
struct TagWordTable: Sendable {
  /// One word's facts; `occupied` false marks an empty slot.
  struct Entry {
    var key: UInt64 = 0
    var ambiguity: UInt64
    var casing: UInt64 = 0
    var fixed: Int = -1
    var occupied = false
  }

  private let slots: [Entry]
  private let mask: Int
  /// What a word in none of the tables gets.
  private let missing: Entry

  /// The table of `classes`, `fixed` and `casing`; `unknown` is the ambiguity class of a
  /// word without one.
  init(
    classes: [UInt64: UInt64], fixed: [UInt64: Int], casing: [UInt64: UInt64], unknown: UInt64
  ) {
    var words = Set(classes.keys)
    words.formUnion(fixed.keys)
    words.formUnion(casing.keys)
    var capacity = 16
    while capacity < words.count * 2 { capacity <<= 1 }
    let mask = capacity - 1
    let missing = Entry(ambiguity: unknown)
    var slots = [Entry](repeating: missing, count: capacity)
    for word in words {
      var slot = Self.home(word, mask)
      while slots[slot].occupied { slot = (slot + 1) & mask }
      slots[slot] = Entry(
        key: word, ambiguity: classes[word] ?? unknown, casing: casing[word] ?? 0,
        fixed: fixed[word] ?? -1, occupied: true)
    }
    self.slots = slots
    self.mask = mask
    self.missing = missing
  }

  @inline(__always)
  private static func home(_ word: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  /// The entry of `word` (the defaults when no table has it).
  @inline(__always)
  func find(_ word: UInt64) -> Entry {
    slots.withUnsafeBufferPointer { slots in
      var slot = Self.home(word, mask)
      while true {
        let entry = slots[slot]
        if !entry.occupied { return missing }
        if entry.key == word { return entry }
        slot = (slot + 1) & mask
      }
    }
  }
}
