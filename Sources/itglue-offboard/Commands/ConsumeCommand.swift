import AMQP
import Foundation
import ITGlueSandbox
import Logging
import OffboardingService

/// `itglue-offboard consume`: the main job.
struct ConsumeCommand: Command {
    static let name = "consume"
    static let abstract = "Run the consumer until SIGTERM/SIGINT (graceful drain)"
    static let help = """
        [--sandbox [--sandbox-port PORT]] [--amqp-url URL] [--concurrency N]

        Consumes offboarding requests from the itglue.offboarding.requests queue, runs each against IT Glue
        and publishes one result event per request to itglue.offboarding.results. Declares the topology first.

          --sandbox            run against the embedded IT Glue sandbox (demo data) instead of IT Glue
          --sandbox-port PORT  serve the embedded sandbox on this loopback port (default: any free port)
          --amqp-url URL       broker URL (default: AMQP_URL)
          --concurrency N      messages processed at once (default: OFFBOARD_CONCURRENCY, 4)

        Environment: AMQP_URL, ITGLUE_API_KEY / ITGLUE_API_KEY_FILE, ITGLUE_BASE_URL / ITGLUE_REGION,
        ITGLUE_RATE_LIMIT, OFFBOARD_POLICY, OFFBOARD_STATE_DIR, OFFBOARD_CONCURRENCY, OFFBOARD_METRICS_ADDR,
        OFFBOARD_LOG_LEVEL, OFFBOARD_LOG_FORMAT.
        """

    let isSandbox: Bool
    let sandboxPort: Int?
    let amqpURL: String?
    let concurrency: Int
    let environment: Environment

    init(arguments: inout CommandArguments, environment: Environment) throws {
        self.isSandbox = arguments.flag("sandbox")
        self.sandboxPort = try arguments.integer("sandbox-port", in: 0...65535)
        self.amqpURL = try arguments.option("amqp-url")
        self.concurrency = try arguments.integer("concurrency", in: 1...1000) ?? environment.concurrency()
        self.environment = environment
    }

    func run() async throws -> Int32 {
        let logger = self.environment.logger
        var configuration = OffboardingServiceConfiguration(
            amqp: try self.environment.amqpConfiguration(url: self.amqpURL)
        )
        configuration.concurrency = self.concurrency
        let policy = try self.environment.policy()
        let metricsAddress = try self.environment.metricsAddress()
        let target = try ITGlueTarget(
            isSandbox: self.isSandbox,
            sandboxPort: self.sandboxPort,
            environment: self.environment,
            logger: logger
        )
        let offboarder = try target.makeOffboarder(policy: policy, environment: self.environment, logger: logger)
        let consumer = OffboardingConsumer(configuration: configuration, offboarder: offboarder, logger: logger)
        var endpoint: MetricsEndpoint?
        if let address = metricsAddress {
            let metrics = MetricsEndpoint(
                metrics: consumer.metrics,
                host: address.host,
                port: address.port,
                logger: logger
            )
            do {
                let port = try metrics.start()
                logger.info("Metrics and health", metadata: ["http.address": "\(address.host):\(port)"])
            } catch {
                throw ConfigurationError("OFFBOARD_METRICS_ADDR: \(error)")
            }
            endpoint = metrics
        }
        let watcher = SignalWatcher { Task { await consumer.shutdown() } }
        defer {
            withExtendedLifetime(watcher) {}
            endpoint?.stop()
            target.sandbox?.stop()
        }
        do {
            try await consumer.run()
        } catch {
            throw ConfigurationError("broker \(configuration.amqp.redactedURL): \(error)")
        }
        logger.info("Stopped")
        return ExitStatus.success
    }
}
