/// A message body with its properties.
public struct AMQPMessage: Sendable, Hashable {
    /// The payload, as sent.
    public var body: [UInt8]
    /// The AMQP basic properties and headers.
    public var properties: AMQPProperties

    public init(body: [UInt8], properties: AMQPProperties = AMQPProperties()) {
        self.body = body
        self.properties = properties
    }
}
