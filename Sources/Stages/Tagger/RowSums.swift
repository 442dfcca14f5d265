/// Tag-by-tag sums of score rows for the decoders' dense rows: eight tags at a time with SIMD
/// in optimized builds, a plain loop in debug builds (where the generic SIMD operations would
/// be many times slower). Either way each tag gets the same IEEE additions in the same order
/// as the plain loop, so the sums are bit for bit the same. (The compiler does not vectorize
/// the plain loops itself: it cannot tell that the rows do not overlap the scores.)
enum RowSums {
  /// `scores[tag] = ((first[tag] + a[tag]) + b[tag]) + c[tag]` for `count` tags; `first` may
  /// be `scores` itself.
  @inline(__always)
  static func add(
    _ first: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafePointer<Float>, into scores: UnsafeMutablePointer<Float>, count: Int
  ) {
    var tag = 0
    #if !DEBUG
      while tag &+ 8 <= count {
        let sum =
          load8(first, tag) + load8(a, tag) + load8(b, tag) + load8(c, tag)
        UnsafeMutableRawPointer(scores + tag).storeBytes(of: sum, as: SIMD8<Float>.self)
        tag &+= 8
      }
      if tag &+ 4 <= count {
        let sum = load4(first, tag) + load4(a, tag) + load4(b, tag) + load4(c, tag)
        UnsafeMutableRawPointer(scores + tag).storeBytes(of: sum, as: SIMD4<Float>.self)
        tag &+= 4
      }
    #endif
    while tag < count {
      scores[tag] = first[tag] + a[tag] + b[tag] + c[tag]
      tag &+= 1
    }
  }

  /// The Viterbi step of one previous state: for each tag `tag` where `bias[tag]` is 0 (an
  /// allowed successor; `-infinity` for the others), `total = ((base + row[tag]) +
  /// scores[tag]) + bias[tag]`; where it beats `best[tag]` it becomes the tag's best and
  /// `back[tag]` becomes `prev` (a disallowed tag's total is `-infinity` and beats nothing).
  @inline(__always)
  static func relax(
    base: Float, _ row: UnsafePointer<Float>, _ scores: UnsafePointer<Float>,
    _ bias: UnsafePointer<Float>, best: UnsafeMutablePointer<Float>,
    back: UnsafeMutablePointer<Int>, prev: Int, count: Int
  ) {
    var tag = 0
    #if !DEBUG
      let bases = SIMD8<Float>(repeating: base)
      while tag &+ 8 <= count {
        let total = bases + load8(row, tag) + load8(scores, tag) + load8(bias, tag)
        let old = load8(best, tag)
        let better = total .> old
        if any(better) {
          UnsafeMutableRawPointer(best + tag).storeBytes(
            of: old.replacing(with: total, where: better), as: SIMD8<Float>.self)
          for lane in 0..<8 where better[lane] { back[tag &+ lane] = prev }
        }
        tag &+= 8
      }
      if tag &+ 4 <= count {
        let total =
          SIMD4<Float>(repeating: base) + load4(row, tag) + load4(scores, tag) + load4(bias, tag)
        let old = load4(best, tag)
        let better = total .> old
        if any(better) {
          UnsafeMutableRawPointer(best + tag).storeBytes(
            of: old.replacing(with: total, where: better), as: SIMD4<Float>.self)
          for lane in 0..<4 where better[lane] { back[tag &+ lane] = prev }
        }
        tag &+= 4
      }
    #endif
    while tag < count {
      let total = base + row[tag] + scores[tag] + bias[tag]
      if total > best[tag] {
        best[tag] = total
        back[tag] = prev
      }
      tag &+= 1
    }
  }

  @inline(__always)
  private static func load8(_ values: UnsafePointer<Float>, _ at: Int) -> SIMD8<Float> {
    UnsafeRawPointer(values + at).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always)
  private static func load4(_ values: UnsafePointer<Float>, _ at: Int) -> SIMD4<Float> {
    UnsafeRawPointer(values + at).loadUnaligned(as: SIMD4<Float>.self)
  }
}
