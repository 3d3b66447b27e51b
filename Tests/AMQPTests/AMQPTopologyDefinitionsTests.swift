import AMQP
import Foundation
import Testing

@Suite struct AMQPTopologyDefinitionsTests {
    @Test func writesImportableDefinitions() throws {
        let topology = AMQPTopology(
            exchanges: [AMQPTopology.Exchange(name: "itglue.offboarding", type: "topic")],
            queues: [
                AMQPTopology.Queue(
                    name: "itglue.offboarding.requests",
                    arguments: [
                        "x-queue-type": "quorum", "x-delivery-limit": 5,
                        "x-dead-letter-exchange": "itglue.offboarding.dlx",
                    ]
                )
            ],
            bindings: [
                AMQPTopology.Binding(
                    source: "itglue.offboarding",
                    destination: "itglue.offboarding.requests",
                    routingKey: "offboarding.request"
                )
            ]
        )
        let json = topology.definitionsJSON()
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        )
        let queues = try #require(document["queues"] as? [[String: Any]])
        #expect(queues.count == 1)
        #expect(queues[0]["name"] as? String == "itglue.offboarding.requests")
        #expect(queues[0]["vhost"] as? String == "/")
        #expect(queues[0]["durable"] as? Bool == true)
        let arguments = try #require(queues[0]["arguments"] as? [String: Any])
        #expect(arguments["x-delivery-limit"] as? Int == 5)
        #expect(arguments["x-queue-type"] as? String == "quorum")
        let bindings = try #require(document["bindings"] as? [[String: Any]])
        #expect(bindings[0]["destination_type"] as? String == "queue")
        #expect(bindings[0]["routing_key"] as? String == "offboarding.request")
        let exchanges = try #require(document["exchanges"] as? [[String: Any]])
        #expect(exchanges[0]["type"] as? String == "topic")
        // Sorted keys: the output is stable from run to run.
        #expect(json == topology.definitionsJSON())
        #expect(json.contains("\"vhost\" : \"/\""))
    }
}
