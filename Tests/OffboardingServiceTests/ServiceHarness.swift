import AMQP
import Foundation
import ITGlue
import ITGlueSandbox
import JSONSchema
import Logging
import Offboarding
import OffboardingService
import Synchronization
import Testing

/// The broker URL that `ops/test` exports; the broker tests are skipped without it.
let brokerURL = ProcessInfo.processInfo.environment["RABBITMQ_URL"]

/// One result event as a downstream system sees it.
struct ReceivedResult: Sendable {
    var routingKey: String
    var properties: AMQPProperties
    var body: JSONValue
    var bodyBytes: [UInt8]
}

/// A running consumer (the real ``OffboardingConsumer``) on the real broker, against a sandbox over loopback,
/// with a private topology (unique names per harness) and a listener on its results exchange.
final class ServiceHarness: Sendable {
    let sandbox: ITGlueSandbox
    let topology: OffboardingTopology
    let amqp: AMQPConfiguration
    let stateDirectory: String
    let consumer: OffboardingConsumer
    /// The client-provided connection name of the consumer's connections, unique per harness.
    let consumerConnectionName: String
    let auditLog: AuditLog
    private let ownsSandbox: Bool
    private let runTask: Task<Void, any Error>
    private let listener: AMQPConsumer
    private let listenTask: Task<Void, Never>
    private let publisher: AMQPPublisher
    private let received = ReceivedResults()

    static let resultValidator: SchemaValidator = {
        var options = ValidationOptions()
        options.isFormatAssertionEnabled = true
        return try! SchemaValidator(schema: JSONValue(parsing: BundledSchemas.offboardingResult), options: options)
    }()

    init(
        policy: OffboardingPolicy = .builtInDefault,
        sandboxConfiguration: SandboxConfiguration = SandboxConfiguration(),
        sandbox existing: ITGlueSandbox? = nil,
        apiKey: String? = nil,
        concurrency: Int = 4
    ) async throws {
        let url = try #require(brokerURL)
        self.amqp = try AMQPConfiguration(url: url)
        let sandbox = existing ?? ITGlueSandbox(dataset: .demo, configuration: sandboxConfiguration)
        let baseURL = try existing?.baseURL ?? sandbox.start()
        self.sandbox = sandbox
        self.ownsSandbox = existing == nil
        let prefix = "test-\(UUID().uuidString.prefix(8).lowercased())"
        var topology = OffboardingTopology()
        topology.requestExchange = "\(prefix).offboarding"
        topology.requestQueue = "\(prefix).requests"
        topology.resultExchange = "\(prefix).results"
        topology.deadLetterExchange = "\(prefix).dlx"
        topology.deadLetterQueue = "\(prefix).dead"
        topology.retryQueuePrefix = "\(prefix).retry"
        self.topology = topology
        self.stateDirectory = NSTemporaryDirectory() + prefix
        self.auditLog = try AuditLog(directory: self.stateDirectory)

        var itglue = ITGlueConfiguration(baseURL: baseURL, apiKey: apiKey ?? sandboxConfiguration.apiKey)
        itglue.retry.maxAttempts = 2
        itglue.retry.baseDelay = .milliseconds(50)
        var policy = policy
        policy.verification.interval = .milliseconds(100)
        let offboarder = try Offboarder(
            client: ITGlueClient(configuration: itglue),
            policy: policy,
            auditLog: self.auditLog,
            archive: ArchiveWriter(directory: self.stateDirectory),
            logger: .silent
        )
        self.consumerConnectionName = "consumer-\(prefix)"
        var consumerAMQP = self.amqp
        consumerAMQP.connectionName = self.consumerConnectionName
        var configuration = OffboardingServiceConfiguration(amqp: consumerAMQP)
        configuration.topology = topology
        configuration.concurrency = concurrency
        let consumer = OffboardingConsumer(configuration: configuration, offboarder: offboarder, logger: .silent)
        self.consumer = consumer
        // Declared here too, so that the listener can bind before the consumer's first session.
        try await topology.amqpTopology.declare(configuration: self.amqp)
        self.listener = AMQPConsumer(
            configuration: self.amqp,
            source: .temporaryQueue(bindings: [(exchange: topology.resultExchange, routingKey: "#")]),
            prefetchCount: 100
        )
        let stream = try await self.listener.start()
        self.publisher = AMQPPublisher(configuration: self.amqp)
        try await self.publisher.connect()
        self.runTask = Task { try await consumer.run() }
        let received = self.received
        let listener = self.listener
        self.listenTask = Task {
            do {
                for try await delivery in stream {
                    let body = (try? JSONValue(parsing: delivery.message.body)) ?? .null
                    received.values.withLock {
                        $0.append(
                            ReceivedResult(
                                routingKey: delivery.routingKey,
                                properties: delivery.message.properties,
                                body: body,
                                bodyBytes: delivery.message.body
                            )
                        )
                    }
                    try await listener.ack(delivery.deliveryTag)
                }
            } catch {}
        }
    }

