import Foundation
import Testing

@testable import Pipeline

/// A run end and a worker end joined by a socket pair and fresh rings of `capacity` bytes,
/// for the transport tests.
func workerChannelPair(capacity: Int) throws -> (run: WorkerChannel, worker: WorkerChannel) {
  let (runSocket, workerSocket) = try #require(WorkerChannel.socketPair())
  let (ringsFD, rings) = try #require(WorkerRings.create(capacity: capacity))
  close(ringsFD)
  return (
    WorkerChannel(descriptor: runSocket, rings: rings, side: .run),
    WorkerChannel(descriptor: workerSocket, rings: rings, side: .worker)
  )
}
