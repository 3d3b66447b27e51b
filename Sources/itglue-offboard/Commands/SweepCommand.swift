import AMQP
import Foundation
import ITGlue
import ITGlueSandbox
import JSONSchema
import Logging
import Offboarding
import OffboardingService

/// `itglue-offboard sweep`: the scheduled trigger. Lists organizations matching criteria and publishes one
/// request for each.
struct SweepCommand: Command {
    static let name = "sweep"
    static let abstract = "List organizations that match criteria and publish requests for them"
    static let help = """
        (--status NAME | --status-id N | --type-id N | --filter KEY=VALUE)... [--confirm] [--limit N] [--list]

        Lists organizations through IT Glue's filters (e.g. --status Inactive) and publishes one request per
        match to itglue.offboarding. Requests are dry runs unless --confirm is given; the consumer's policy
        still decides. The primary organization is never included. At least one criterion is required.

          --status NAME        organization status name (looked up in IT Glue)
          --status-id N        filter[organization_status_id]
          --type-id N          filter[organization_type_id]
          --filter KEY=VALUE   any other organization filter, e.g. --filter psa_integration_type=manage
          --confirm            publish confirmed deletions instead of dry runs
          --reason TEXT        reason recorded with every request (default: "scheduled sweep")
          --limit N            refuse to publish when more than N organizations match (default: 100)
          --list               print the matches, publish nothing
          --sandbox            list from the embedded IT Glue sandbox (demo data)
          --amqp-url URL       broker URL (default: AMQP_URL)
        """

    let filter: [String: String]
    let statusName: String?
    let isConfirmed: Bool
    let reason: String
    let limit: Int
    let isListOnly: Bool
    let isSandbox: Bool
    let amqpURL: String?
    let environment: Environment

    init(arguments: inout CommandArguments, environment: Environment) throws {
        var filter: [String: String] = [:]
        if let id = try arguments.integer("status-id", in: 1...Int.max) {
            filter["organization_status_id"] = String(id)
        }
        if let id = try arguments.integer("type-id", in: 1...Int.max) { filter["organization_type_id"] = String(id) }
        while let pair = try arguments.option("filter") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw UsageError("--filter takes KEY=VALUE, not '\(pair)'")
            }
            filter[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        self.statusName = try arguments.option("status")
        guard !filter.isEmpty || self.statusName != nil else {
            throw UsageError("at least one criterion is required (--status, --status-id, --type-id or --filter)")
        }
        self.filter = filter
        self.isConfirmed = arguments.flag("confirm")
        self.reason = try arguments.option("reason") ?? "scheduled sweep"
        self.limit = try arguments.integer("limit", in: 1...100_000) ?? 100
        self.isListOnly = arguments.flag("list")
        self.isSandbox = arguments.flag("sandbox")
        self.amqpURL = try arguments.option("amqp-url")
        self.environment = environment
    }

    func run() async throws -> Int32 {
        let logger = self.environment.logger
        let target = try ITGlueTarget(
            isSandbox: self.isSandbox,
            sandboxPort: nil,
            environment: self.environment,
            logger: logger
        )
        defer { target.sandbox?.stop() }
        let client = target.makeClient(logger: logger)
        var filter = self.filter
        if let name = self.statusName {
            guard let status = try await client.organizationStatuses().first(where: { $0.name == name }) else {
                ItglueOffboard.fail("sweep: IT Glue has no organization status named '\(name)'")
                return ExitStatus.failure
            }
            filter["organization_status_id"] = String(status.id)
        }
        let matches = try await client.organizations(filter: filter).filter { !$0.isPrimary }
        if self.isListOnly {
            for organization in matches {
                print(
                    JSONValue.object(["org_id": .string(organization.id), "org_name": .string(organization.name)])
                        .serialized()
                )
            }
            return ExitStatus.success
        }
        guard matches.count <= self.limit else {
            ItglueOffboard.fail(
                "sweep: \(matches.count) organizations match, more than --limit \(self.limit); nothing published"
            )
            return ExitStatus.failure
        }
        let published = try await self.publish(matches, logger: logger)
        print(
            JSONValue.object([
                "matched": .number(JSONNumber(Int64(matches.count))),
                "published": .array(published.map { .string($0) }),
                "confirm_delete": .bool(self.isConfirmed),
            ]).serialized()
        )
        return ExitStatus.success
    }

    private func publish(_ organizations: [ITGlueOrganization], logger: Logger) async throws -> [String] {
        let amqp = try self.environment.amqpConfiguration(url: self.amqpURL)
        let topology = OffboardingTopology()
        let publisher = AMQPPublisher(configuration: amqp, logger: logger)
        do {
            try await publisher.connect()
        } catch {
            throw ConfigurationError("broker \(amqp.redactedURL): \(error)")
        }
        let run = OffboardingResult.timestamp(Date())
        var published: [String] = []
        for organization in organizations {
            let requestID = "sweep-\(run)-\(organization.id)"
            let body = JSONValue.object([
                "org_id": .string(organization.id), "org_name": .string(organization.name),
                "confirm_delete": .bool(self.isConfirmed), "dry_run": .bool(!self.isConfirmed),
                "reason": .string(self.reason), "request_id": .string(requestID), "requested_by": .string("sweep"),
            ])
            var properties = AMQPProperties()
            properties.contentType = "application/json"
            properties.isPersistent = true
            properties.messageID = requestID
            properties.appID = "itglue-offboard sweep"
            try await publisher.publish(
                AMQPMessage(body: Array(body.serialized().utf8), properties: properties),
                exchange: topology.requestExchange,
                routingKey: topology.requestRoutingKey,
                isMandatory: true
            )
            published.append(organization.id)
        }
        await publisher.close()
        return published
    }
}
