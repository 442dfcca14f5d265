/// The unit a plugin counts text offsets in (`offsets:` in the stage config): UTF-8 bytes, as
/// nlpipe does, or Unicode scalars ("characters" as Python's `str` indexes them), converted
/// both ways at the plugin boundary.
public enum OffsetUnit: String, Sendable, CaseIterable {
  case bytes
  case chars
}

/// Converts between UTF-8 byte offsets and Unicode scalar offsets of one text.
struct ScalarOffsets {
  /// The byte offset of each scalar, plus the text's byte length at the end.
  private let byteOfScalar: [Int]

  init(_ text: String) {
    var offsets: [Int] = []
    offsets.reserveCapacity(text.utf8.count + 1)
    var byte = 0
    for scalar in text.unicodeScalars {
      offsets.append(byte)
      byte += UTF8.width(scalar)
    }
    offsets.append(byte)
    byteOfScalar = offsets
  }

  /// Scalars in the text.
  var count: Int { byteOfScalar.count - 1 }

  /// The byte offset of scalar offset `scalar`, or nil past the text.
  func byte(ofScalar scalar: Int) -> Int? {
    scalar >= 0 && scalar < byteOfScalar.count ? byteOfScalar[scalar] : nil
  }

  /// The scalar offset of a byte offset on a scalar boundary (of the scalar that holds it
  /// otherwise).
  func scalar(ofByte byte: Int) -> Int {
    var low = 0
    var high = byteOfScalar.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if byteOfScalar[middle] <= byte { low = middle } else { high = middle - 1 }
    }
    return low
  }
}
