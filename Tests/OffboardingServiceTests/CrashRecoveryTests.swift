import AMQP
import Foundation
import ITGlueSandbox
import JSONSchema
import OffboardingService
import Testing

/// The consumer process is killed at the worst moments; nothing is acked early and a restart ends each
/// request with one result and at most one `DELETE`. These use the default topology names (the executable's),
/// on the private test broker.
@Suite(
    .serialized,
    .timeLimit(.minutes(3)),
    .enabled(if: brokerURL != nil, "RABBITMQ_URL is not set (run ops/test)"),
    .enabled(if: ConsumerProcess.isAvailable, "itglue-offboard is not built (swift build)")
)
struct CrashRecoveryTests {
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
        try await Task.sleep(for: .milliseconds(300))
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
}
