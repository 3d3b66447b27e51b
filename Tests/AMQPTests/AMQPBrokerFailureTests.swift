import AMQP
import Foundation
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Freezes the private broker (SIGSTOP) to check timeouts, heartbeat detection and the publish watchdog.
///
/// Opt-in with `AMQP_DISRUPTIVE=1`, because it stalls every client of that broker for a while, so run it alone:
/// `AMQP_DISRUPTIVE=1 swift test --filter AMQPBrokerFailureTests`. Needs `RABBITMQ_DIR` and `RABBITMQ_NODENAME`
/// from `ops/broker start` (the node's pid file is there).
@Suite(
    .serialized,
    .timeLimit(.minutes(2)),
    .enabled(
        if: TestBroker.isAvailable && ProcessInfo.processInfo.environment["AMQP_DISRUPTIVE"] == "1"
            && ProcessInfo.processInfo.environment["RABBITMQ_DIR"] != nil,
        "needs AMQP_DISRUPTIVE=1 and RABBITMQ_DIR"
    )
)
struct AMQPBrokerFailureTests {
    private static func brokerPID() throws -> pid_t {
        let directory = ProcessInfo.processInfo.environment["RABBITMQ_DIR"] ?? ""
        let text = try String(contentsOfFile: directory + "/rabbitmq.pid", encoding: .utf8)
        return try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Runs `body` while the broker is stopped, and always lets it continue afterwards.
    private static func whileBrokerFrozen(_ body: () async throws -> Void) async throws {
        let pid = try self.brokerPID()
        try #require(kill(pid, SIGSTOP) == 0)
        do {
            try await body()
        } catch {
            kill(pid, SIGCONT)
            throw error
        }
        kill(pid, SIGCONT)
    }

    @Test func frozenBrokerGivesTimeoutsHeartbeatLossAndAnUnblockedPublish() async throws {
        var configuration = try TestBroker.configuration(heartbeat: .seconds(2))
        configuration.rpcTimeout = .seconds(2)
        let queue = TestBroker.uniqueName("frozen")
        let topology = AMQPTopology(queues: [AMQPTopology.Queue(name: queue, isDurable: false)])
        try await topology.declare(configuration: configuration)

        let consumer = AMQPConsumer(configuration: configuration, source: .queue(queue), prefetchCount: 1)
        let inbox = DeliveryInbox(try await consumer.start())
        let publisher = AMQPPublisher(configuration: configuration)
        try await publisher.connect()
        let watchdogLog = RecordingLogHandler()
        let bulkPublisher = AMQPPublisher(
            configuration: configuration,
            logger: Logger(label: "amqp-tests", level: .warning, handler: watchdogLog)
        )
        try await bulkPublisher.connect()

        try await Self.whileBrokerFrozen {
            let small = await #expect(throws: AMQPError.self) {
                try await publisher.publish(
                    TestBroker.message("lost"),
                    exchange: "",
                    routingKey: queue,
                    timeout: .seconds(1)
                )
            }
            #expect(small?.code == .timeout)
            #expect(small?.isRetriable == true)

            // 32 MiB fill the socket buffers, so amqp_basic_publish itself blocks; the watchdog must end it.
            let huge = AMQPMessage(body: [UInt8](repeating: 7, count: 32 << 20))
            let blocked = await #expect(throws: AMQPError.self) {
                try await bulkPublisher.publish(huge, exchange: "", routingKey: queue, timeout: .seconds(1))
            }
            #expect(blocked?.isRetriable == true)
            #expect(watchdogLog.messages.contains("AMQP call stuck, shutting the socket down"))

            let ending = try await inbox.waitForEnd(timeout: .seconds(20))
            guard case .failure(let error) = ending else {
                Issue.record("The consumer stream did not end with an error: \(String(describing: ending))")
                return
            }
            #expect(error.code == .heartbeatTimeout)
            #expect(error.isRetriable)
            await #expect(throws: AMQPError.self) { try await consumer.ack(1) }
            await consumer.close()
            await publisher.close()
            await bulkPublisher.close()
        }

        // The broker is back: new connections work (what a reconnect loop does).
        let recovered = AMQPPublisher(configuration: configuration)
        try await recovered.connect()
        try await recovered.publish(TestBroker.message("after"), exchange: "", routingKey: queue)
        await recovered.close()
        try await topology.delete(configuration: configuration)
    }

    /// Runs `rabbitmqctl` against the private node (its cookie is in `RABBITMQ_DIR`).
    private static func rabbitmqctl(_ arguments: String...) throws {
        let environment = ProcessInfo.processInfo.environment
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/lib/rabbitmq/bin/rabbitmqctl")
        process.arguments = ["-n", environment["RABBITMQ_NODENAME"] ?? ""] + arguments
        process.environment = environment.merging(["HOME": environment["RABBITMQ_DIR"] ?? ""]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "rabbitmqctl \(arguments) failed")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["RABBITMQ_NODENAME"] != nil))
    func blockedConnectionHoldsPublishesUntilUnblocked() async throws {
        let configuration = try TestBroker.configuration()
        let queue = TestBroker.uniqueName("blocked")
        let topology = AMQPTopology(queues: [AMQPTopology.Queue(name: queue, isDurable: false)])
        try await topology.declare(configuration: configuration)
        let log = RecordingLogHandler()
        let publisher = AMQPPublisher(
            configuration: configuration,
            logger: Logger(label: "amqp-tests", level: .info, handler: log)
        )
        try await publisher.connect()
        try await publisher.publish(TestBroker.message("before"), exchange: "", routingKey: queue)

        // A memory watermark of ~0 raises the memory alarm: the broker blocks every publishing connection.
        try Self.rabbitmqctl("set_vm_memory_high_watermark", "0.000001")
        do {
            let first = await #expect(throws: AMQPError.self) {
                try await publisher.publish(
                    TestBroker.message("during"),
                    exchange: "",
                    routingKey: queue,
                    timeout: .seconds(2)
                )
            }
            #expect(first?.code == .timeout)
            let deadline = ContinuousClock.now + .seconds(10)
            while !log.messages.contains("AMQP connection blocked by the broker") && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(log.messages.contains("AMQP connection blocked by the broker"))
            let held = await #expect(throws: AMQPError.self) {
                try await publisher.publish(
                    TestBroker.message("held"),
                    exchange: "",
                    routingKey: queue,
                    timeout: .seconds(1)
                )
            }
            #expect(held?.code == .timeout)
            #expect(held?.message.contains("blocks publishing") == true)
        } catch {
            try? Self.rabbitmqctl("set_vm_memory_high_watermark", "0.4")
            throw error
        }
        try Self.rabbitmqctl("set_vm_memory_high_watermark", "0.4")

        let deadline = ContinuousClock.now + .seconds(10)
        while !log.messages.contains("AMQP connection unblocked") && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await publisher.publish(TestBroker.message("after"), exchange: "", routingKey: queue)
        await publisher.close()
        try await topology.delete(configuration: configuration)
    }
}
