import AMQP
import OffboardingService

/// `itglue-offboard topology`: declare the AMQP topology, or print it as RabbitMQ definitions.
struct TopologyCommand: Command {
    static let name = "topology"
    static let abstract = "Declare the AMQP topology, or print it as RabbitMQ definitions JSON"
    static let help = """
        [--declare] [--amqp-url URL] [--vhost NAME]

        Without --declare, prints the exchanges, queues and bindings as RabbitMQ definitions JSON (the same
        as ops/rabbitmq/definitions.json), importable with `rabbitmqctl import_definitions`.

          --declare            declare everything on the broker (idempotent; a mismatch is reported)
          --amqp-url URL       broker URL (default: AMQP_URL)
          --vhost NAME         vhost written into the printed definitions (default: /)
        """

    let isDeclaring: Bool
    let amqpURL: String?
    let virtualHost: String
    let environment: Environment

    init(arguments: inout CommandArguments, environment: Environment) throws {
        self.isDeclaring = arguments.flag("declare")
        self.amqpURL = try arguments.option("amqp-url")
        self.virtualHost = try arguments.option("vhost") ?? "/"
        self.environment = environment
    }

    func run() async throws -> Int32 {
        let topology = OffboardingTopology().amqpTopology
        guard self.isDeclaring else {
            print(topology.definitionsJSON(virtualHost: self.virtualHost))
            return ExitStatus.success
        }
        let amqp = try self.environment.amqpConfiguration(url: self.amqpURL)
        do {
            try await topology.declare(configuration: amqp, logger: self.environment.logger)
        } catch {
            throw ConfigurationError("broker \(amqp.redactedURL): \(error)")
        }
        print(
            "declared \(topology.exchanges.count) exchanges, \(topology.queues.count) queues, \(topology.bindings.count) bindings on \(amqp.redactedURL)"
        )
        return ExitStatus.success
    }
}
