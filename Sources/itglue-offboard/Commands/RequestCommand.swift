import AMQP
import Foundation
import JSONSchema
import OffboardingService

/// `itglue-offboard request`: the API trigger. Publishes one request and waits for its result.
struct RequestCommand: Command {
    static let name = "request"
    static let abstract = "Publish one request to the exchange, wait for the correlated result, print it"
    static let help = """
        (--org-id ID | --org-name NAME) [--confirm] [--dry-run] [--force] [--reason TEXT] [--timeout SECONDS]

        Publishes a request to itglue.offboarding (routing key offboarding.request) with reply_to set to a
        private queue, then prints the result event whose correlation_id matches. A consumer must be running.

        \(RequestOptions.help)
          --amqp-url URL       broker URL (default: AMQP_URL)
          --timeout SECONDS    how long to wait for the result (default: 60)

        Exit status 0 when the result has success true, 1 when it has not or none arrived in time.
        """

    let options: RequestOptions
    let amqpURL: String?
    let timeout: Int
    let environment: Environment

    init(arguments: inout CommandArguments, environment: Environment) throws {
        self.options = try RequestOptions(arguments: &arguments, environment: environment)
        self.amqpURL = try arguments.option("amqp-url")
        self.timeout = try arguments.integer("timeout", in: 1...86_400) ?? 60
        self.environment = environment
    }

    func run() async throws -> Int32 {
        let logger = self.environment.logger
        let amqp = try self.environment.amqpConfiguration(url: self.amqpURL)
        let replies = AMQPConsumer(
            configuration: amqp,
            source: .temporaryQueue(bindings: []),
            prefetchCount: 10,
            logger: logger
        )
        let publisher = AMQPPublisher(configuration: amqp, logger: logger)
        let stream: AsyncThrowingStream<AMQPDelivery, any Error>
        do {
            stream = try await replies.start()
            try await publisher.connect()
        } catch {
            throw ConfigurationError("broker \(amqp.redactedURL): \(error)")
        }
        let status = try await self.exchange(stream: stream, replies: replies, publisher: publisher)
        await replies.close()
        await publisher.close()
        return status
    }

    private func exchange(
        stream: AsyncThrowingStream<AMQPDelivery, any Error>,
        replies: AMQPConsumer,
        publisher: AMQPPublisher
    ) async throws -> Int32 {
        let topology = OffboardingTopology()
        guard let replyQueue = replies.queueName else { throw ConfigurationError("broker gave no reply queue") }

        let messageID = UUID().uuidString.lowercased()
        var properties = AMQPProperties()
        properties.contentType = "application/json"
        properties.isPersistent = true
        properties.messageID = messageID
        properties.correlationID = messageID
        properties.replyTo = replyQueue
        properties.appID = "itglue-offboard request"
        do {
            try await publisher.publish(
                AMQPMessage(body: self.options.bodyBytes, properties: properties),
                exchange: topology.requestExchange,
                routingKey: topology.requestRoutingKey,
                isMandatory: true
            )
        } catch let error as AMQPError where error.code == .publishReturned {
            throw ConfigurationError(
                "no queue is bound to \(topology.requestExchange) for \(topology.requestRoutingKey); run `itglue-offboard topology --declare` or start the consumer"
            )
        }
        let seconds = self.timeout
        let reply: [UInt8]? = try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                for try await delivery in stream {
                    try await replies.ack(delivery.deliveryTag)
                    if delivery.message.properties.correlationID == messageID { return delivery.message.body }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let reply else {
            ItglueOffboard.fail(
                "request: no result within \(seconds)s for message_id \(messageID); is a consumer running?"
            )
            return ExitStatus.failure
        }
        ResultPrinter.print(json: reply)
        let isSuccess = (try? JSONValue(parsing: reply))?["success"]?.boolValue ?? false
        return isSuccess ? ExitStatus.success : ExitStatus.failure
    }
}
