public import AMQP

/// The AMQP names of the service (design: "AMQP topology") and the topology they form.
///
/// Every name can be overridden; the defaults are the contract other programs rely on.
public struct OffboardingTopology: Sendable, Hashable {
    /// Topic exchange where requests (and approvals) arrive. Default: `itglue.offboarding`.
    public var requestExchange = "itglue.offboarding"
    /// Quorum queue bound to ``requestExchange``. Default: `itglue.offboarding.requests`.
    public var requestQueue = "itglue.offboarding.requests"
    /// Routing key of requests. Default: `offboarding.request`.
    public var requestRoutingKey = "offboarding.request"
    /// Routing key of approvals, which share the request queue. Default: `offboarding.approve`.
    public var approvalRoutingKey = "offboarding.approve"
    /// Topic exchange of result events. Default: `itglue.offboarding.results`.
    public var resultExchange = "itglue.offboarding.results"
    /// Prefix of result routing keys, followed by the outcome. Default: `offboarding.result`.
    public var resultRoutingKeyPrefix = "offboarding.result"
    /// Dead-letter exchange of the request queue. Default: `itglue.offboarding.dlx`.
    public var deadLetterExchange = "itglue.offboarding.dlx"
    /// Parking-lot queue for requests that failed for good. Default: `itglue.offboarding.dead`.
    public var deadLetterQueue = "itglue.offboarding.dead"
    /// Prefix of the delayed retry queues, followed by the tier's name. Default: `itglue.offboarding.retry`.
    public var retryQueuePrefix = "itglue.offboarding.retry"
    /// Delayed retry tiers: name and delay. Default: 10 s, 1 min, 10 min.
    public var retryTiers: [RetryTier] = [
        RetryTier(name: "10s", delay: .seconds(10)),
        RetryTier(name: "1m", delay: .seconds(60)),
        RetryTier(name: "10m", delay: .seconds(600)),
    ]
    /// Deliveries of one request before the broker dead-letters it (crash-loop backstop). Default: 5.
    public var deliveryLimit = 5

    public init() {}

    public struct RetryTier: Sendable, Hashable {
        public var name: String
        public var delay: Duration

        public init(name: String, delay: Duration) {
            self.name = name
            self.delay = delay
        }
    }

    public func retryQueue(_ tier: RetryTier) -> String { "\(self.retryQueuePrefix).\(tier.name)" }

    public func resultRoutingKey(_ outcome: String) -> String { "\(self.resultRoutingKeyPrefix).\(outcome)" }

    /// Exchanges, queues and bindings, with identical arguments wherever they are declared.
    public var amqpTopology: AMQPTopology {
        var queues = [
            AMQPTopology.Queue(
                name: self.requestQueue,
                isDurable: true,
                arguments: [
                    "x-queue-type": .string("quorum"),
                    "x-dead-letter-exchange": .string(self.deadLetterExchange),
                    "x-delivery-limit": .int(Int64(self.deliveryLimit)),
                ]
            ),
            AMQPTopology.Queue(
                name: self.deadLetterQueue,
                isDurable: true,
                arguments: ["x-queue-type": .string("quorum")]
            ),
        ]
        for tier in self.retryTiers {
            // A per-queue TTL expires messages at the head only, so every message of a tier waits the same time.
            queues.append(
                AMQPTopology.Queue(
                    name: self.retryQueue(tier),
                    isDurable: true,
                    arguments: [
                        "x-queue-type": .string("quorum"),
                        "x-message-ttl": .int(Int64(tier.delay.components.seconds * 1000)),
                        "x-dead-letter-exchange": .string(self.requestExchange),
                        "x-dead-letter-routing-key": .string(self.requestRoutingKey),
                    ]
                )
            )
        }
        return AMQPTopology(
            exchanges: [
                AMQPTopology.Exchange(name: self.requestExchange, type: "topic", isDurable: true, arguments: [:]),
                AMQPTopology.Exchange(name: self.resultExchange, type: "topic", isDurable: true, arguments: [:]),
                AMQPTopology.Exchange(name: self.deadLetterExchange, type: "topic", isDurable: true, arguments: [:]),
            ],
            queues: queues,
            bindings: [
                AMQPTopology.Binding(
                    source: self.requestExchange,
                    destination: self.requestQueue,
                    routingKey: self.requestRoutingKey,
                    arguments: [:]
                ),
                AMQPTopology.Binding(
                    source: self.requestExchange,
                    destination: self.requestQueue,
                    routingKey: self.approvalRoutingKey,
                    arguments: [:]
                ),
                AMQPTopology.Binding(
                    source: self.deadLetterExchange,
                    destination: self.deadLetterQueue,
                    routingKey: "#",
                    arguments: [:]
                ),
            ]
        )
    }
}
