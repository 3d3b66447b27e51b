/// Metadata keys of the `AMQP` module's log lines.
enum AMQPLoggingKeys {
    static let error = "amqp.error"
    static let url = "amqp.url"
    static let queue = "amqp.queue"
    static let reason = "amqp.reason"
    static let method = "amqp.method"
    static let limit = "amqp.limit"
    static let exchanges = "amqp.exchanges"
    static let queues = "amqp.queues"
    static let bindings = "amqp.bindings"
}
