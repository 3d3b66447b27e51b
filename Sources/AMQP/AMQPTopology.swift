import CRabbitMQ
public import Logging

/// Exchanges, queues and bindings that are declared idempotently at startup and shipped as definitions JSON.
public struct AMQPTopology: Sendable, Hashable {
    /// An exchange.
    public struct Exchange: Sendable, Hashable {
        /// The exchange name.
        public var name: String
        /// `topic`, `direct`, `fanout` or `headers`.
        public var type: String
        /// Default: true.
        public var isDurable: Bool
        /// Default: false.
        public var isAutoDelete: Bool
        /// E.g. `alternate-exchange`.
        public var arguments: [String: AMQPFieldValue]

        public init(
            name: String,
            type: String,
            isDurable: Bool = true,
            isAutoDelete: Bool = false,
            arguments: [String: AMQPFieldValue] = [:]
        ) {
            self.name = name
            self.type = type
            self.isDurable = isDurable
            self.isAutoDelete = isAutoDelete
            self.arguments = arguments
        }
    }

    /// A queue; `arguments` carry e.g. `x-queue-type`, `x-dead-letter-exchange`, `x-delivery-limit`, `x-message-ttl`.
    public struct Queue: Sendable, Hashable {
        /// The queue name.
        public var name: String
        /// Default: true.
        public var isDurable: Bool
        /// Default: false.
        public var isAutoDelete: Bool
        /// Queue arguments; declare them identically everywhere, or RabbitMQ answers 406.
        public var arguments: [String: AMQPFieldValue]

        public init(
            name: String,
            isDurable: Bool = true,
            isAutoDelete: Bool = false,
            arguments: [String: AMQPFieldValue] = [:]
        ) {
            self.name = name
            self.isDurable = isDurable
            self.isAutoDelete = isAutoDelete
            self.arguments = arguments
        }
    }

    /// A binding from an exchange to a queue.
    public struct Binding: Sendable, Hashable {
        /// The exchange.
        public var source: String
        /// The queue.
        public var destination: String
        /// The binding key (a pattern with `*` and `#` on topic exchanges).
        public var routingKey: String
        /// Arguments, e.g. for headers exchanges.
        public var arguments: [String: AMQPFieldValue]

        public init(source: String, destination: String, routingKey: String, arguments: [String: AMQPFieldValue] = [:])
        {
            self.source = source
            self.destination = destination
            self.routingKey = routingKey
            self.arguments = arguments
        }
    }

    /// Declared first.
    public var exchanges: [Exchange]
    /// Declared after the exchanges.
    public var queues: [Queue]
    /// Declared last.
    public var bindings: [Binding]

    public init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    /// Declares every exchange, then every queue, then every binding, on a short-lived connection.
    ///
    /// Declaring is idempotent while the arguments stay identical.
    /// - Throws: An ``AMQPError``; a redeclaration with different arguments gives
    ///   ``AMQPError/Code/preconditionFailed`` whose message names the exchange or queue and quotes the broker
    ///   (`PRECONDITION_FAILED - inequivalent arg …`).
    public func declare(configuration: AMQPConfiguration, logger: Logger = .silent) async throws {
        let topology = self
        try await Self.withConnection(configuration: configuration, logger: logger) { connection in
            try await connection.perform { connection, _ in
                for exchange in topology.exchanges {
                    try Self.declare(exchange, on: connection)
                }
                for queue in topology.queues {
                    try Self.declare(queue, on: connection)
                }
                for binding in topology.bindings {
                    try Self.declare(binding, on: connection)
                }
            }
        }
        logger.info(
            "AMQP topology declared",
            metadata: [
                AMQPLoggingKeys.exchanges: "\(self.exchanges.count)", AMQPLoggingKeys.queues: "\(self.queues.count)",
                AMQPLoggingKeys.bindings: "\(self.bindings.count)",
            ]
        )
    }

    static func withConnection<T: Sendable>(
        configuration: AMQPConfiguration,
        logger: Logger,
        _ body: (AMQPConnection<AMQPPassiveDelegate>) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.connectionName += " (topology)"
        let connection = try await AMQPConnection.open(
            configuration: configuration,
            logger: logger,
            delegate: AMQPPassiveDelegate()
        )
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    private static func declare(_ exchange: Exchange, on connection: AMQPConnection<AMQPPassiveDelegate>) throws {
        let arena = AMQPArena()
        _ = try connection.rpc("Declaring exchange '\(exchange.name)' (\(exchange.type))") {
            amqp_exchange_declare(
                $0,
                connection.channel,
                arena.bytes(exchange.name),
                arena.bytes(exchange.type),
                0,
                exchange.isDurable ? 1 : 0,
                exchange.isAutoDelete ? 1 : 0,
                0,
                AMQPFieldValue.table(exchange.arguments, in: arena)
            )
        }
    }

    private static func declare(_ queue: Queue, on connection: AMQPConnection<AMQPPassiveDelegate>) throws {
        let arena = AMQPArena()
        _ = try connection.rpc("Declaring queue '\(queue.name)'") {
            amqp_queue_declare(
                $0,
                connection.channel,
                arena.bytes(queue.name),
                0,
                queue.isDurable ? 1 : 0,
                0,
                queue.isAutoDelete ? 1 : 0,
                AMQPFieldValue.table(queue.arguments, in: arena)
            )
        }
    }

    private static func declare(_ binding: Binding, on connection: AMQPConnection<AMQPPassiveDelegate>) throws {
        let arena = AMQPArena()
        let context =
            "Binding queue '\(binding.destination)' to exchange '\(binding.source)' with '\(binding.routingKey)'"
        _ = try connection.rpc(context) {
            amqp_queue_bind(
                $0,
                connection.channel,
                arena.bytes(binding.destination),
                arena.bytes(binding.source),
                arena.bytes(binding.routingKey),
                AMQPFieldValue.table(binding.arguments, in: arena)
            )
        }
    }
}
