import CRabbitMQ

/// The consumer's side of its connection: feeds deliveries into the stream and ends it.
///
/// Only used on the connection thread (see ``AMQPConnectionDelegate``).
final class AMQPConsumerSession: AMQPConnectionDelegate {
    private let continuation: AsyncThrowingStream<AMQPDelivery, any Error>.Continuation
    private let onFinish: @Sendable () -> Void
    var consumerTag: String?
    /// Set once the broker confirmed our `basic.cancel`; the stream ends after the frames already received.
    var isCancelled = false
    private var isFinished = false

    init(
        continuation: AsyncThrowingStream<AMQPDelivery, any Error>.Continuation,
        onFinish: @escaping @Sendable () -> Void
    ) {
        self.continuation = continuation
        self.onFinish = onFinish
    }

    func connection(_ connection: AMQPConnection<AMQPConsumerSession>, didReceive incoming: AMQPIncoming) {
        switch incoming {
        case .delivery(let delivery):
            guard !self.isFinished else { return }
            self.continuation.yield(delivery)
        case .consumerCancelled(let tag):
            self.finish(
                AMQPError(.consumerCancelled, "The broker cancelled consumer \(tag) (queue deleted or unavailable)")
            )
        case .returned, .ack, .nack, .blocked, .unblocked:
            break
        }
    }

    func connectionDidPoll(_ connection: AMQPConnection<AMQPConsumerSession>) {
        if self.isCancelled {
            self.finish(nil)
        }
    }

    func connection(_ connection: AMQPConnection<AMQPConsumerSession>, didTerminateWith error: AMQPError?) {
        self.finish(error)
    }

    private func finish(_ error: AMQPError?) {
        guard !self.isFinished else { return }
        self.isFinished = true
        self.onFinish()
        self.continuation.finish(throwing: error)
    }
}
