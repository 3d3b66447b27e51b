import AMQP
import Foundation
import Synchronization
import Testing

@Suite(.serialized, .timeLimit(.minutes(2)), .enabled(if: TestBroker.isAvailable, "needs RABBITMQ_URL"))
struct AMQPBrokerTests {
    let configuration: AMQPConfiguration

    init() throws {
        self.configuration = try TestBroker.configuration()
    }

    /// Declares `topology`, runs `body`, and deletes the topology again even when `body` throws.
    private func withTopology(_ topology: AMQPTopology, _ body: () async throws -> Void) async throws {
        try await topology.declare(configuration: self.configuration)
        do {
            try await body()
        } catch {
            try? await topology.delete(configuration: self.configuration)
            throw error
        }
        try await topology.delete(configuration: self.configuration)
    }

    private func queueTopology(_ name: String, arguments: [String: AMQPFieldValue] = [:]) -> AMQPTopology {
        AMQPTopology(queues: [AMQPTopology.Queue(name: name, isDurable: false, arguments: arguments)])
    }

    private func connectedPublisher(_ configuration: AMQPConfiguration? = nil) async throws -> AMQPPublisher {
        let publisher = AMQPPublisher(configuration: configuration ?? self.configuration)
        try await publisher.connect()
        return publisher
    }

    // MARK: - Connecting

    @Test func wrongPasswordIsAnAuthenticationFailure() async throws {
        var configuration = self.configuration
        configuration.password = "definitely-wrong-password"
        let publisher = AMQPPublisher(configuration: configuration)
        let error = await #expect(throws: AMQPError.self) { try await publisher.connect() }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.isRetriable == false)
        #expect(error?.message.contains("definitely-wrong-password") == false)
    }

    @Test func secondUserCanConnect() async throws {
        var configuration = self.configuration
        configuration.username = "offboard"
        configuration.password = "offboard-secret"
        let publisher = try await self.connectedPublisher(configuration)
        let queue = TestBroker.uniqueName("second-user")
        try await self.withTopology(self.queueTopology(queue)) {
            try await publisher.publish(TestBroker.message("hi"), exchange: "", routingKey: queue)
        }
        await publisher.close()
    }

    @Test func unreachableBrokerIsARetriableConnectionFailure() async throws {
        var configuration = self.configuration
        configuration.port = 1
        let consumer = AMQPConsumer(configuration: configuration, source: .queue("none"), prefetchCount: 1)
        let error = await #expect(throws: AMQPError.self) { _ = try await consumer.start() }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isRetriable == true)
    }

    // MARK: - Topology

