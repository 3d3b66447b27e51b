/// The AMQP 0-9-1 basic properties of a message. Unset optionals are not sent.
public struct AMQPProperties: Sendable, Hashable {
    /// MIME type of the body, e.g. `application/json`.
    public var contentType: String?
    /// E.g. `gzip`.
    public var contentEncoding: String?
    /// Application headers. Custom headers should not start with `x-`: RabbitMQ 4 drops such client headers.
    public var headers: [String: AMQPFieldValue] = [:]
    /// Delivery mode 2 (persisted by durable queues) when true, mode 1 otherwise. Default: false.
    public var isPersistent: Bool = false
    /// 0 to 9 on priority queues.
    public var priority: UInt8?
    /// Links a result to its request.
    public var correlationID: String?
    /// Queue (via the default exchange) that should receive the answer.
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as a decimal string (AMQP's encoding).
    public var expiration: String?
    /// The publisher's identifier of the message, used as the idempotency key.
    public var messageID: String?
    /// Seconds since the Unix epoch.
    public var timestamp: UInt64?
    /// The message type, e.g. a CloudEvents `type`.
    public var type: String?
    /// Must equal the connection's username when set; RabbitMQ checks it.
    public var userID: String?
    /// The publishing application.
    public var appID: String?

    /// Properties with nothing set (transient delivery mode).
    public init() {}
}
