import AMQP
import Foundation
import FoundationNetworking
import ITGlueSandbox
import JSONSchema
import Logging
import OffboardingService
import Testing

/// Every row of the design's outcomes table through the real consumer, broker and sandbox: each request
/// yields exactly one result event that matches the result schema, on the right routing key.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: brokerURL != nil, "RABBITMQ_URL is not set (run ops/test)"))
struct ConsumerOutcomeTests {
    @Test func confirmedDeletionDeletesAndReportsDependencies() async throws {
        let harness = try await ServiceHarness()
        let id = try await harness.send(
            #"{"org_id": "123456", "confirm_delete": true, "reason": "contract ended", "request_id": "r-1"}"#
        )
        let result = try await harness.onlyResult(for: id)
        #expect(result.routingKey == "offboarding.result.deleted")
        #expect(result.body["success"] == true)
        #expect(result.body["deleted"] == true)
        #expect(result.body["org_id"] == "123456")
        #expect(result.body["org_name"] == "Example Client")
        #expect(result.body["request_id"] == "r-1")
        #expect(result.body["dependency_check"]?["assets_found"] == 12)
        #expect(result.body["dependency_check"]?["configs_found"] == 4)
        #expect(result.body["dependency_check"]?["documents_found"] == 7)
        #expect(result.body["dependency_check"]?["blocked"] == false)
        #expect(result.body["errors"] == [])
        #expect(!harness.sandbox.organizationExists(id: "123456"))
        let deletes = harness.sandbox.requestLog().filter { $0.method == "DELETE" }
        #expect(deletes.count == 1)
        #expect(deletes.first?.path == "/organizations")
        #expect(deletes.first?.query.isEmpty == true)
        // CloudEvents attributes and the AMQP properties of the result.
        #expect(result.properties.headers["ce-specversion"] == .string("1.0"))
        #expect(result.properties.headers["ce-subject"] == .string("123456"))
        #expect(result.properties.headers["ce-id"] == result.properties.messageID.map { .string($0) })
        #expect(result.properties.contentType == "application/json")
        #expect(result.properties.isPersistent)
        #expect(result.properties.messageID != id)
        await harness.stop()
    }

