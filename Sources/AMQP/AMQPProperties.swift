/// The AMQP 0-9-1 basic properties of a message. Unset optionals are not sent.
public struct AMQPProperties: Sendable, Hashable {
    /// MIME type of the body, e.g. `application/json`.
    public var contentType: String?
    public var contentEncoding: String?
    /// Application headers. Custom headers should not start with `x-`: RabbitMQ 4 drops such client headers.
    public var headers: [String: AMQPFieldValue] = [:]
    /// Delivery mode 2 (persisted by durable queues) when true, mode 1 otherwise. Default: false.
    public var isPersistent: Bool = false
    public var priority: UInt8?
    public var correlationID: String?
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as a decimal string (AMQP's encoding).
    public var expiration: String?
    public var messageID: String?
    /// Seconds since the Unix epoch.
    public var timestamp: UInt64?
    public var type: String?
    /// Must equal the connection's username when set; RabbitMQ checks it.
    public var userID: String?
    public var appID: String?

    public init() {}
}
