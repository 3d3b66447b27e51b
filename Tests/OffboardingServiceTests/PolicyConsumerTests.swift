import AMQP
import Foundation
import ITGlueSandbox
import JSONSchema
import Offboarding
import OffboardingService
import Testing

/// One test per policy rule, through the consumer on the real broker and the sandbox.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: brokerURL != nil, "RABBITMQ_URL is not set (run ops/test)"))
struct PolicyConsumerTests {
    private func outcome(
        of body: String,
        policy: OffboardingPolicy = .builtInDefault,
        configure: (inout AMQPProperties) -> Void = { _ in }
    ) async throws -> (ReceivedResult, ServiceHarness) {
        let harness = try await ServiceHarness(policy: policy)
        let id = try await harness.send(body, configure: configure)
        return (try await harness.onlyResult(for: id), harness)
    }

    private func errorCodes(_ result: ReceivedResult) -> [String] {
        result.body["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
    }

    private func errorMessages(_ result: ReceivedResult) -> String {
        result.body["errors"]?.arrayValue?.compactMap { $0["message"]?.stringValue }.joined(separator: " | ") ?? ""
    }

    @Test func primaryOrganizationIsNeverDeletedEvenWhenForced() async throws {
        let (result, harness) = try await self.outcome(
            of: #"{"org_id": "1000", "confirm_delete": true, "force_delete": true}"#
        )
        #expect(result.routingKey == "offboarding.result.blocked")
        #expect(self.errorCodes(result).contains("DeletionBlocked"))
        #expect(harness.sandbox.organizationExists(id: "1000"))
        #expect(!harness.sandbox.requestLog().contains { $0.method == "DELETE" })
        await harness.stop()
    }

    @Test func protectedTypeIdAndNameBlock() async throws {
        var policy = OffboardingPolicy.builtInDefault
        policy.protection.organizationIDs = ["200008"]
        policy.protection.organizationNames = ["Happy Frog"]
        let harness = try await ServiceHarness(policy: policy)
        for id in ["200007", "200008", "200001"] {
            let message = try await harness.send(#"{"org_id": "\#(id)", "confirm_delete": true, "force_delete": true}"#)
            let result = try await harness.onlyResult(for: message)
            #expect(result.routingKey == "offboarding.result.blocked", "org \(id)")
            #expect(harness.sandbox.organizationExists(id: id))
        }
        await harness.stop()
    }

    @Test func onlyDeletableStatusesAreDeleted() async throws {
        var policy = OffboardingPolicy.builtInDefault
        policy.deletableStatuses = ["Inactive"]
        let harness = try await ServiceHarness(policy: policy)
        let active = try await harness.send(#"{"org_id": "123456", "confirm_delete": true}"#)
        #expect(try await harness.onlyResult(for: active).routingKey == "offboarding.result.blocked")
        let inactive = try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#)
        #expect(try await harness.onlyResult(for: inactive).routingKey == "offboarding.result.deleted")
        #expect(harness.sandbox.organizationExists(id: "123456"))
        #expect(!harness.sandbox.organizationExists(id: "200008"))
        await harness.stop()
    }

    @Test func psaSyncedOrganizationsNeedThePolicysPermission() async throws {
        let (blocked, first) = try await self.outcome(of: #"{"org_id": "200004", "confirm_delete": true}"#)
        #expect(blocked.routingKey == "offboarding.result.blocked")
        await first.stop()
        var policy = OffboardingPolicy.builtInDefault
        policy.isPSASyncedAllowed = true
        let (allowed, second) = try await self.outcome(
            of: #"{"org_id": "200004", "confirm_delete": true}"#,
            policy: policy
        )
        #expect(allowed.routingKey == "offboarding.result.deleted")
        await second.stop()
    }

    @Test func dependencyLimitBlocksUnlessForced() async throws {
        var policy = OffboardingPolicy.builtInDefault
        policy.limits.configurations = 3
        let harness = try await ServiceHarness(policy: policy)
        let plain = try await harness.send(#"{"org_id": "123456", "confirm_delete": true}"#)
        let blocked = try await harness.onlyResult(for: plain)
        #expect(blocked.routingKey == "offboarding.result.blocked")
        #expect(blocked.body["dependency_check"]?["blocked"] == true)
        #expect(blocked.body["dependency_check"]?["blocked_by"]?[0]?.stringValue?.contains("configurations") == true)
        #expect(harness.sandbox.organizationExists(id: "123456"))

        let forced = try await harness.send(#"{"org_id": "123456", "confirm_delete": true, "force_delete": true}"#)
        let deleted = try await harness.onlyResult(for: forced)
        #expect(deleted.routingKey == "offboarding.result.deleted")
        #expect(deleted.body["dependency_check"]?["blocked"] == true)
        #expect(
            deleted.body["warnings"]?.arrayValue?.contains { $0.stringValue?.contains("force_delete") == true } == true
        )
        await harness.stop()
    }

    @Test func zeroLimitMeansNoneAllowed() async throws {
        var policy = OffboardingPolicy.builtInDefault
        policy.limits.passwords = 0
        let (result, harness) = try await self.outcome(
            of: #"{"org_id": "200001", "confirm_delete": true}"#,
            policy: policy
        )
        #expect(result.routingKey == "offboarding.result.blocked")
        #expect(result.body["dependency_check"]?["passwords_found"] == 3)
        await harness.stop()
    }

    @Test func childOrganizationsBlock() async throws {
        let (result, harness) = try await self.outcome(of: #"{"org_id": "200005", "confirm_delete": true}"#)
        #expect(result.routingKey == "offboarding.result.blocked")
        #expect(result.body["dependency_check"]?["child_organizations_found"] == 1)
        #expect(harness.sandbox.organizationExists(id: "200005"))
        await harness.stop()
    }

    @Test func softDeleteRenamesInsteadOfDeleting() async throws {
        var policy = OffboardingPolicy.builtInDefault
        policy.mode = .softDelete
        let (result, harness) = try await self.outcome(
            of: #"{"org_id": "200008", "confirm_delete": true}"#,
            policy: policy
        )
        #expect(result.routingKey == "offboarding.result.deleted")
        #expect(result.body["soft_deleted"] == true)
        #expect(result.body["deleted"] == false)
        #expect(harness.sandbox.organizationExists(id: "200008"))
        let patch = try #require(harness.sandbox.requestLog().first { $0.method == "PATCH" })
        #expect(patch.path == "/organizations/200008")
        #expect(patch.body.contains("[OFFBOARDED] Empty Org"))
        #expect(!harness.sandbox.requestLog().contains { $0.method == "DELETE" })
        await harness.stop()
    }

    @Test func archiveIsWrittenBeforeTheDeletion() async throws {
        let (result, harness) = try await self.outcome(
            of: #"{"org_id": "200001", "confirm_delete": true, "force_delete": true}"#
        )
        #expect(result.routingKey == "offboarding.result.deleted")
        let folder = harness.stateDirectory + "/archive/200001"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 1)
        let snapshot = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: folder + "/" + files[0])))
        let records = snapshot["dependent_records"]?.arrayValue ?? []
        // 1 configuration, 2 contacts, 1 location, 3 passwords and 1 domain.
        #expect(records.count == 8)
        let entry = try #require(try harness.auditLog.lastDeletion(organizationID: "200001"))
        #expect(entry.outcome == "deleted")
        #expect(entry.deleteCalls == 1)
        await harness.stop()
    }

    @Test func allowedPublishersAreCheckedAgainstTheVerifiedUserID() async throws {
        var policy = OffboardingPolicy.builtInDefault
        policy.allowedPublishers = ["guest"]
        let harness = try await ServiceHarness(policy: policy)
        let anonymous = try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#)
        let refused = try await harness.onlyResult(for: anonymous)
        #expect(refused.routingKey == "offboarding.result.blocked")
        #expect(self.errorMessages(refused).contains("allowed publishers"))
        let known = try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#) { $0.userID = "guest" }
        #expect(try await harness.onlyResult(for: known).routingKey == "offboarding.result.deleted")
        await harness.stop()
    }

    @Test func approvalHoldsTheRequestUntilAnApproverReleasesIt() async throws {
        var policy = OffboardingPolicy.builtInDefault
        policy.isApprovalRequired = true
        policy.approvers = ["guest"]
        let harness = try await ServiceHarness(policy: policy)
        let request = try await harness.send(#"{"org_id": "200008", "confirm_delete": true, "request_id": "ap-1"}"#)
        let pending = try await harness.onlyResult(for: request)
        #expect(pending.routingKey == "offboarding.result.dry_run")
        #expect(pending.body["approval_pending"] == true)
        #expect(harness.sandbox.organizationExists(id: "200008"))

        let stranger = try await harness.send(
            #"{"request_id": "ap-1"}"#,
            routingKey: harness.topology.approvalRoutingKey
        )
        #expect(try await harness.onlyResult(for: stranger).routingKey == "offboarding.result.blocked")

        let approval = try await harness.send(
            #"{"request_id": "ap-1", "approved_by": "Lead"}"#,
            routingKey: harness.topology.approvalRoutingKey
        ) {
            $0.userID = "guest"
        }
        let deleted = try await harness.onlyResult(for: approval)
        #expect(deleted.routingKey == "offboarding.result.deleted")
        #expect(deleted.body["request_id"] == "ap-1")
        #expect(!harness.sandbox.organizationExists(id: "200008"))

        let again = try await harness.send(#"{"request_id": "ap-1"}"#, routingKey: harness.topology.approvalRoutingKey)
        {
            $0.userID = "guest"
        }
        #expect(try await harness.onlyResult(for: again).body["errors"]?[0]?["code"] == "InvalidRequest")
        await harness.stop()
    }

    @Test func redeliveredRequestGetsTheSameOutcomeAndOneDeletion() async throws {
        let harness = try await ServiceHarness()
        let id = "same-message-id"
        try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#, messageID: id)
        _ = try await harness.results(for: id)
        try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#, messageID: id)
        let both = try await harness.results(for: id, count: 2)
        #expect(both.map(\.routingKey) == ["offboarding.result.deleted", "offboarding.result.deleted"])
        #expect(both.allSatisfy { $0.body["deleted"] == true })
        #expect(harness.sandbox.requestLog().filter { $0.method == "DELETE" }.count == 1)
        await harness.stop()
    }

    @Test func concurrentRequestsForOneOrganizationSendOneDeletion() async throws {
        let harness = try await ServiceHarness(concurrency: 4)
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<3 {
                group.addTask { try await harness.send(#"{"org_id": "200009", "confirm_delete": true}"#) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for id in ids {
            let result = try await harness.onlyResult(for: id)
            #expect(result.body["deleted"] == true)
        }
        #expect(harness.sandbox.requestLog().filter { $0.method == "DELETE" }.count == 1)
        await harness.stop()
    }

    @Test func asynchronousDeletionIsVerifiedAndWarnedAbout() async throws {
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.deletionDelay = .seconds(5)
        var policy = OffboardingPolicy.builtInDefault
        policy.verification.timeout = .milliseconds(600)
        let harness = try await ServiceHarness(policy: policy, sandboxConfiguration: sandboxConfiguration)
        let id = try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#)
        let result = try await harness.onlyResult(for: id)
        #expect(result.body["deleted"] == true)
        #expect(
            result.body["warnings"]?.arrayValue?.contains { $0.stringValue?.contains("still lists") == true } == true
        )
        await harness.stop()
    }

    @Test func requestThatFailedTransientlyRunsAgainWhenRedelivered() async throws {
        let harness = try await ServiceHarness()
        harness.sandbox.inject(.failNext(100, status: 503))
        let id = "transient-1"
        try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#, messageID: id)
        let failed = try await harness.results(for: id)
        #expect(failed.first?.routingKey == "offboarding.result.failed")
        #expect(failed.first?.body["errors"]?[0]?["code"] == "ITGlueConnectionError")
        harness.sandbox.clearFaults()
        try await harness.send(#"{"org_id": "200008", "confirm_delete": true}"#, messageID: id)
        let both = try await harness.results(for: id, count: 2)
        #expect(both.last?.routingKey == "offboarding.result.deleted")
        #expect(!harness.sandbox.organizationExists(id: "200008"))
        let entry = try #require(try harness.auditLog.entry(requestKey: "message:\(id)"))
        #expect(entry.outcome == "deleted")
        await harness.stop()
    }
}
