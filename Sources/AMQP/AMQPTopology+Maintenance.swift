import CRabbitMQ
public import Logging

extension AMQPTopology {
    /// Reports a queue's ready messages and consumers without changing it.
    ///
    /// - Throws: ``AMQPError/Code/notFound`` if the queue does not exist.
    public static func status(
        ofQueue name: String,
        configuration: AMQPConfiguration,
        logger: Logger = .silent
    ) async throws -> AMQPQueueStatus {
        try await self.withConnection(configuration: configuration, logger: logger) { connection in
            try await connection.perform { connection, _ in
                let arena = AMQPArena()
                let declared = try connection.rpc("Inspecting queue '\(name)'") {
                    amqp_queue_declare($0, connection.channel, arena.bytes(name), 1, 0, 0, 0, amqp_empty_table)
                }
                return AMQPQueueStatus(
                    messageCount: Int(declared.message_count),
                    consumerCount: Int(declared.consumer_count)
                )
            }
        }
    }

    /// Deletes queues and then exchanges by name, whether or not they are empty or in use; missing ones are fine.
    public static func delete(
        queues: [String] = [],
        exchanges: [String] = [],
        configuration: AMQPConfiguration,
        logger: Logger = .silent
    ) async throws {
        try await self.withConnection(configuration: configuration, logger: logger) { connection in
            try await connection.perform { connection, _ in
                let arena = AMQPArena()
                for queue in queues {
                    _ = try connection.rpc("Deleting queue '\(queue)'") {
                        amqp_queue_delete($0, connection.channel, arena.bytes(queue), 0, 0)
                    }
                }
                for exchange in exchanges {
                    _ = try connection.rpc("Deleting exchange '\(exchange)'") {
                        amqp_exchange_delete($0, connection.channel, arena.bytes(exchange), 0)
                    }
                }
            }
        }
    }

    /// Deletes this topology's queues and exchanges (bindings go with them).
    public func delete(configuration: AMQPConfiguration, logger: Logger = .silent) async throws {
        try await Self.delete(
            queues: self.queues.map(\.name),
            exchanges: self.exchanges.map(\.name),
            configuration: configuration,
            logger: logger
        )
    }
}
