import AMQP
import Foundation
public import Logging
public import Offboarding
import Synchronization

/// The main job: consumes requests, runs each through the ``Offboarder`` and answers with exactly one
/// result event, acking the request only after the broker confirmed that result.
///
/// A broker session is one consumer connection plus one publisher connection. When a session fails the
/// consumer starts a new one with exponential backoff; unacked requests go back to the queue and their
/// redelivery is answered from the audit log. ``shutdown()`` stops intake and lets in-flight work finish.
public final class OffboardingConsumer: Sendable {
    private enum State {
        case idle
        case consuming(AMQPConsumer)
        case stopping
    }

    public let metrics = ServiceMetrics()
    private let configuration: OffboardingServiceConfiguration
    private let offboarder: Offboarder
    private let resultMessage: ResultMessage
    private let logger: Logger
    private let state = Mutex(State.idle)

    public init(configuration: OffboardingServiceConfiguration, offboarder: Offboarder, logger: Logger) {
        self.configuration = configuration
        self.offboarder = offboarder
        self.resultMessage = ResultMessage(source: configuration.eventSource)
        self.logger = logger
    }

    /// Runs broker sessions until ``shutdown()``.
    ///
    /// - Throws: The error of the first session when it never got to consuming (a wrong URL, refused
    ///   credentials, no broker, a topology that contradicts the broker's), so that a bad configuration
    ///   stops the process at start; later, an ``AMQPError`` that no reconnection can mend.
    public func run() async throws {
        var delay = self.configuration.reconnectDelay
        while !self.isStopping {
            do {
                try await self.runSession()
                delay = self.configuration.reconnectDelay
            } catch let error as AMQPError where !error.isRetriable {
                throw error
            } catch {
                guard self.metrics.hasConsumed else { throw error }
                guard !self.isStopping else { break }
                self.metrics.reconnected()
                let jittered = delay * Double.random(in: 0.5...1.0)
                self.logger.warning(
                    "Broker session ended, reconnecting",
                    metadata: ["error": "\(error)", "amqp.retry_in": "\(jittered)"]
                )
                try? await Task.sleep(for: jittered)
                delay = min(delay * 2, self.configuration.maximumReconnectDelay)
            }
        }
    }

    /// Graceful drain: no new deliveries; in-flight requests finish, are answered and acked; then ``run()``
    /// returns.
    public func shutdown() async {
        let consumer: AMQPConsumer? = self.state.withLock { state in
            defer { state = .stopping }
            if case .consuming(let consumer) = state { return consumer }
            return nil
        }
        self.logger.info("Draining: no new deliveries")
        try? await consumer?.cancel()
    }

    private var isStopping: Bool {
        self.state.withLock { if case .stopping = $0 { true } else { false } }
    }

    // MARK: - Session

    private func runSession() async throws {
        let amqp = self.configuration.amqp
        let topology = self.configuration.topology
        try await topology.amqpTopology.declare(configuration: amqp, logger: self.logger)
        let publisher = AMQPPublisher(configuration: amqp, logger: self.logger)
        try await publisher.connect()
        let consumer = AMQPConsumer(
            configuration: amqp,
            source: .queue(topology.requestQueue),
            prefetchCount: UInt16(clamping: self.configuration.concurrency),
            logger: self.logger
        )
        let deliveries = try await consumer.start()
        let isAlreadyStopping = self.state.withLock { state -> Bool in
            if case .stopping = state { return true }
            state = .consuming(consumer)
            return false
        }
        if isAlreadyStopping { try? await consumer.cancel() }
        self.metrics.setConsuming(true)
        self.logger.info(
            "Consuming",
            metadata: ["amqp.queue": topology.requestQueue, "amqp.prefetch": "\(self.configuration.concurrency)"]
        )
        // A failed delivery closes the consumer (its stream then ends) and fails the session, so that the next
        // session starts after a backoff instead of spinning on the same message.
        let sessionError: (any Error)? = await withTaskGroup(of: (any Error)?.self) { group in
            var failure: (any Error)?
            do {
                for try await delivery in deliveries {
                    group.addTask { await self.process(delivery, consumer: consumer, publisher: publisher) }
                }
            } catch {
                failure = error
            }
            for await childError in group where failure == nil {
                failure = childError
            }
            return failure
        }
        self.metrics.setConsuming(false)
        self.state.withLock { state in
            if case .consuming = state { state = .idle }
        }
        await consumer.close()
        await publisher.close()
        if let sessionError { throw sessionError }
    }

    // MARK: - One delivery

    /// Answers one delivery; returns the error that kept its result from being confirmed, if any.
    private func process(
        _ delivery: AMQPDelivery,
        consumer: AMQPConsumer,
        publisher: AMQPPublisher
    ) async -> (any Error)? {
        let started = ContinuousClock.now
        self.metrics.received()
        let properties = delivery.message.properties
        var logger = self.logger
        logger[metadataKey: "amqp.delivery_tag"] = "\(delivery.deliveryTag)"
        logger[metadataKey: "amqp.message_id"] = properties.messageID ?? ""
        logger[metadataKey: "amqp.correlation_id"] = properties.correlationID ?? ""
        let context = RequestContext(
            messageID: properties.messageID,
            correlationID: properties.correlationID,
            publisher: properties.userID,
            isRedelivered: delivery.isRedelivered
        )
        let result: OffboardingResult =
            if delivery.routingKey == self.configuration.topology.approvalRoutingKey {
                await self.offboarder.approve(body: delivery.message.body, context: context)
            } else {
                await self.offboarder.handle(body: delivery.message.body, context: context)
            }
        let message = self.resultMessage.message(for: result, answering: properties)
        do {
            try await publisher.publish(
                message,
                exchange: self.configuration.topology.resultExchange,
                routingKey: self.configuration.topology.resultRoutingKey(result.outcome.rawValue),
                // The results exchange may have no queue bound yet; a confirm is what guarantees the hand-off.
                isMandatory: false,
                timeout: self.configuration.publishTimeout
            )
            if let replyTo = properties.replyTo, !replyTo.isEmpty {
                await self.reply(message, to: replyTo, publisher: publisher, logger: logger)
            }
            try await consumer.ack(delivery.deliveryTag)
            self.metrics.finished(outcome: result.outcome.rawValue, duration: ContinuousClock.now - started)
            return nil
        } catch {
            // Not confirmed: the request stays unacked. Ending the session returns it to the queue, and its
            // redelivery is answered with the same outcome from the audit log.
            self.metrics.finished(outcome: nil, duration: ContinuousClock.now - started)
            logger.error("Result not confirmed; request left unacked", metadata: ["error": "\(error)"])
            await consumer.close()
            return error
        }
    }

    /// The result also goes to `reply_to`; a reply queue that is gone is the caller's loss, not a reason to
    /// keep the request.
    private func reply(_ message: AMQPMessage, to queue: String, publisher: AMQPPublisher, logger: Logger) async {
        do {
            try await publisher.publish(
                message,
                exchange: "",
                routingKey: queue,
                isMandatory: true,
                timeout: self.configuration.publishTimeout
            )
        } catch let error as AMQPError where error.code == .publishReturned {
            logger.warning(
                "reply_to queue does not exist; result went to the results exchange only",
                metadata: ["amqp.reply_to": queue]
            )
        } catch {
            logger.warning("Reply not confirmed", metadata: ["error": "\(error)", "amqp.reply_to": queue])
        }
    }
}
