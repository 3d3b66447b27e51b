import CRabbitMQ
public import Logging
import Synchronization

/// Publishes with publisher confirms on its own connection and thread.
///
/// ``publish(_:exchange:routingKey:isMandatory:timeout:)`` returns only after the broker confirmed that message.
/// Any number of tasks may publish concurrently. While idle, the connection thread keeps servicing heartbeats.
/// After a connection loss every call throws; create a new publisher to continue.
public final class AMQPPublisher: Sendable {
    private let configuration: AMQPConfiguration
    private let logger: Logger
    private let connection = Mutex<AMQPConnection<AMQPConfirmTracker>?>(nil)

    public init(configuration: AMQPConfiguration, logger: Logger = .silent) {
        self.configuration = configuration
        self.logger = logger
    }

    // Without this, a forgotten publisher would keep its thread and connection alive for good.
    deinit {
        self.connection.withLock { $0 }?.requestClose()
    }

    /// Whether ``connect()`` succeeded and the connection has not failed or been closed since.
    public var isConnected: Bool { self.connection.withLock { $0 }?.isOpen ?? false }

    /// Connects and puts the channel into confirm mode (`confirm.select`).
    ///
    /// - Throws: An ``AMQPError`` if connecting fails, or ``AMQPError/Code/invalidState`` when already connected.
    public func connect() async throws {
        guard self.connection.withLock({ $0 == nil }) else {
            throw AMQPError(.invalidState, "AMQPPublisher.connect() may only be called once; create a new publisher")
        }
        let connection = try await AMQPConnection.open(
            configuration: self.configuration,
            logger: self.logger,
            delegate: AMQPConfirmTracker()
        )
        do {
            try await connection.perform { connection, _ in
                _ = try connection.rpc("Enabling publisher confirms") { amqp_confirm_select($0, connection.channel) }
            }
        } catch {
            await connection.close()
            throw error
        }
        self.connection.withLock { $0 = connection }
    }

    /// Publishes one message and waits for the broker's confirm.
    ///
    /// - Parameters:
    ///   - isMandatory: Ask the broker to return the message if no queue is bound for it. Default: true.
    ///   - timeout: How long to wait for the confirm. Default: 10 seconds.
    /// - Throws: ``AMQPError`` with ``AMQPError/Code/publishNacked`` (`basic.nack`),
    ///   ``AMQPError/Code/publishReturned`` (unroutable mandatory message, even though an ack follows),
    ///   ``AMQPError/Code/timeout`` (no confirm in time: the message may or may not have been delivered), or a
    ///   connection error.
    public func publish(
        _ message: AMQPMessage,
        exchange: String,
        routingKey: String,
        isMandatory: Bool = true,
        timeout: Duration = .seconds(10)
    ) async throws {
        guard let connection = self.connection.withLock({ $0 }) else {
            throw AMQPError(.invalidState, "AMQPPublisher.connect() has not been called")
        }
        let deadline = ContinuousClock.now + timeout
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let request = AMQPConfirmTracker.Request(
                message: message,
                exchange: exchange,
                routingKey: routingKey,
                isMandatory: isMandatory,
                deadline: deadline,
                continuation: continuation
            )
            connection.submit(
                run: { connection, tracker in tracker.publish(request, on: connection) },
                fail: { continuation.resume(throwing: $0) }
            )
        }
    }

    /// Closes the channel and the connection (each bounded by the RPC timeout); unconfirmed publishes fail with
    /// ``AMQPError/Code/connectionClosed``.
    public func close() async {
        guard let connection = self.connection.withLock({ $0 }) else { return }
        await connection.close()
    }
}
