/// A message delivered to an ``AMQPConsumer``; settle it with ``AMQPConsumer/ack(_:)``,
/// ``AMQPConsumer/reject(_:requeue:)`` or ``AMQPConsumer/nack(_:requeue:)`` on the same consumer.
public struct AMQPDelivery: Sendable {
    /// Identifies the delivery on its channel; only valid on the consumer that received it.
    public var deliveryTag: UInt64
    /// The exchange it was published to (empty for the default exchange).
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// The broker delivered this message before (to this or another consumer) without an ack: it may be a duplicate.
    public var isRedelivered: Bool
    /// Body and properties.
    public var message: AMQPMessage
    /// How often a quorum queue delivered this message before (`x-delivery-count`); nil on the first delivery and
    /// for classic queues.
    public var deliveryCount: Int?

    /// Creates a delivery; ``deliveryCount`` is read from the `x-delivery-count` header.
    public init(
        deliveryTag: UInt64,
        exchange: String,
        routingKey: String,
        isRedelivered: Bool,
        message: AMQPMessage
    ) {
        self.deliveryTag = deliveryTag
        self.exchange = exchange
        self.routingKey = routingKey
        self.isRedelivered = isRedelivered
        self.message = message
        if case .int(let count) = message.properties.headers["x-delivery-count"] {
            self.deliveryCount = Int(count)
        } else {
            self.deliveryCount = nil
        }
    }
}
