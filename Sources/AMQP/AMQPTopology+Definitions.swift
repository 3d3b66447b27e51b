import Foundation

extension AMQPTopology {
    /// The topology as RabbitMQ definitions JSON (exchanges, queues, bindings with their arguments), importable with
    /// `rabbitmqctl import_definitions`; pretty-printed with sorted keys, so it diffs well in review.
    public func definitionsJSON(virtualHost: String = "/") -> String {
        let exchanges: [[String: Any]] = self.exchanges.map { exchange in
            [
                "name": exchange.name, "vhost": virtualHost, "type": exchange.type, "durable": exchange.isDurable,
                "auto_delete": exchange.isAutoDelete, "internal": false,
                "arguments": Self.json(exchange.arguments),
            ]
        }
        let queues: [[String: Any]] = self.queues.map { queue in
            [
                "name": queue.name, "vhost": virtualHost, "durable": queue.isDurable,
                "auto_delete": queue.isAutoDelete, "arguments": Self.json(queue.arguments),
            ]
        }
        let bindings: [[String: Any]] = self.bindings.map { binding in
            [
                "source": binding.source, "vhost": virtualHost, "destination": binding.destination,
                "destination_type": "queue", "routing_key": binding.routingKey,
                "arguments": Self.json(binding.arguments),
            ]
        }
        let document: [String: Any] = ["exchanges": exchanges, "queues": queues, "bindings": bindings]
        // Only strings, numbers, booleans, arrays and dictionaries go in, so serialization cannot fail.
        let data = try! JSONSerialization.data(
            withJSONObject: document,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        )
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func json(_ table: [String: AMQPFieldValue]) -> [String: Any] {
        table.mapValues(Self.json)
    }

    private static func json(_ value: AMQPFieldValue) -> Any {
        switch value {
        case .bool(let bool): bool
        case .int(let int): int
        case .double(let double): double
        case .string(let string): string
        case .bytes(let bytes): Data(bytes).base64EncodedString()
        case .timestamp(let seconds): seconds
        case .array(let elements): elements.map(Self.json)
        case .table(let table): Self.json(table)
        case .void: NSNull()
        }
    }
}