    @Test func declaringIsIdempotentAndAMismatchIsExplained() async throws {
        let exchange = TestBroker.uniqueName("exchange")
        let deadLetters = TestBroker.uniqueName("dlx")
        let queue = TestBroker.uniqueName("requests")
        let topology = AMQPTopology(
            exchanges: [
                AMQPTopology.Exchange(name: exchange, type: "topic"),
                AMQPTopology.Exchange(name: deadLetters, type: "fanout"),
            ],
            queues: [
                AMQPTopology.Queue(
                    name: queue,
                    arguments: [
                        "x-queue-type": "quorum", "x-delivery-limit": 5, "x-dead-letter-exchange": .string(deadLetters),
                    ]
                )
            ],
            bindings: [AMQPTopology.Binding(source: exchange, destination: queue, routingKey: "offboarding.request")]
        )
        try await self.withTopology(topology) {
            try await topology.declare(configuration: self.configuration)

            var changed = topology
            changed.queues[0].arguments["x-dead-letter-exchange"] = "some.other.dlx"
            let error = await #expect(throws: AMQPError.self) {
                try await changed.declare(configuration: self.configuration)
            }
            #expect(error?.code == .preconditionFailed)
            #expect(error?.replyCode == 406)
            #expect(error?.message.contains("Declaring queue '\(queue)'") == true)
            #expect(error?.message.contains("inequivalent arg 'x-dead-letter-exchange'") == true)
        }
    }

    // MARK: - Publish and consume

    @Test func roundTripKeepsEveryPropertyAndHeaderKind() async throws {
        let queue = TestBroker.uniqueName("round-trip")
        try await self.withTopology(self.queueTopology(queue)) {
            var properties = AMQPProperties()
            properties.contentType = "application/json"
            properties.contentEncoding = "identity"
            properties.isPersistent = true
            properties.priority = 3
            properties.correlationID = "corr-1"
            properties.replyTo = "reply.queue"
            properties.expiration = "60000"
            properties.messageID = "msg-1"
            properties.timestamp = 1_769_077_800
            properties.type = "com.example.offboarding.requested.v1"
            properties.userID = self.configuration.username
            properties.appID = "amqp-tests"
            properties.headers = [
                "bool": true, "int": -42, "big": .int(Int64.max), "double": .double(2.5), "string": "grüße",
                "bytes": .bytes([0, 1, 254, 255]), "timestamp": .timestamp(1_769_077_800),
                "array": .array(["a", 1, .array([false])]), "table": .table(["nested": .table(["deep": "yes"])]),
                "void": .void, "empty-string": "",
            ]
            let message = AMQPMessage(body: Array(#"{"org_id":"123"}"#.utf8), properties: properties)
            let publisher = try await self.connectedPublisher()
            try await publisher.publish(message, exchange: "", routingKey: queue)
            await publisher.close()

            let consumer = AMQPConsumer(configuration: self.configuration, source: .queue(queue), prefetchCount: 1)
            let inbox = DeliveryInbox(try await consumer.start())
            let delivery = try #require(try await inbox.waitForDeliveries(1).first)
            #expect(delivery.message == message)
            #expect(delivery.routingKey == queue)
            #expect(delivery.exchange == "")
            #expect(!delivery.isRedelivered)
            #expect(delivery.deliveryCount == nil)
            #expect(consumer.queueName == queue)
            try await consumer.ack(delivery.deliveryTag)
            await consumer.close()
            #expect(try await inbox.waitForEnd() != nil)
            let status = try await AMQPTopology.status(ofQueue: queue, configuration: self.configuration)
            #expect(status.messageCount == 0)
        }
    }

    @Test func unackedMessageComesBackRedelivered() async throws {
        let queue = TestBroker.uniqueName("redeliver")
        try await self.withTopology(self.queueTopology(queue)) {
            let publisher = try await self.connectedPublisher()
            try await publisher.publish(TestBroker.message("again"), exchange: "", routingKey: queue)
            await publisher.close()

            let first = AMQPConsumer(configuration: self.configuration, source: .queue(queue), prefetchCount: 1)
            let firstInbox = DeliveryInbox(try await first.start())
            let original = try #require(try await firstInbox.waitForDeliveries(1).first)
            #expect(!original.isRedelivered)
            await first.close()
            let ending = try await firstInbox.waitForEnd()
            #expect(throws: Never.self) { try ending?.get() }

            let second = AMQPConsumer(configuration: self.configuration, source: .queue(queue), prefetchCount: 1)
            let secondInbox = DeliveryInbox(try await second.start())
            let again = try #require(try await secondInbox.waitForDeliveries(1).first)
            #expect(again.isRedelivered)
            #expect(again.message.body == Array("again".utf8))
            try await second.ack(again.deliveryTag)
            await second.close()
            // The first consumer's connection is gone, so its delivery tags are too.
            await #expect(throws: AMQPError.self) { try await first.ack(original.deliveryTag) }
        }
    }

    @Test func rejectWithoutRequeueDeadLetters() async throws {
        let deadLetters = TestBroker.uniqueName("dlx")
        let parking = TestBroker.uniqueName("dead")
        let queue = TestBroker.uniqueName("requests")
        let topology = AMQPTopology(
            exchanges: [AMQPTopology.Exchange(name: deadLetters, type: "fanout")],
            queues: [
                AMQPTopology.Queue(name: parking),
                AMQPTopology.Queue(
                    name: queue,
                    arguments: ["x-queue-type": "quorum", "x-dead-letter-exchange": .string(deadLetters)]
                ),
            ],
            bindings: [AMQPTopology.Binding(source: deadLetters, destination: parking, routingKey: "")]
        )
        try await self.withTopology(topology) {
            let publisher = try await self.connectedPublisher()
            try await publisher.publish(TestBroker.message("poison"), exchange: "", routingKey: queue)
            await publisher.close()

            let consumer = AMQPConsumer(configuration: self.configuration, source: .queue(queue), prefetchCount: 1)
            let inbox = DeliveryInbox(try await consumer.start())
            let delivery = try #require(try await inbox.waitForDeliveries(1).first)
            try await consumer.reject(delivery.deliveryTag, requeue: false)
            await consumer.close()

            let parked = AMQPConsumer(configuration: self.configuration, source: .queue(parking), prefetchCount: 1)
            let parkedInbox = DeliveryInbox(try await parked.start())
            let dead = try #require(try await parkedInbox.waitForDeliveries(1).first)
            #expect(dead.message.body == Array("poison".utf8))
            guard case .array(let deaths) = dead.message.properties.headers["x-death"],
                case .table(let death) = deaths.first
            else {
                Issue.record("x-death missing: \(dead.message.properties.headers)")
                return
            }
            #expect(death["reason"] == "rejected")
            #expect(death["queue"] == .string(queue))
            #expect(death["count"] == 1)
            if case .timestamp = death["time"] {
            } else {
                Issue.record("x-death time is not a timestamp: \(String(describing: death["time"]))")
            }
            try await parked.ack(dead.deliveryTag)
            await parked.close()
        }
    }

    @Test func concurrentConfirmedPublishesAreAllConfirmed() async throws {
        let queue = TestBroker.uniqueName("concurrent")
        try await self.withTopology(self.queueTopology(queue)) {
            let publisher = try await self.connectedPublisher()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for index in 0..<25 {
                            try await publisher.publish(
                                TestBroker.message("m-\(task)-\(index)"),
                                exchange: "",
                                routingKey: queue
                            )
                        }
                    }
                }
                try await group.waitForAll()
            }
            await publisher.close()
            let status = try await AMQPTopology.status(ofQueue: queue, configuration: self.configuration)
            #expect(status.messageCount == 200)
        }
    }

    @Test func unroutableMandatoryPublishIsReturned() async throws {
        let queue = TestBroker.uniqueName("routable")
        try await self.withTopology(self.queueTopology(queue)) {
            let publisher = try await self.connectedPublisher()
            let unroutable = TestBroker.uniqueName("nowhere")
            async let routed: Void = publisher.publish(TestBroker.message("ok"), exchange: "", routingKey: queue)
            let error = await #expect(throws: AMQPError.self) {
                try await publisher.publish(TestBroker.message("lost"), exchange: "", routingKey: unroutable)
            }
            #expect(error?.code == .publishReturned)
            #expect(error?.replyCode == 312)
            #expect(error?.message.contains(unroutable) == true)
            try await routed
            // Without `mandatory` the broker drops it silently and still confirms.
            try await publisher.publish(
                TestBroker.message("dropped"),
                exchange: "",
                routingKey: unroutable,
                isMandatory: false
            )
            // The channel stays usable after a return.
            try await publisher.publish(TestBroker.message("ok-2"), exchange: "", routingKey: queue)
            await publisher.close()
            let status = try await AMQPTopology.status(ofQueue: queue, configuration: self.configuration)
            #expect(status.messageCount == 2)
        }
    }

    @Test func publishToAFullQueueIsNacked() async throws {
        let queue = TestBroker.uniqueName("full")
        let arguments: [String: AMQPFieldValue] = ["x-max-length": 1, "x-overflow": "reject-publish"]
        try await self.withTopology(self.queueTopology(queue, arguments: arguments)) {
            let publisher = try await self.connectedPublisher()
            try await publisher.publish(TestBroker.message("fits"), exchange: "", routingKey: queue)
            let error = await #expect(throws: AMQPError.self) {
                try await publisher.publish(TestBroker.message("overflow"), exchange: "", routingKey: queue)
            }
            #expect(error?.code == .publishNacked)
            #expect(error?.isRetriable == true)
            // A nack does not close the channel.
            let again = await #expect(throws: AMQPError.self) {
                try await publisher.publish(TestBroker.message("overflow-2"), exchange: "", routingKey: queue)
            }
            #expect(again?.code == .publishNacked)
            await publisher.close()
        }
    }

    @Test func publishingToAMissingExchangeFailsTheChannel() async throws {
        let publisher = try await self.connectedPublisher()
        #expect(publisher.isConnected)
        let error = await #expect(throws: AMQPError.self) {
            try await publisher.publish(
                TestBroker.message("x"),
                exchange: TestBroker.uniqueName("missing"),
                routingKey: "k"
            )
        }
        #expect(!publisher.isConnected)
        #expect(error?.code == .notFound)
        #expect(error?.replyCode == 404)
        await #expect(throws: AMQPError.self) {
            try await publisher.publish(TestBroker.message("y"), exchange: "", routingKey: "k")
        }
        await publisher.close()
    }

    @Test func heartbeatsStayAliveDuringLongWork() async throws {
        let queue = TestBroker.uniqueName("heartbeat")
        let configuration = try TestBroker.configuration(heartbeat: .seconds(2))
        try await self.withTopology(self.queueTopology(queue)) {
            let publisher = AMQPPublisher(configuration: configuration)
            try await publisher.connect()
            try await publisher.publish(TestBroker.message("slow"), exchange: "", routingKey: queue)

            let consumer = AMQPConsumer(configuration: configuration, source: .queue(queue), prefetchCount: 1)
            let inbox = DeliveryInbox(try await consumer.start())
            let delivery = try #require(try await inbox.waitForDeliveries(1).first)
            // Five heartbeat intervals of "work" without any application call into either connection.
            try await Task.sleep(for: .seconds(10))
            try await consumer.ack(delivery.deliveryTag)
            try await publisher.publish(TestBroker.message("after"), exchange: "", routingKey: queue)
            let after = try #require(try await inbox.waitForDeliveries(2).last)
            #expect(after.message.body == Array("after".utf8))
            #expect(!after.isRedelivered)
            try await consumer.ack(after.deliveryTag)
            #expect(inbox.end == nil)
            await consumer.close()
            await publisher.close()
            let status = try await AMQPTopology.status(ofQueue: queue, configuration: self.configuration)
            #expect(status.messageCount == 0)
        }
    }

    @Test func prefetchBoundsUnackedDeliveries() async throws {
        let queue = TestBroker.uniqueName("prefetch")
        try await self.withTopology(self.queueTopology(queue)) {
            let publisher = try await self.connectedPublisher()
            for index in 0..<5 {
                try await publisher.publish(TestBroker.message("p-\(index)"), exchange: "", routingKey: queue)
            }
            await publisher.close()

            let consumer = AMQPConsumer(configuration: self.configuration, source: .queue(queue), prefetchCount: 2)
            let inbox = DeliveryInbox(try await consumer.start())
            let firstTwo = try await inbox.waitForDeliveries(2)
            #expect(firstTwo.count == 2)
            // Waiting longer cannot make a correct consumer fail; a broken prefetch shows up as more deliveries.
            try await Task.sleep(for: .milliseconds(500))
            #expect(inbox.deliveries.count == 2)
            try await consumer.ack(firstTwo[0].deliveryTag)
            let three = try await inbox.waitForDeliveries(3)
            #expect(three.count == 3)
            try await Task.sleep(for: .milliseconds(300))
            #expect(inbox.deliveries.count == 3)
            await consumer.close()
        }
    }

    @Test func cancelStopsDeliveriesButInFlightOnesCanBeAcked() async throws {
        let queue = TestBroker.uniqueName("cancel")
        try await self.withTopology(self.queueTopology(queue)) {
            let publisher = try await self.connectedPublisher()
            for index in 0..<4 {
                try await publisher.publish(TestBroker.message("c-\(index)"), exchange: "", routingKey: queue)
            }
            await publisher.close()

            let consumer = AMQPConsumer(configuration: self.configuration, source: .queue(queue), prefetchCount: 2)
            let inbox = DeliveryInbox(try await consumer.start())
            let inFlight = try await inbox.waitForDeliveries(2)
            try #require(inFlight.count == 2)
            try await consumer.cancel()
            let ending = try await inbox.waitForEnd()
            #expect(throws: Never.self) { try ending?.get() }
            #expect(ending != nil)
            for delivery in inFlight {
                try await consumer.ack(delivery.deliveryTag)
            }
            #expect(inbox.deliveries.count == 2)
            await consumer.close()
            let status = try await AMQPTopology.status(ofQueue: queue, configuration: self.configuration)
            #expect(status.messageCount == 2)
        }
    }

    @Test func temporaryQueueReceivesFromATopicExchange() async throws {
        let exchange = TestBroker.uniqueName("events")
        let topology = AMQPTopology(exchanges: [AMQPTopology.Exchange(name: exchange, type: "topic", isDurable: false)])
        try await self.withTopology(topology) {
            let consumer = AMQPConsumer(
                configuration: self.configuration,
                source: .temporaryQueue(bindings: [(exchange: exchange, routingKey: "offboarding.result.*")]),
                prefetchCount: 10
            )
            let inbox = DeliveryInbox(try await consumer.start())
            let queueName = try #require(consumer.queueName)
            #expect(queueName.hasPrefix("amq.gen-"))

            let publisher = try await self.connectedPublisher()
            try await publisher.publish(
                TestBroker.message("other"),
                exchange: exchange,
                routingKey: "other.key",
                isMandatory: false
            )
            try await publisher.publish(
                TestBroker.message("deleted"),
                exchange: exchange,
                routingKey: "offboarding.result.deleted"
            )
            await publisher.close()

            let delivery = try #require(try await inbox.waitForDeliveries(1).first)
            #expect(delivery.routingKey == "offboarding.result.deleted")
            #expect(delivery.exchange == exchange)
            try await consumer.ack(delivery.deliveryTag)
            await consumer.close()
            // Exclusive and auto-delete: the queue is gone with its connection.
            let error = await #expect(throws: AMQPError.self) {
                _ = try await AMQPTopology.status(ofQueue: queueName, configuration: self.configuration)
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test func deletingTheQueueEndsTheStreamWithAnError() async throws {
        let queue = TestBroker.uniqueName("deleted")
        try await self.withTopology(self.queueTopology(queue)) {
            let consumer = AMQPConsumer(configuration: self.configuration, source: .queue(queue), prefetchCount: 1)
            let inbox = DeliveryInbox(try await consumer.start())
            #expect(consumer.isConsuming)
            try await AMQPTopology.delete(queues: [queue], configuration: self.configuration)
            let ending = try #require(try await inbox.waitForEnd())
            #expect(throws: AMQPError(.consumerCancelled, "")) { try ending.get() }
            if case .failure(let error) = ending {
                #expect(error.isRetriable)
            }
            #expect(!consumer.isConsuming)
            await consumer.close()
        }
    }

    @Test func consumingAMissingQueueFails() async throws {
        let consumer = AMQPConsumer(
            configuration: self.configuration,
            source: .queue(TestBroker.uniqueName("missing")),
            prefetchCount: 1
        )
        let error = await #expect(throws: AMQPError.self) { _ = try await consumer.start() }
        #expect(error?.code == .notFound)
        await #expect(throws: AMQPError.self) { _ = try await consumer.start() }
    }
}
