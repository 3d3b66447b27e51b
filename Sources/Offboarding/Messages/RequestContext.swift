public import Foundation

/// What the transport knows about a request besides its body: AMQP properties for the consumer, or the
/// command line for `delete`.
public struct RequestContext: Sendable, Hashable {
    /// AMQP `message_id`: the idempotency key when present.
    public var messageID: String?
    /// AMQP `correlation_id`.
    public var correlationID: String?
    /// AMQP `user_id`, which RabbitMQ verifies against the connection's user.
    public var publisher: String?
    /// The broker says this delivery may have been seen before.
    public var isRedelivered: Bool
    /// Came over AMQP. The policy's allowed publishers apply to broker deliveries only: a local `delete`
    /// run already holds the IT Glue key.
    public var isFromBroker: Bool
    public var receivedAt: Date

    public init(
        messageID: String? = nil,
        correlationID: String? = nil,
        publisher: String? = nil,
        isRedelivered: Bool = false,
        isFromBroker: Bool = true,
        receivedAt: Date = Date()
    ) {
        self.messageID = messageID
        self.correlationID = correlationID
        self.publisher = publisher
        self.isRedelivered = isRedelivered
        self.isFromBroker = isFromBroker
        self.receivedAt = receivedAt
    }
}
