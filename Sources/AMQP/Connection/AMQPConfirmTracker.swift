import CRabbitMQ

/// Publisher confirms for one confirm-mode channel: sequence numbers, pending publishes, returns and timeouts.
///
/// Only used on the connection thread (see ``AMQPConnectionDelegate``).
final class AMQPConfirmTracker: AMQPConnectionDelegate {
    struct Request {
        var message: AMQPMessage
        var exchange: String
        var routingKey: String
        var isMandatory: Bool
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Pending {
        var request: Request
        var returnError: AMQPError?
    }

    /// The broker numbers publishes on a confirm channel from 1.
    private var nextSequence: UInt64 = 1
    private var pending: [UInt64: Pending] = [:]
    /// Publishes held back while the broker blocks the connection: writing then would fill the socket and block.
    private var held: [Request] = []
    private var isBlocked = false
    private var lastDeadlineCheck = ContinuousClock.now

    var pendingCount: Int { self.pending.count + self.held.count }

    func publish(_ request: Request, on connection: AMQPConnection<AMQPConfirmTracker>) {
        if self.isBlocked {
            self.held.append(request)
            return
        }
        let arena = AMQPArena()
        var properties = request.message.properties.encoded(in: arena)
        connection.markBusy()
        let status = amqp_basic_publish(
            connection.state,
            connection.channel,
            arena.bytes(request.exchange),
            arena.bytes(request.routingKey),
            request.isMandatory ? 1 : 0,
            0,
            &properties,
            arena.bytes(request.message.body)
        )
        guard status == AMQP_STATUS_OK.rawValue else {
            // A partly written publish desynchronises the channel, so the connection cannot be reused.
            let error = AMQPError.status(status, "Publishing to exchange '\(request.exchange)'")
            request.continuation.resume(throwing: error)
            connection.terminate(error)
            return
        }
        self.pending[self.nextSequence] = Pending(request: request)
        self.nextSequence += 1
    }

    func connection(_ connection: AMQPConnection<AMQPConfirmTracker>, didReceive incoming: AMQPIncoming) {
        switch incoming {
        case .ack(let tag, let isMultiple):
            self.settle(tag: tag, isMultiple: isMultiple) { $0.returnError }
        case .nack(let tag, let isMultiple):
            self.settle(tag: tag, isMultiple: isMultiple) { pending in
                AMQPError(
                    .publishNacked,
                    "The broker nacked the message published to exchange '\(pending.request.exchange)' "
                        + "with routing key '\(pending.request.routingKey)'"
                )
            }
        case .returned(let exchange, let routingKey, let message, let replyCode, let replyText):
            self.markReturned(
                exchange: exchange,
                routingKey: routingKey,
                message: message,
                replyCode: replyCode,
                replyText: replyText
            )
        case .blocked:
            self.isBlocked = true
        case .unblocked:
            self.isBlocked = false
            let held = self.held
            self.held = []
            for request in held {
                self.publish(request, on: connection)
            }
        case .delivery, .consumerCancelled:
            break
        }
    }

    func connectionDidPoll(_ connection: AMQPConnection<AMQPConfirmTracker>) {
        let now = ContinuousClock.now
        guard self.lastDeadlineCheck.duration(to: now) >= .milliseconds(50) else { return }
        self.lastDeadlineCheck = now
        for (sequence, pending) in self.pending where pending.request.deadline <= now {
            self.pending[sequence] = nil
            pending.request.continuation.resume(throwing: Self.timeoutError(pending.request))
        }
        let expired = self.held.filter { $0.deadline <= now }
        guard !expired.isEmpty else { return }
        self.held.removeAll { $0.deadline <= now }
        for request in expired {
            request.continuation.resume(throwing: Self.timeoutError(request, isBlocked: true))
        }
    }

    func connection(_ connection: AMQPConnection<AMQPConfirmTracker>, didTerminateWith error: AMQPError?) {
        let failure =
            error
            ?? AMQPError(.connectionClosed, "The publisher was closed before the broker confirmed the message")
        for pending in self.pending.values {
            pending.request.continuation.resume(throwing: failure)
        }
        for request in self.held {
            request.continuation.resume(throwing: failure)
        }
        self.pending = [:]
        self.held = []
    }

    private func settle(tag: UInt64, isMultiple: Bool, error: (Pending) -> AMQPError?) {
        let sequences = isMultiple ? self.pending.keys.filter { $0 <= tag } : [tag]
        for sequence in sequences {
            // A publish that already timed out has no entry any more: its late confirm is ignored.
            guard let pending = self.pending.removeValue(forKey: sequence) else { continue }
            if let failure = error(pending) {
                pending.request.continuation.resume(throwing: failure)
            } else {
                pending.request.continuation.resume()
            }
        }
    }

    /// A `basic.return` carries no sequence number. RabbitMQ sends it before the ack of the same publish, so it
    /// belongs to the oldest unconfirmed mandatory publish with the same exchange, routing key and content.
    private func markReturned(
        exchange: String,
        routingKey: String,
        message: AMQPMessage,
        replyCode: Int,
        replyText: String
    ) {
        let match = self.pending
            .filter { _, pending in
                let request = pending.request
                return pending.returnError == nil && request.isMandatory && request.exchange == exchange
                    && request.routingKey == routingKey && request.message.body == message.body
                    && request.message.properties.messageID == message.properties.messageID
            }
            .keys.min()
        guard let match else { return }
        self.pending[match]?.returnError = AMQPError(
            .publishReturned,
            "The broker returned the message published to exchange '\(exchange)' with routing key '\(routingKey)': "
                + "\(replyCode) \(replyText)",
            replyCode: replyCode
        )
    }

    private static func timeoutError(_ request: Request, isBlocked: Bool = false) -> AMQPError {
        AMQPError(
            .timeout,
            "No publisher confirm for the message to exchange '\(request.exchange)' with routing key "
                + "'\(request.routingKey)' in time" + (isBlocked ? " (the broker blocks publishing)" : "")
        )
    }
}
