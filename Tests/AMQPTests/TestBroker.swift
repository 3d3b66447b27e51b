import AMQP
import Foundation

/// The broker named by `RABBITMQ_URL` (start a private one with `ops/broker start`).
enum TestBroker {
    static var isAvailable: Bool { ProcessInfo.processInfo.environment["RABBITMQ_URL"] != nil }

    static func configuration(heartbeat: Duration = .seconds(15)) throws -> AMQPConfiguration {
        var configuration = try AMQPConfiguration(url: ProcessInfo.processInfo.environment["RABBITMQ_URL"] ?? "")
        configuration.heartbeat = heartbeat
        configuration.connectionName = "amqp-tests"
        return configuration
    }

    /// A name no other test (or earlier run) uses.
    static func uniqueName(_ purpose: String) -> String {
        "amqp-tests.\(purpose).\(UUID().uuidString.prefix(8).lowercased())"
    }

    static func message(_ text: String, messageID: String? = nil) -> AMQPMessage {
        var properties = AMQPProperties()
        properties.messageID = messageID ?? text
        return AMQPMessage(body: Array(text.utf8), properties: properties)
    }
}