    /// Publishes a request body with a new `message_id` (returned), as an upstream system would.
    @discardableResult
    func send(
        _ body: String,
        messageID: String = UUID().uuidString,
        routingKey: String? = nil,
        configure: (inout AMQPProperties) -> Void = { _ in }
    ) async throws -> String {
        var properties = AMQPProperties()
        properties.contentType = "application/json"
        properties.isPersistent = true
        properties.messageID = messageID
        configure(&properties)
        try await self.publisher.publish(
            AMQPMessage(body: Array(body.utf8), properties: properties),
            exchange: self.topology.requestExchange,
            routingKey: routingKey ?? self.topology.requestRoutingKey
        )
        return messageID
    }

    /// The results whose `correlation_id` is `correlationID`, once at least `count` arrived.
    func results(
        for correlationID: String,
        count: Int = 1,
        timeout: Duration = .seconds(30)
    ) async throws -> [ReceivedResult] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let matching = self.received.values.withLock { $0.filter { $0.properties.correlationID == correlationID } }
            if matching.count >= count { return matching }
            if ContinuousClock.now >= deadline {
                Issue.record("only \(matching.count) of \(count) results for \(correlationID) within \(timeout)")
                return matching
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Exactly one result for the request: waits for it, then a little longer to catch a second one.
    func onlyResult(for correlationID: String) async throws -> ReceivedResult {
        _ = try await self.results(for: correlationID)
        try await Task.sleep(for: .milliseconds(500))
        let all = self.received.values.withLock { $0.filter { $0.properties.correlationID == correlationID } }
        #expect(all.count == 1, "expected exactly one result event for \(correlationID), got \(all.count)")
        let result = try #require(all.first)
        let validation = Self.resultValidator.validate(result.body)
        #expect(validation.isValid, "result does not match the result schema: \(validation.errors)")
        return result
    }

    func stop() async {
        await self.consumer.shutdown()
        _ = try? await self.runTask.value
        await self.listener.close()
        self.listenTask.cancel()
        await self.publisher.close()
        try? await self.topology.amqpTopology.delete(configuration: self.amqp)
        if self.ownsSandbox { self.sandbox.stop() }
        try? FileManager.default.removeItem(atPath: self.stateDirectory)
    }
}

/// The results the listener collected, shared with its task.
final class ReceivedResults: Sendable {
    let values = Mutex<[ReceivedResult]>([])
}

/// Runs `rabbitmqctl` against the private test node (`ops/broker` exports its name and directory) and
/// returns what it printed.
func rabbitmqctl(_ arguments: [String]) throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/lib/rabbitmq/bin/rabbitmqctl")
    process.arguments = ["-n", environment["RABBITMQ_NODENAME"] ?? "", "-q"] + arguments
    process.environment = environment.merging(["HOME": environment["RABBITMQ_DIR"] ?? ""]) { _, new in new }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// Has the broker close every connection whose client-provided name is `name`; returns how many.
func closeConnections(named name: String) throws -> Int {
    let listing = try rabbitmqctl(["list_connections", "pid", "client_properties", "--no-table-headers"])
    let pids = listing.split(separator: "\n").filter { $0.contains("\"\(name)\"") }
        .compactMap { $0.split(separator: "\t").first.map(String.init) }
    for pid in pids {
        _ = try rabbitmqctl(["close_connection", pid, "test: connection closed by the broker"])
    }
    return pids.count
}

let isNodeControllable = ProcessInfo.processInfo.environment["RABBITMQ_NODENAME"] != nil

/// A private queue bound to every result of `exchange`, as a downstream system would have it.
func listenForResults(
    on exchange: String,
    configuration: AMQPConfiguration
) async throws -> (AMQPConsumer, AsyncThrowingStream<AMQPDelivery, any Error>) {
    let listener = AMQPConsumer(
        configuration: configuration,
        source: .temporaryQueue(bindings: [(exchange: exchange, routingKey: "#")]),
        prefetchCount: 10
    )
    return (listener, try await listener.start())
}
