/// What a passive `queue.declare` reports about a queue.
public struct AMQPQueueStatus: Sendable, Hashable {
    /// Messages ready for delivery (not counting unacknowledged ones).
    public var messageCount: Int
    /// Active consumers.
    public var consumerCount: Int
}
