import AMQP
import Foundation
import ITGlueSandbox
import JSONSchema
import Offboarding
import OffboardingService
import Testing

/// The executable as a child process on the broker, with its default topology names: killed at the worst
/// moments (nothing is acked early, and a restart ends each request with one result and at most one `DELETE`),
/// stopped with SIGTERM mid-request, and the sweep's publishing.
@Suite(
    .serialized,
    .timeLimit(.minutes(3)),
    .enabled(if: brokerURL != nil, "RABBITMQ_URL is not set (run ops/test)"),
    .enabled(if: ConsumerProcess.isAvailable, "itglue-offboard is not built (swift build)")
)
struct ExecutableOnBrokerTests {
    let amqp: AMQPConfiguration
    let topology = OffboardingTopology()
    let stateDirectory = NSTemporaryDirectory() + "crash-\(UUID().uuidString.prefix(8))"

    init() throws {
        self.amqp = try AMQPConfiguration(url: try #require(brokerURL))
    }

    private func environment(sandbox: URL) -> [String: String] {
        [
            "AMQP_URL": brokerURL ?? "", "ITGLUE_BASE_URL": sandbox.absoluteString,
            "ITGLUE_API_KEY": SandboxConfiguration().apiKey, "OFFBOARD_STATE_DIR": self.stateDirectory,
            "OFFBOARD_METRICS_ADDR": "off",
        ]
    }

    private func waitForConsumer(count: Int) async throws {
        let isConsuming = try await eventually {
            let status = try? await AMQPTopology.status(ofQueue: self.topology.requestQueue, configuration: self.amqp)
            return status?.consumerCount == count
        }
        try #require(isConsuming, "the consumer process did not start consuming")
    }

    private func publish(_ body: String, messageID: String) async throws {
        let publisher = AMQPPublisher(configuration: self.amqp)
        try await publisher.connect()
        var properties = AMQPProperties()
        properties.contentType = "application/json"
        properties.isPersistent = true
        properties.messageID = messageID
        try await publisher.publish(
            AMQPMessage(body: Array(body.utf8), properties: properties),
            exchange: self.topology.requestExchange,
            routingKey: self.topology.requestRoutingKey
        )
        await publisher.close()
    }

    @Test func killedBeforeTheAckLeavesTheRequestInTheQueue() async throws {
        let sandbox = ITGlueSandbox(dataset: .demo)
        let url = try sandbox.start()
        sandbox.inject(.latency(.seconds(5)))
        try await self.topology.amqpTopology.declare(configuration: self.amqp)
        let consumer = try ConsumerProcess(environment: self.environment(sandbox: url))
        defer { consumer.kill() }
        try await self.waitForConsumer(count: 1)
        try await self.publish(#"{"org_id": "123456", "confirm_delete": true}"#, messageID: "kill-1")
        #expect(try await eventually { !sandbox.requestLog().isEmpty }, "processing never reached IT Glue")
        consumer.kill()
        let isBackInQueue = try await eventually(timeout: .seconds(20)) {
            let status = try await AMQPTopology.status(ofQueue: self.topology.requestQueue, configuration: self.amqp)
            return status.messageCount == 1
        }
        #expect(isBackInQueue, "the request was acked before its result was confirmed")
        #expect(sandbox.organizationExists(id: "123456"))
        try await self.topology.amqpTopology.delete(configuration: self.amqp)
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: self.stateDirectory)
    }

    @Test func killedBetweenTheDeleteAndTheAckEndsInOneDeletedResultAndOneDelete() async throws {
        var settings = SandboxConfiguration()
        // The organization stays visible after the DELETE, so the consumer is still verifying when it is killed.
        settings.deletionDelay = .seconds(60)
        let sandbox = ITGlueSandbox(dataset: .demo, configuration: settings)
        let url = try sandbox.start()
        try await self.topology.amqpTopology.declare(configuration: self.amqp)
        let (listener, results) = try await listenForResults(on: self.topology.resultExchange, configuration: self.amqp)

        let first = try ConsumerProcess(environment: self.environment(sandbox: url))
        defer { first.kill() }
        try await self.waitForConsumer(count: 1)
        try await self.publish(#"{"org_id": "200008", "confirm_delete": true}"#, messageID: "kill-2")
        #expect(try await eventually { sandbox.requestLog().contains { $0.method == "DELETE" } })
        // Killed once the audit log holds the answered DELETE: the process is then verifying, before any ack.
        let auditLog = try AuditLog(directory: self.stateDirectory)
        #expect(try await eventually { try auditLog.entry(requestKey: "message:kill-2")?.state == .deleted })
        first.kill()

        let second = try ConsumerProcess(environment: self.environment(sandbox: url))
        defer { second.kill() }
        var iterator = results.makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        let body = try JSONValue(parsing: delivery.message.body)
        #expect(delivery.routingKey == "offboarding.result.deleted")
        #expect(body["deleted"] == true)
        #expect(body["org_id"] == "200008")
        #expect(delivery.message.properties.correlationID == "kill-2")
        #expect(second.terminate() == 0)
        #expect(sandbox.requestLog().filter { $0.method == "DELETE" }.count == 1)
        let status = try await AMQPTopology.status(ofQueue: self.topology.requestQueue, configuration: self.amqp)
        #expect(status.messageCount == 0)
        await listener.close()
        try await self.topology.amqpTopology.delete(configuration: self.amqp)
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: self.stateDirectory)
    }

    @Test func sigtermDrainsTheRequestInFlightBeforeExiting() async throws {
        let sandbox = ITGlueSandbox(dataset: .demo)
        let url = try sandbox.start()
        sandbox.inject(.latency(.milliseconds(400)))
        try await self.topology.amqpTopology.declare(configuration: self.amqp)
        let (listener, results) = try await listenForResults(on: self.topology.resultExchange, configuration: self.amqp)
        let consumer = try ConsumerProcess(environment: self.environment(sandbox: url))
        defer { consumer.kill() }
        try await self.waitForConsumer(count: 1)
        try await self.publish(#"{"org_id": "200008", "confirm_delete": true}"#, messageID: "drain-1")
        #expect(try await eventually { !sandbox.requestLog().isEmpty })
        // SIGTERM mid-request: intake stops, the deletion finishes, its result is confirmed and acked, then exit 0.
        #expect(consumer.terminate() == 0)
        var iterator = results.makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        #expect(delivery.message.properties.correlationID == "drain-1")
        #expect(delivery.routingKey == "offboarding.result.deleted")
        let status = try await AMQPTopology.status(ofQueue: self.topology.requestQueue, configuration: self.amqp)
        #expect(status.messageCount == 0)
        #expect(!sandbox.organizationExists(id: "200008"))
        await listener.close()
        try await self.topology.amqpTopology.delete(configuration: self.amqp)
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: self.stateDirectory)
    }

    @Test func sweepPublishesOneDryRunPerMatchAndRespectsItsLimit() async throws {
        try await self.topology.amqpTopology.declare(configuration: self.amqp)
        let (listener, requests) = try await listenForResults(
            on: self.topology.requestExchange,
            configuration: self.amqp
        )
        let environment = ["AMQP_URL": brokerURL ?? "", "OFFBOARD_METRICS_ADDR": "off"]
        let refused = try ConsumerProcess(
            arguments: ["sweep", "--sandbox", "--status", "Inactive", "--limit", "1"],
            environment: environment
        )
        #expect(refused.waitForExit() == 1)
        let swept = try ConsumerProcess(
            arguments: ["sweep", "--sandbox", "--status", "Inactive"],
            environment: environment
        )
        #expect(swept.waitForExit() == 0)
        var iterator = requests.makeAsyncIterator()
        var bodies: [JSONValue] = []
        for _ in 0..<2 {
            let delivery = try #require(try await iterator.next())
            #expect(delivery.routingKey == self.topology.requestRoutingKey)
            #expect(delivery.message.properties.messageID?.hasPrefix("sweep-") == true)
            bodies.append(try JSONValue(parsing: delivery.message.body))
        }
        #expect(Set(bodies.compactMap { $0["org_id"]?.stringValue }) == ["200001", "200008"])
        #expect(bodies.allSatisfy { $0["dry_run"] == true && $0["confirm_delete"] == false })
        let decoder = try RequestDecoder()
        #expect(bodies.allSatisfy { (try? decoder.decode(Array($0.serialized().utf8)).get()) != nil })
        await listener.close()
        try await self.topology.amqpTopology.delete(configuration: self.amqp)
    }
}
