public import AMQP

/// Everything the consumer needs besides the engine. Parsed from the environment by the executable.
public struct OffboardingServiceConfiguration: Sendable {
    public var amqp: AMQPConfiguration
    /// Exchange and queue names. Default: the design's names.
    public var topology = OffboardingTopology()
    /// Messages processed at once; also the prefetch count. Default: 4.
    public var concurrency = 4
    /// How long the broker may take to confirm a result. Default: 10 s.
    public var publishTimeout: Duration = .seconds(10)
    /// Backoff between broker sessions after a failure: first delay. Default: 1 s.
    public var reconnectDelay: Duration = .seconds(1)
    /// Backoff cap. Default: 30 s.
    public var maximumReconnectDelay: Duration = .seconds(30)
    /// CloudEvents `source` of result events. Default: `urn:itglue-offboard`.
    public var eventSource = "urn:itglue-offboard"

    public init(amqp: AMQPConfiguration) {
        self.amqp = amqp
    }
}
