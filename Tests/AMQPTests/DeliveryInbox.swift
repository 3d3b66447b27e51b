import AMQP
import Synchronization

/// Collects a consumer's deliveries in the background so tests can wait with a deadline instead of hanging.
final class DeliveryInbox: Sendable {
    private struct State {
        var deliveries: [AMQPDelivery] = []
        var end: Result<Void, AMQPError>?
    }

    private let state = Mutex(State())

    init(_ stream: AsyncThrowingStream<AMQPDelivery, any Error>) {
        Task { await self.collect(stream) }
    }

    private func collect(_ stream: AsyncThrowingStream<AMQPDelivery, any Error>) async {
        do {
            for try await delivery in stream {
                self.state.withLock { $0.deliveries.append(delivery) }
            }
            self.state.withLock { $0.end = .success(()) }
        } catch let error as AMQPError {
            self.state.withLock { $0.end = .failure(error) }
        } catch {
            self.state.withLock { $0.end = .failure(AMQPError(.protocolError, "\(error)")) }
        }
    }

    var deliveries: [AMQPDelivery] { self.state.withLock { $0.deliveries } }
    var end: Result<Void, AMQPError>? { self.state.withLock { $0.end } }

    /// Waits until at least `count` deliveries arrived; returns what arrived by the deadline.
    func waitForDeliveries(_ count: Int, timeout: Duration = .seconds(15)) async throws -> [AMQPDelivery] {
        let deadline = ContinuousClock.now + timeout
        while self.deliveries.count < count && self.end == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        return self.deliveries
    }

    /// Waits until the stream ended; nil if it is still open at the deadline.
    func waitForEnd(timeout: Duration = .seconds(15)) async throws -> Result<Void, AMQPError>? {
        let deadline = ContinuousClock.now + timeout
        while self.end == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        return self.end
    }
}