    @Test func dryRunDeletesNothing() async throws {
        let harness = try await ServiceHarness()
        let id = try await harness.send(#"{"org_id": 123456, "dry_run": true, "confirm_delete": true}"#)
        let result = try await harness.onlyResult(for: id)
        #expect(result.routingKey == "offboarding.result.dry_run")
        #expect(result.body["success"] == true)
        #expect(result.body["deleted"] == false)
        #expect(result.body["dry_run"] == true)
        #expect(result.body["warnings"]?.arrayValue?.isEmpty == false)
        #expect(harness.sandbox.organizationExists(id: "123456"))
        #expect(harness.sandbox.requestLog().allSatisfy { $0.method == "GET" })
        await harness.stop()
    }

    @Test func unconfirmedRequestIsBlocked() async throws {
        let harness = try await ServiceHarness()
        let id = try await harness.send(#"{"org_name": "Happy Frog"}"#)
        let result = try await harness.onlyResult(for: id)
        #expect(result.routingKey == "offboarding.result.blocked")
        #expect(result.body["success"] == false)
        #expect(result.body["deleted"] == false)
        #expect(result.body["errors"]?[0]?["code"] == "DeletionBlocked")
        #expect(result.body["org_id"] == "200001")
        #expect(harness.sandbox.organizationExists(id: "200001"))
        await harness.stop()
    }

    @Test func unknownOrganizationIsNotFound() async throws {
        let harness = try await ServiceHarness()
        let id = try await harness.send(#"{"org_id": "999999", "confirm_delete": true}"#)
        let result = try await harness.onlyResult(for: id)
        #expect(result.routingKey == "offboarding.result.failed")
        #expect(result.body["success"] == false)
        #expect(result.body["errors"]?[0]?["code"] == "OrganizationNotFound")
        await harness.stop()
    }

    @Test func refusedAPIKeyIsPermissionDeniedAndNeverInTheResult() async throws {
        let key = "wrong-key-0123456789"
        let harness = try await ServiceHarness(apiKey: key)
        let id = try await harness.send(#"{"org_id": "123456", "confirm_delete": true}"#)
        let result = try await harness.onlyResult(for: id)
        #expect(result.routingKey == "offboarding.result.failed")
        #expect(result.body["errors"]?[0]?["code"] == "PermissionDenied")
        #expect(!String(decoding: result.bodyBytes, as: UTF8.self).contains(key))
        #expect(harness.sandbox.organizationExists(id: "123456"))
        await harness.stop()
    }

    @Test func ambiguousNameIsAnInvalidIdentifier() async throws {
        let harness = try await ServiceHarness()
        let id = try await harness.send(#"{"org_name": "Duplicate Co", "confirm_delete": true}"#)
        let result = try await harness.onlyResult(for: id)
        #expect(result.body["errors"]?[0]?["code"] == "InvalidIdentifier")
        #expect(harness.sandbox.organizationExists(id: "200002"))
        #expect(harness.sandbox.organizationExists(id: "200003"))
        await harness.stop()
    }

    @Test func bodyThatIsNotJSONIsAnsweredAndTheConsumerKeepsRunning() async throws {
        let harness = try await ServiceHarness()
        let first = try await harness.send("this is {not json")
        let result = try await harness.onlyResult(for: first)
        #expect(result.routingKey == "offboarding.result.failed")
        #expect(result.body.objectValue?.keys.sorted() == ["errors", "success"])
        #expect(result.body["errors"]?[0]?["code"] == "InvalidRequest")
        let second = try await harness.send(#"{"org_id": "200008", "dry_run": true}"#)
        #expect(try await harness.onlyResult(for: second).body["success"] == true)
        await harness.stop()
    }

    @Test(arguments: [
        (#"{"org_id": "123456", "confirm": true}"#, "InvalidRequest"),
        (#"{"org_id": "123456", "confirm_delete": "yes"}"#, "InvalidRequest"),
        (#"["org_id", "123456"]"#, "InvalidRequest"),
        (#"{"confirm_delete": true}"#, "InvalidIdentifier"),
        (#"{"org_id": "12a", "confirm_delete": true}"#, "InvalidIdentifier"),
        (#"{"org_name": "", "confirm_delete": true}"#, "InvalidIdentifier"),
    ])
    func schemaInvalidBodyIsRefusedWithoutTouchingITGlue(body: String, code: String) async throws {
        let harness = try await ServiceHarness()
        let id = try await harness.send(body)
        let result = try await harness.onlyResult(for: id)
        #expect(result.routingKey == "offboarding.result.failed")
        #expect(result.body["success"] == false)
        #expect(result.body["errors"]?[0]?["code"] == .string(code))
        #expect(harness.sandbox.requestLog().isEmpty)
        #expect(harness.sandbox.organizationExists(id: "123456"))
        await harness.stop()
    }

    @Test func resultAlsoGoesToReplyToWithTheRequestCorrelation() async throws {
        let harness = try await ServiceHarness()
        let replies = AMQPConsumer(configuration: harness.amqp, source: .temporaryQueue(bindings: []), prefetchCount: 5)
        let stream = try await replies.start()
        let queue = try #require(replies.queueName)
        let id = try await harness.send(#"{"org_id": "200008", "dry_run": true}"#) {
            $0.replyTo = queue
            $0.correlationID = "corr-42"
        }
        var iterator = stream.makeAsyncIterator()
        let reply = try #require(try await iterator.next())
        #expect(reply.message.properties.correlationID == "corr-42")
        #expect(try JSONValue(parsing: reply.message.body)["org_id"] == "200008")
        _ = id
        #expect(try await harness.onlyResult(for: "corr-42").body["success"] == true)
        await replies.close()
        await harness.stop()
    }

    @Test func metricsAndHealthFollowTheConsumer() async throws {
        let harness = try await ServiceHarness()
        let endpoint = MetricsEndpoint(metrics: harness.consumer.metrics, host: "127.0.0.1", port: 0, logger: .silent)
        let port = try endpoint.start()
        func get(_ path: String) async throws -> (Int, String) {
            let (data, response) = try await URLSession.shared.data(
                from: URL(string: "http://127.0.0.1:\(port)\(path)")!
            )
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        #expect(try await eventually { try await get("/health/ready").0 == 200 })
        #expect(try await get("/health/live").0 == 200)
        let id = try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#)
        _ = try await harness.onlyResult(for: id)
        let metrics = try await get("/metrics").1
        #expect(metrics.contains(#"offboard_results_published_total{outcome="deleted"} 1"#))
        #expect(metrics.contains("offboard_requests_received_total 1"))
        await harness.stop()
        #expect(try await get("/health/ready").0 == 503)
        endpoint.stop()
    }

    @Test(.enabled(if: isNodeControllable, "RABBITMQ_NODENAME is not set (run ops/test)"))
    func consumerReconnectsAfterTheBrokerClosesItsConnections() async throws {
        let harness = try await ServiceHarness()
        let before = try await harness.send(#"{"org_id": "200008", "dry_run": true}"#)
        _ = try await harness.onlyResult(for: before)
        // Only the consumer's two connections (consumer and publisher), not other tests' ones.
        #expect(try closeConnections(named: harness.consumerConnectionName) == 2)
        let isBack = try await eventually(timeout: .seconds(30)) {
            let status = try? await AMQPTopology.status(
                ofQueue: harness.topology.requestQueue,
                configuration: harness.amqp
            )
            return status?.consumerCount == 1 && harness.consumer.metrics.isReady
        }
        #expect(isBack, "the consumer did not come back after its connection was closed")
        #expect(harness.consumer.metrics.prometheusText().contains("offboard_reconnects_total 1"))

        // A new request over fresh links (the harness's own were not touched, but prove it end to end).
        let (listener, results) = try await listenForResults(
            on: harness.topology.resultExchange,
            configuration: harness.amqp
        )
        let publisher = AMQPPublisher(configuration: harness.amqp)
        try await publisher.connect()
        var properties = AMQPProperties()
        properties.messageID = "after-reconnect"
        try await publisher.publish(
            AMQPMessage(body: Array(#"{"org_id": "200008", "confirm_delete": true}"#.utf8), properties: properties),
            exchange: harness.topology.requestExchange,
            routingKey: harness.topology.requestRoutingKey
        )
        var iterator = results.makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        #expect(delivery.message.properties.correlationID == "after-reconnect")
        #expect(delivery.routingKey == "offboarding.result.deleted")
        await publisher.close()
        await listener.close()
        await harness.stop()
    }
}
