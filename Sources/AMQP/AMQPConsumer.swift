import CRabbitMQ
public import Logging
import Synchronization

/// Consumes one queue with manual acknowledgements on its own connection and thread.
///
/// Call ``start()`` once, iterate the stream, and settle every delivery with ``ack(_:)``, ``reject(_:requeue:)`` or
/// ``nack(_:requeue:)``. Heartbeats keep being serviced while deliveries are processed. After a connection loss the
/// stream ends with an ``AMQPError``; create a new consumer to continue (delivery tags of the old one are dead).
public final class AMQPConsumer: Sendable {
    /// What to consume.
    public enum Source: Sendable {
        /// An existing queue.
        case queue(String)
        /// A server-named, exclusive, auto-delete queue declared on this connection and bound as given.
        case temporaryQueue(bindings: [(exchange: String, routingKey: String)])
    }

    private struct State {
        var connection: AMQPConnection<AMQPConsumerSession>?
        var queueName: String?
        var hasStarted = false
        var isConsuming = false
    }

    private let configuration: AMQPConfiguration
    private let source: Source
    private let prefetchCount: UInt16
    private let logger: Logger
    private let state = Mutex(State())

    /// - Parameters:
    ///   - prefetchCount: How many unacknowledged deliveries the broker may send at once (`basic.qos`).
    public init(configuration: AMQPConfiguration, source: Source, prefetchCount: UInt16, logger: Logger = .silent) {
        self.configuration = configuration
        self.source = source
        self.prefetchCount = prefetchCount
        self.logger = logger
    }

    // Without this, a forgotten consumer would keep its thread and connection alive for good.
    deinit {
        self.state.withLock { $0.connection }?.requestClose()
    }

    /// The queue being consumed, once ``start()`` returned (the server-chosen name for a temporary queue).
    public var queueName: String? { self.state.withLock { $0.queueName } }

    /// Whether deliveries can arrive: true from a successful ``start()`` until the stream ends.
    public var isConsuming: Bool { self.state.withLock { $0.isConsuming } }

    /// Connects, sets the prefetch, declares a temporary queue if needed, and starts consuming with manual acks.
    ///
    /// - Returns: The deliveries. The stream finishes normally after ``cancel()`` or ``close()``, and with an
    ///   ``AMQPError`` on connection loss, channel closure, or a `basic.cancel` from the broker.
    /// - Throws: An ``AMQPError`` if connecting or subscribing fails, or ``AMQPError/Code/invalidState`` when called
    ///   twice.
    public func start() async throws -> AsyncThrowingStream<AMQPDelivery, any Error> {
        try self.state.withLock { state in
            guard !state.hasStarted else {
                throw AMQPError(.invalidState, "AMQPConsumer.start() may only be called once; create a new consumer")
            }
            state.hasStarted = true
        }
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: AMQPDelivery.self)
        let connection = try await AMQPConnection.open(
            configuration: self.configuration,
            logger: self.logger,
            delegate: AMQPConsumerSession(continuation: continuation) { [weak self] in
                self?.state.withLock { $0.isConsuming = false }
            }
        )
        self.state.withLock { $0.connection = connection }
        let source = self.source
        let prefetchCount = self.prefetchCount
        do {
            let queue = try await connection.perform { [weak self] connection, session in
                let queue = try Self.subscribe(connection, session, source: source, prefetchCount: prefetchCount)
                // Set on the connection thread, before any delivery or stream end can be handled.
                self?.state.withLock { $0.isConsuming = true }
                return queue
            }
            self.state.withLock { $0.queueName = queue }
            self.logger.debug("AMQP consumer started", metadata: [AMQPLoggingKeys.queue: queue])
        } catch {
            await connection.close()
            throw error
        }
        return stream
    }

    private static func subscribe(
        _ connection: AMQPConnection<AMQPConsumerSession>,
        _ session: AMQPConsumerSession,
        source: Source,
        prefetchCount: UInt16
    ) throws -> String {
        let channel = connection.channel
        _ = try connection.rpc("Setting prefetch \(prefetchCount)") {
            amqp_basic_qos($0, channel, 0, prefetchCount, 0)
        }
        let arena = AMQPArena()
        let queue: String
        switch source {
        case .queue(let name):
            queue = name
        case .temporaryQueue(let bindings):
            let declared = try connection.rpc("Declaring a temporary queue") {
                amqp_queue_declare($0, channel, amqp_empty_bytes, 0, 0, 1, 1, amqp_empty_table)
            }
            queue = declared.queue.string
            for binding in bindings {
                _ = try connection.rpc(
                    "Binding queue \(queue) to exchange '\(binding.exchange)' with '\(binding.routingKey)'"
                ) {
                    amqp_queue_bind(
                        $0,
                        channel,
                        arena.bytes(queue),
                        arena.bytes(binding.exchange),
                        arena.bytes(binding.routingKey),
                        amqp_empty_table
                    )
                }
            }
        }
        let consumeOK = try connection.rpc("Consuming from queue '\(queue)'") {
            amqp_basic_consume($0, channel, arena.bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table)
        }
        session.consumerTag = consumeOK.consumer_tag.string
        return queue
    }

    private func connection() throws -> AMQPConnection<AMQPConsumerSession> {
        guard let connection = self.state.withLock({ $0.connection }) else {
            throw AMQPError(.invalidState, "AMQPConsumer.start() has not been called")
        }
        return connection
    }

    /// Acknowledges one delivery: the broker forgets the message.
    ///
    /// - Throws: An ``AMQPError`` if the connection is gone (the broker will redeliver the message).
    public func ack(_ deliveryTag: UInt64) async throws {
        try await self.connection().perform { connection, _ in
            try connection.checkStatus(amqp_basic_ack(connection.state, connection.channel, deliveryTag, 0), "Ack")
        }
    }

    /// Rejects one delivery; with `requeue: false` it is dead-lettered (or dropped if the queue has no DLX).
    public func reject(_ deliveryTag: UInt64, requeue: Bool) async throws {
        try await self.connection().perform { connection, _ in
            let status = amqp_basic_reject(connection.state, connection.channel, deliveryTag, requeue ? 1 : 0)
            try connection.checkStatus(status, "Reject")
        }
    }

    /// Negatively acknowledges one delivery (`basic.nack`, not `multiple`).
    public func nack(_ deliveryTag: UInt64, requeue: Bool) async throws {
        try await self.connection().perform { connection, _ in
            let status = amqp_basic_nack(connection.state, connection.channel, deliveryTag, 0, requeue ? 1 : 0)
            try connection.checkStatus(status, "Nack")
        }
    }

    /// Stops new deliveries (`basic.cancel`). Deliveries already received stay valid and can still be settled;
    /// the stream finishes once those received before the broker's `cancel-ok` have been yielded.
    public func cancel() async throws {
        try await self.connection().perform { connection, session in
            guard let tag = session.consumerTag, !session.isCancelled else { return }
            let arena = AMQPArena()
            _ = try connection.rpc("Cancelling consumer \(tag)") {
                amqp_basic_cancel($0, connection.channel, arena.bytes(tag))
            }
            session.isCancelled = true
        }
    }

    /// Closes the channel and the connection (each bounded by the RPC timeout). Unacknowledged deliveries go back
    /// to the queue. The stream finishes normally if it had not ended yet.
    public func close() async {
        guard let connection = self.state.withLock({ $0.connection }) else { return }
        await connection.close()
    }
}
