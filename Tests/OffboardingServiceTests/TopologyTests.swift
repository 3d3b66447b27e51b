import AMQP
import Foundation
import JSONSchema
import OffboardingService
import Testing

/// The shipped `ops/rabbitmq/definitions.json` is the topology the consumer declares.
@Suite struct TopologyTests {
    @Test func shippedDefinitionsMatchTheDeclaredTopology() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shipped = try JSONValue(
            parsing: Data(contentsOf: root.appendingPathComponent("ops/rabbitmq/definitions.json"))
        )
        let declared = try JSONValue(parsing: OffboardingTopology().amqpTopology.definitionsJSON())
        #expect(shipped == declared, "regenerate with: itglue-offboard topology > ops/rabbitmq/definitions.json")
    }

    @Test func requestQueueIsAQuorumQueueWithDeadLetteringAndADeliveryLimit() throws {
        let topology = OffboardingTopology()
        let queue = try #require(topology.amqpTopology.queues.first { $0.name == "itglue.offboarding.requests" })
        #expect(queue.isDurable)
        #expect(queue.arguments["x-queue-type"] == .string("quorum"))
        #expect(queue.arguments["x-dead-letter-exchange"] == .string("itglue.offboarding.dlx"))
        #expect(queue.arguments["x-delivery-limit"] == .int(5))
        let retry = try #require(topology.amqpTopology.queues.first { $0.name == "itglue.offboarding.retry.1m" })
        #expect(retry.arguments["x-message-ttl"] == .int(60_000))
        #expect(retry.arguments["x-dead-letter-exchange"] == .string("itglue.offboarding"))
        let keys = topology.amqpTopology.bindings.filter { $0.destination == queue.name }.map(\.routingKey)
        #expect(Set(keys) == ["offboarding.request", "offboarding.approve"])
    }
}
