import Stages

/// A small deterministic random generator (splitmix64) for seeded shuffling.
package struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  package init(seed: UInt64) { state = seed }

  package mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    return FeatureHash.mix(state)
  }
}
