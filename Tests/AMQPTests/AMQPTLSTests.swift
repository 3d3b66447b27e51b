import AMQP
import Foundation
import Testing

/// TLS against the listener `ops/broker start` opens (certificate for `localhost` only, signed by its own CA).
@Suite(
    .serialized,
    .timeLimit(.minutes(1)),
    .enabled(
        if: ProcessInfo.processInfo.environment["RABBITMQ_TLS_URL"] != nil
            && ProcessInfo.processInfo.environment["RABBITMQ_TLS_CA_FILE"] != nil,
        "needs RABBITMQ_TLS_URL and RABBITMQ_TLS_CA_FILE"
    )
)
struct AMQPTLSTests {
    let configuration: AMQPConfiguration

    init() throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = try AMQPConfiguration(url: environment["RABBITMQ_TLS_URL"] ?? "")
        configuration.caCertificatePath = environment["RABBITMQ_TLS_CA_FILE"]
        configuration.connectionName = "amqp-tests-tls"
        self.configuration = configuration
    }

    @Test func roundTripOverVerifiedTLS() async throws {
        #expect(self.configuration.isTLS)
        let queue = TestBroker.uniqueName("tls")
        let topology = AMQPTopology(queues: [AMQPTopology.Queue(name: queue, isDurable: false)])
        try await topology.declare(configuration: self.configuration)
        do {
            let publisher = AMQPPublisher(configuration: self.configuration)
            try await publisher.connect()
            try await publisher.publish(TestBroker.message("secret-free"), exchange: "", routingKey: queue)
            await publisher.close()
            let consumer = AMQPConsumer(configuration: self.configuration, source: .queue(queue), prefetchCount: 1)
            let inbox = DeliveryInbox(try await consumer.start())
            let delivery = try #require(try await inbox.waitForDeliveries(1).first)
            #expect(delivery.message.body == Array("secret-free".utf8))
            try await consumer.ack(delivery.deliveryTag)
            await consumer.close()
        } catch {
            try? await topology.delete(configuration: self.configuration)
            throw error
        }
        try await topology.delete(configuration: self.configuration)
    }

    @Test func certificateFromAnUnknownCAIsRefused() async throws {
        var configuration = self.configuration
        configuration.caCertificatePath = nil
        let publisher = AMQPPublisher(configuration: configuration)
        let error = await #expect(throws: AMQPError.self) { try await publisher.connect() }
        #expect(error?.code == .tlsFailed)
        #expect(error?.isRetriable == false)
    }

    @Test func certificateForAnotherHostNameIsRefused() async throws {
        var configuration = self.configuration
        configuration.host = "127.0.0.1"
        let publisher = AMQPPublisher(configuration: configuration)
        let error = await #expect(throws: AMQPError.self) { try await publisher.connect() }
        #expect(error?.code == .tlsFailed)
        #expect(error?.isRetriable == false)
    }
}
