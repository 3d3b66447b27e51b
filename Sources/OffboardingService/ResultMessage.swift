public import AMQP
import Foundation
public import Offboarding

/// Builds the AMQP message of a result event: persistent JSON with a new `message_id`, the request's
/// correlation, and CloudEvents attributes as `ce-` headers (binary mode of the RabbitMQ CloudEvents binding).
public struct ResultMessage: Sendable {
    /// CloudEvents `source` of every event of this process.
    public var source: String

    public init(source: String = "urn:itglue-offboard") {
        self.source = source
    }

    /// - Parameter request: the properties of the request being answered, when it came over AMQP.
    public func message(for result: OffboardingResult, answering request: AMQPProperties?) -> AMQPMessage {
        let id = UUID().uuidString.lowercased()
        let time = result.timestamp ?? result.errors.first?.timestamp ?? OffboardingResult.timestamp(Date())
        let type = "com.itglue-offboard.offboarding.result.\(result.outcome.rawValue).v1"
        var properties = AMQPProperties()
        properties.contentType = "application/json"
        properties.isPersistent = true
        properties.messageID = id
        properties.correlationID = request?.correlationID ?? request?.messageID
        properties.type = type
        properties.appID = "itglue-offboard"
        properties.timestamp = UInt64(Date().timeIntervalSince1970)
        var headers: [String: AMQPFieldValue] = [
            "ce-specversion": .string("1.0"),
            "ce-id": .string(id),
            "ce-source": .string(self.source),
            "ce-type": .string(type),
            "ce-time": .string(time),
            "ce-datacontenttype": .string("application/json"),
            "ce-dataschema": .string("https://itglue-offboard.example/schemas/offboarding-result.schema.json"),
        ]
        if let subject = result.organizationID { headers["ce-subject"] = .string(subject) }
        properties.headers = headers
        return AMQPMessage(body: result.jsonBytes(), properties: properties)
    }
}
