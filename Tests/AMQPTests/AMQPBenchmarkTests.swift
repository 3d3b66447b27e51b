import AMQP
import Foundation
import Testing

/// Throughput against the broker in `RABBITMQ_URL`; runs only with `AMQP_BENCH=1` and only prints numbers.
@Suite(
    .serialized,
    .enabled(if: TestBroker.isAvailable && ProcessInfo.processInfo.environment["AMQP_BENCH"] == "1", "AMQP_BENCH=1")
)
struct AMQPBenchmarkTests {
    /// Classic transient queue with transient messages, and durable quorum queue with persistent messages.
    @Test(arguments: [false, true])
    func confirmedPublishAndConsumeThroughput(isQuorum: Bool) async throws {
        let configuration = try TestBroker.configuration()
        let queue = TestBroker.uniqueName("bench")
        let topology = AMQPTopology(queues: [
            isQuorum
                ? AMQPTopology.Queue(name: queue, arguments: ["x-queue-type": "quorum"])
                : AMQPTopology.Queue(name: queue, isDurable: false)
        ])
        try await topology.declare(configuration: configuration)
        let publisher = AMQPPublisher(configuration: configuration)
        try await publisher.connect()
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 512)
        var properties = AMQPProperties()
        properties.contentType = "application/json"
        properties.headers = ["ce-type": "com.example.bench", "attempt": 1]
        properties.isPersistent = isQuorum
        let message = AMQPMessage(body: body, properties: properties)

        let sequentialCount = 3000
        let sequential = try await Self.measure {
            for _ in 0..<sequentialCount {
                try await publisher.publish(message, exchange: "", routingKey: queue)
            }
        }

        let tasks = 8
        let perTask = 1500
        let concurrent = try await Self.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        for _ in 0..<perTask {
                            try await publisher.publish(message, exchange: "", routingKey: queue)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        await publisher.close()

        let total = sequentialCount + tasks * perTask
        let consumer = AMQPConsumer(configuration: configuration, source: .queue(queue), prefetchCount: 50)
        let stream = try await consumer.start()
        let consumed = try await Self.measure {
            var received = 0
            for try await delivery in stream {
                try await consumer.ack(delivery.deliveryTag)
                received += 1
                if received == total { break }
            }
        }
        await consumer.close()
        // A quorum queue applies settlements through its Raft log, so its count may lag for a moment.
        var status = try await AMQPTopology.status(ofQueue: queue, configuration: configuration)
        for _ in 0..<50 where status.messageCount > 0 {
            try await Task.sleep(for: .milliseconds(100))
            status = try await AMQPTopology.status(ofQueue: queue, configuration: configuration)
        }
        try await topology.delete(configuration: configuration)
        #expect(status.messageCount == 0)

        print(
            """
            AMQP benchmark (512-byte body, \(isQuorum ? "persistent, quorum" : "transient, classic") queue, loopback):
              sequential confirmed publishes: \(Self.rate(sequentialCount, sequential)) msg/s (\(sequentialCount) in \(sequential))
              8 tasks confirmed publishes:    \(Self.rate(tasks * perTask, concurrent)) msg/s (\(tasks * perTask) in \(concurrent))
              consume + ack (prefetch 50):    \(Self.rate(total, consumed)) msg/s (\(total) in \(consumed))
            """
        )
    }

    private static func measure(_ body: () async throws -> Void) async throws -> Duration {
        let start = ContinuousClock.now
        try await body()
        return start.duration(to: .now)
    }

    private static func rate(_ count: Int, _ duration: Duration) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Int(Double(count) / seconds)
    }
}
