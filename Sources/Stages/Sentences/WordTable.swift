/// An immutable hash table from words (byte strings, compared ASCII-case-insensitively) to a
/// small value, looked up straight from a byte range without allocating.
///
/// Used for abbreviation and sentence-starter lists; entries are stored lowercased.
public struct WordTable: Sendable {
  private var bytes: [UInt8] = []
  private var entries: [Entry] = []
  private var slots: [Int32] = []
  private var mask = 0

  private struct Entry: Sendable {
    var offset: Int
    var length: Int
    var value: UInt8
  }

  /// An empty table.
  public init() {
    slots = [Int32](repeating: -1, count: 8)
    mask = 7
  }

  /// A table of `words`, each mapped to `value`; a word given twice keeps its first value.
  public init(_ words: [(String, UInt8)]) {
    var capacity = 8
    while capacity < words.count * 2 + 1 { capacity *= 2 }
    slots = [Int32](repeating: -1, count: capacity)
    mask = capacity - 1
    for (word, value) in words { insert(word, value) }
  }

  /// Number of distinct words.
  public var count: Int { entries.count }

  private mutating func insert(_ word: String, _ value: UInt8) {
    let lowered = Array(word.utf8).map(Self.lower)
    guard !lowered.isEmpty else { return }
    let hash = Self.hash(lowered[...])
    var slot = hash & mask
    while slots[slot] >= 0 {
      let entry = entries[Int(slots[slot])]
      if entry.length == lowered.count,
        bytes[entry.offset..<entry.offset + entry.length].elementsEqual(lowered)
      {
        return
      }
      slot = (slot + 1) & mask
    }
    slots[slot] = Int32(entries.count)
    entries.append(Entry(offset: bytes.count, length: lowered.count, value: value))
    bytes.append(contentsOf: lowered)
  }

  /// The value stored for the bytes `text[start..<end]` (case-insensitive), or 0 when absent.
  public func value(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8 {
    guard end > start, end - start <= 32 else { return 0 }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in start..<end {
      hash = (hash ^ UInt64(Self.lower(text[index]))) &* 0x100_0000_01b3
    }
    var slot = Int(truncatingIfNeeded: hash) & mask
    let length = end - start
    return bytes.withUnsafeBufferPointer { stored in
      while true {
        let index = Int(slots[slot])
        if index < 0 { return 0 }
        let entry = entries[index]
        if entry.length == length {
          var same = true
          for offset in 0..<length
          where stored[entry.offset + offset] != Self.lower(text[start + offset]) {
            same = false
            break
          }
          if same { return entry.value }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  /// Whether the table holds `word` (case-insensitive).
  public func contains(_ word: String) -> Bool {
    var copy = word
    return copy.withUTF8 { value($0, 0, $0.count) != 0 }
  }

  private static func hash(_ lowered: ArraySlice<UInt8>) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in lowered { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int(truncatingIfNeeded: hash)
  }

  @inline(__always)
  static func lower(_ byte: UInt8) -> UInt8 {
    byte &- 65 < 26 ? byte | 0x20 : byte
  }
}
