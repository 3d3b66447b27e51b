import Foundation
import Offboarding
import Testing

@Suite struct AuditLogTests {
    /// 2026-01-22T10:30:00Z.
    private static let start = Date(timeIntervalSince1970: 1_769_077_800)

    private let directory: String

    init() {
        self.directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("audit-tests-\(UUID().uuidString)").appendingPathComponent("state").path
    }

    private func entry(_ key: String, organizationID: String = "123456", at offset: TimeInterval = 0) -> AuditEntry {
        AuditEntry(
            requestKey: key,
            requestID: "request-\(key)",
            messageID: key,
            correlationID: "correlation-\(key)",
            organizationID: organizationID,
            organizationName: "Example Client",
            requestedBy: "jane@example.com",
            publisher: "psa-offboarding",
            reason: "contract ended",
            receivedAt: Self.start.addingTimeInterval(offset)
        )
    }

    private static let counts = DependencyCounts(configurations: 4, documents: 7, flexibleAssets: 12)

    // MARK: - Requests

    @Test func createsTheDirectoryAndDatabase() throws {
        let log = try AuditLog(directory: self.directory)
        #expect(log.path == self.directory + "/audit.sqlite3")
        #expect(FileManager.default.fileExists(atPath: log.path))
        let permissions = try FileManager.default.attributesOfItem(atPath: self.directory)[.posixPermissions] as? Int
        #expect(permissions == 0o700)
    }

    @Test func entriesSurviveReopening() throws {
        do {
            let log = try AuditLog(directory: self.directory)
            _ = try log.begin(self.entry("m-1"))
            try log.recordIntent(
                requestKey: "m-1",
                organizationID: "123456",
                organizationName: "Example Client",
                counts: Self.counts,
                decision: "allowed"
            )
        }
        let reopened = try AuditLog(directory: self.directory)
        let entry = try #require(try reopened.entry(requestKey: "m-1"))
        #expect(entry.state == .intentRecorded)
        #expect(entry.deleteCalls == 1)
        #expect(entry.counts == Self.counts)
        #expect(entry.reason == "contract ended")
        #expect(entry.receivedAt == Self.start)
        #expect(entry.isDeletionRecorded)
    }

    @Test func beginTwiceKeepsOneEntry() throws {
        let log = try AuditLog(directory: self.directory)
        let first = try log.begin(self.entry("m-1"))
        var redelivered = self.entry("m-1", at: 60)
        redelivered.reason = "a different reason"
        let second = try log.begin(redelivered)
        #expect(first == second)
        #expect(second.reason == "contract ended")
        #expect(second.state == .received)
        #expect(try log.entries().count == 1)
    }

    @Test func reopenRestoresTheStateBeforeTheCompletion() throws {
        let log = try AuditLog(directory: self.directory)
        _ = try log.begin(self.entry("never-sent"))
        try log.complete(requestKey: "never-sent", outcome: "failed", resultJSON: "{}")
        try log.reopen(requestKey: "never-sent")
        let received = try #require(try log.entry(requestKey: "never-sent"))
        #expect(received.state == .received)
        #expect(received.outcome == nil && received.resultJSON == nil && received.completedAt == nil)

        _ = try log.begin(self.entry("maybe-sent"))
        try log.recordIntent(
            requestKey: "maybe-sent",
            organizationID: "200008",
            organizationName: "Empty Org",
            counts: Self.counts,
            decision: "delete"
        )
        try log.complete(requestKey: "maybe-sent", outcome: "failed", resultJSON: "{}")
        #expect(try log.lastDeletion(organizationID: "200008") == nil)
        try log.reopen(requestKey: "maybe-sent")
        #expect(try log.entry(requestKey: "maybe-sent")?.state == .intentRecorded)
        #expect(try log.lastDeletion(organizationID: "200008")?.requestKey == "maybe-sent")
        // Runnable again: a second intent and a completion that now sticks.
        try log.recordIntent(
            requestKey: "maybe-sent",
            organizationID: "200008",
            organizationName: "Empty Org",
            counts: Self.counts,
            decision: "delete"
        )
        try log.recordDeleted(requestKey: "maybe-sent", at: Date())
        let done = try log.complete(requestKey: "maybe-sent", outcome: "deleted", resultJSON: "{}")
        #expect(done.outcome == "deleted")
        #expect(done.deleteCalls == 2)
    }

    @Test func intentDeletedCompleteFlow() throws {
        let log = try AuditLog(directory: self.directory)
        _ = try log.begin(self.entry("m-1"))
        try log.recordIntent(
            requestKey: "m-1",
            organizationID: "123456",
            organizationName: "Example Client",
            counts: Self.counts,
            decision: "allowed",
            at: Self.start.addingTimeInterval(1)
        )
        try log.recordDeleted(requestKey: "m-1", at: Self.start.addingTimeInterval(2))
        try log.recordDeleted(requestKey: "m-1", at: Self.start.addingTimeInterval(9))
        let result = #"{"success":true,"deleted":true}"#
        let completed = try log.complete(
            requestKey: "m-1",
            outcome: "deleted",
            resultJSON: result,
            at: Self.start.addingTimeInterval(3)
        )
        #expect(completed.state == .completed)
        #expect(completed.outcome == "deleted")
        #expect(completed.resultJSON == result)
        #expect(completed.decision == "allowed")
        #expect(completed.intentAt == Self.start.addingTimeInterval(1))
        #expect(completed.deletedAt == Self.start.addingTimeInterval(2))
        #expect(completed.completedAt == Self.start.addingTimeInterval(3))
        #expect(completed.deleteCalls == 1)

        // The first result wins.
        let again = try log.complete(requestKey: "m-1", outcome: "failed", resultJSON: "{}")
        #expect(again == completed)

        // No second intent after the deletion.
        let error = try #require(throws: AuditError.self) {
            try log.recordIntent(
                requestKey: "m-1",
                organizationID: "123456",
                organizationName: nil,
                counts: Self.counts,
                decision: "allowed"
            )
        }
        #expect(error.code == .invalidState)
        #expect(
            error.description
                == "audit log: cannot record an intent to delete for request key m-1 in state completed "
                + "(needs received or intent_recorded)"
        )
    }

    @Test func repeatedIntentCountsDeleteCalls() throws {
        let log = try AuditLog(directory: self.directory)
        _ = try log.begin(self.entry("m-1"))
        for _ in 0..<3 {
            try log.recordIntent(
                requestKey: "m-1",
                organizationID: "123456",
                organizationName: nil,
                counts: Self.counts,
                decision: "allowed"
            )
        }
        #expect(try log.entry(requestKey: "m-1")?.deleteCalls == 3)
    }

    @Test func deletionNeedsARecordedIntent() throws {
        let log = try AuditLog(directory: self.directory)
        _ = try log.begin(self.entry("m-1"))
        let error = try #require(throws: AuditError.self) { try log.recordDeleted(requestKey: "m-1", at: Self.start) }
        #expect(error.code == .invalidState)
        let unknown = try #require(throws: AuditError.self) {
            try log.recordDeleted(requestKey: "nope", at: Self.start)
        }
        #expect(unknown.code == .unknownRequest)
        #expect(unknown.description == "audit log: no entry for request key nope")
        #expect(try log.entry(requestKey: "nope") == nil)
    }

    @Test func completeRecordsDecisionAndCountsWithoutIntent() throws {
        let log = try AuditLog(directory: self.directory)
        _ = try log.begin(self.entry("m-1"))
        let blocked = try log.complete(
            requestKey: "m-1",
            outcome: "blocked",
            resultJSON: #"{"success":false}"#,
            decision: "configurations: 140 found, limit 100",
            counts: DependencyCounts(configurations: 140)
        )
        #expect(blocked.decision == "configurations: 140 found, limit 100")
        #expect(blocked.counts?.configurations == 140)
        #expect(!blocked.isDeletionRecorded)
        #expect(blocked.deleteCalls == 0)
    }

    @Test func lastDeletionFindsOnlyDeletions() throws {
        let log = try AuditLog(directory: self.directory)
        // Blocked: no deletion.
        _ = try log.begin(self.entry("blocked"))
        try log.complete(requestKey: "blocked", outcome: "blocked", resultJSON: "{}")
        // Intent recorded, then the DELETE failed: no deletion.
        _ = try log.begin(self.entry("failed", at: 1))
        try self.recordIntent(log, "failed", at: 1)
        try log.complete(requestKey: "failed", outcome: "failed", resultJSON: "{}")
        #expect(try log.lastDeletion(organizationID: "123456") == nil)

        // Intent recorded, then a crash: counts as a deletion that may have happened.
        _ = try log.begin(self.entry("crashed", at: 2))
        try self.recordIntent(log, "crashed", at: 2)
        #expect(try log.lastDeletion(organizationID: "123456")?.requestKey == "crashed")

        // The redelivered request finishes the job.
        try log.recordDeleted(requestKey: "crashed", at: Self.start.addingTimeInterval(4))
        try log.complete(requestKey: "crashed", outcome: "deleted", resultJSON: #"{"deleted":true}"#)
        let last = try #require(try log.lastDeletion(organizationID: "123456"))
        #expect(last.requestKey == "crashed")
        #expect(last.resultJSON == #"{"deleted":true}"#)
        #expect(try log.lastDeletion(organizationID: "999") == nil)

        // The most recent deletion wins.
        _ = try log.begin(self.entry("later", at: 10))
        try self.recordIntent(log, "later", at: 10)
        try log.complete(requestKey: "later", outcome: "deleted", resultJSON: "{}")
        #expect(try log.lastDeletion(organizationID: "123456")?.requestKey == "later")
    }

    private func recordIntent(
        _ log: AuditLog,
        _ key: String,
        organizationID: String = "123456",
        at offset: TimeInterval
    ) throws {
        try log.recordIntent(
            requestKey: key,
            organizationID: organizationID,
            organizationName: "Example Client",
            counts: Self.counts,
            decision: "allowed",
            at: Self.start.addingTimeInterval(offset)
        )
    }

    @Test func queriesByOrganizationAndTime() throws {
        let log = try AuditLog(directory: self.directory)
        for index in 0..<6 {
            _ = try log.begin(
                self.entry("m-\(index)", organizationID: index.isMultiple(of: 2) ? "1" : "2", at: Double(index) * 60)
            )
        }
        #expect(try log.entries().map(\.requestKey) == ["m-5", "m-4", "m-3", "m-2", "m-1", "m-0"])
        #expect(try log.entries(organizationID: "1").map(\.requestKey) == ["m-4", "m-2", "m-0"])
        #expect(try log.entries(since: Self.start.addingTimeInterval(180)).map(\.requestKey) == ["m-5", "m-4", "m-3"])
        #expect(
            try log.entries(organizationID: "2", since: Self.start.addingTimeInterval(120)).map(\.requestKey) == [
                "m-5", "m-3",
            ]
        )
        #expect(try log.entries(limit: 2).map(\.requestKey) == ["m-5", "m-4"])
    }

    @Test func entryJSONUsesSnakeCaseAndISOTimestamps() throws {
        let log = try AuditLog(directory: self.directory)
        let entry = try log.begin(self.entry("m-1"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(entry), as: UTF8.self)
        #expect(json.contains(#""received_at":"2026-01-22T10:30:00.000Z""#))
        #expect(json.contains(#""request_key":"m-1""#))
        #expect(json.contains(#""state":"received""#))
        #expect(try JSONDecoder().decode(AuditEntry.self, from: Data(json.utf8)) == entry)
    }

    // MARK: - Approvals

    @Test func approvalsAreTakenOnce() throws {
        let log = try AuditLog(directory: self.directory)
        try log.recordPendingApproval(
            requestID: "r-1",
            requestKey: "m-1",
            requestJSON: #"{"org_id":"123456"}"#,
            expiresAt: Self.start.addingTimeInterval(3600),
            createdAt: Self.start
        )
        #expect(try log.pendingApprovals(now: Self.start).map(\.requestID) == ["r-1"])
        let approval = try #require(try log.takeApproval(requestID: "r-1", now: Self.start.addingTimeInterval(60)))
        #expect(approval.requestKey == "m-1")
        #expect(approval.requestJSON == #"{"org_id":"123456"}"#)
        #expect(approval.expiresAt == Self.start.addingTimeInterval(3600))
        #expect(try log.takeApproval(requestID: "r-1", now: Self.start.addingTimeInterval(61)) == nil)
        #expect(try log.pendingApprovals(now: Self.start).isEmpty)
        #expect(try log.takeApproval(requestID: "unknown") == nil)
    }

    @Test func approvalsExpire() throws {
        let log = try AuditLog(directory: self.directory)
        let expiry = Self.start.addingTimeInterval(3600)
        try log.recordPendingApproval(requestID: "r-1", requestKey: "m-1", requestJSON: "{}", expiresAt: expiry)
        #expect(try log.pendingApprovals(now: expiry).isEmpty)
        #expect(try log.takeApproval(requestID: "r-1", now: expiry) == nil)
        // Marked expired: an approval arriving later, even with an earlier clock, is refused.
        #expect(try log.takeApproval(requestID: "r-1", now: Self.start) == nil)

        // The same request may ask again after expiry.
        try log.recordPendingApproval(
            requestID: "r-1",
            requestKey: "m-2",
            requestJSON: "{}",
            expiresAt: expiry.addingTimeInterval(3600)
        )
        #expect(try log.takeApproval(requestID: "r-1", now: expiry.addingTimeInterval(1))?.requestKey == "m-2")
    }

    @Test func recordingAPendingApprovalAgainKeepsTheFirst() throws {
        let log = try AuditLog(directory: self.directory)
        try log.recordPendingApproval(requestID: "r-1", requestKey: "m-1", requestJSON: "{}", expiresAt: Self.start)
        try log.recordPendingApproval(
            requestID: "r-1",
            requestKey: "m-2",
            requestJSON: "{}",
            expiresAt: Self.start.addingTimeInterval(10)
        )
        let pending = try log.pendingApprovals(now: Self.start.addingTimeInterval(-1))
        #expect(pending.map(\.requestKey) == ["m-1"])
    }

    // MARK: - Concurrency and failures

    @Test func concurrentUseFromManyTasks() async throws {
        let log = try AuditLog(directory: self.directory)
        try log.recordPendingApproval(
            requestID: "shared",
            requestKey: "m-shared",
            requestJSON: "{}",
            expiresAt: Date().addingTimeInterval(3600)
        )
        let taken = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let key = "m-\(index)"
                    _ = try log.begin(self.entry(key, organizationID: "\(index)", at: Double(index)))
                    _ = try log.begin(self.entry("redelivered", at: Double(index)))
                    try self.recordIntent(log, key, organizationID: "\(index)", at: Double(index))
                    try log.recordDeleted(requestKey: key, at: Date())
                    try log.complete(requestKey: key, outcome: "deleted", resultJSON: "{}")
                    return try log.takeApproval(requestID: "shared") == nil ? 0 : 1
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(taken == 1)
        let entries = try log.entries(limit: 1000)
        #expect(entries.count == 41)
        #expect(entries.filter { $0.state == .completed }.count == 40)
        #expect(entries.allSatisfy { $0.requestKey == "redelivered" || $0.deleteCalls == 1 })
    }

    @Test func twoConnectionsShareTheDatabase() throws {
        let first = try AuditLog(directory: self.directory)
        let second = try AuditLog(directory: self.directory)
        _ = try first.begin(self.entry("m-1"))
        #expect(try second.begin(self.entry("m-1", at: 5)).receivedAt == Self.start)
        try self.recordIntent(second, "m-1", at: 1)
        #expect(try first.entry(requestKey: "m-1")?.state == .intentRecorded)
    }

    @Test func uncreatableDirectoryGivesAClearError() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("audit-file-\(UUID().uuidString)")
        try Data("not a directory".utf8).write(to: parent)
        defer { try? FileManager.default.removeItem(at: parent) }
        let directory = parent.appendingPathComponent("state").path
        let error = try #require(throws: AuditError.self) { try AuditLog(directory: directory) }
        #expect(error.code == .cannotCreateDirectory)
        #expect(error.description == "audit log: cannot create the state directory \(directory): Not a directory")
        #expect(!error.isRetriable)
    }
}

extension AuditLogTests {
    @Test func twoRequestsNeverBothRecordAnIntentForOneOrganization() throws {
        let first = try AuditLog(directory: self.directory)
        let second = try AuditLog(directory: self.directory)
        _ = try first.begin(self.entry("m-1"))
        _ = try second.begin(self.entry("m-2", at: 1))
        try self.recordIntent(first, "m-1", at: 1)
        let error = try #require(throws: AuditError.self) { try self.recordIntent(second, "m-2", at: 2) }
        #expect(error.code == .deletionInProgress)
        #expect(error.isRetriable)
        #expect(
            error.description
                == "audit log: organization 123456 is already being deleted by request key m-1 "
                + "(intent recorded at 2026-01-22T10:30:01.000Z)"
        )
        #expect(try second.entry(requestKey: "m-2")?.deleteCalls == 0)

        // The same request may record its intent again (a redelivery after a crash).
        try self.recordIntent(first, "m-1", at: 3)
        // Once the first completes, the organization is free again (a failed DELETE may be retried).
        try first.complete(requestKey: "m-1", outcome: "failed", resultJSON: "{}")
        try self.recordIntent(second, "m-2", at: 4)
        #expect(try second.entry(requestKey: "m-2")?.state == .intentRecorded)
    }
}

extension AuditLogTests {
    @Test func concurrentIntentsForOneOrganizationLetExactlyOneThrough() async throws {
        let logs = [try AuditLog(directory: self.directory), try AuditLog(directory: self.directory)]
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let log = logs[index % 2]
                    _ = try log.begin(self.entry("m-\(index)", at: Double(index)))
                    do {
                        try self.recordIntent(log, "m-\(index)", at: Double(index))
                        return true
                    } catch let error as AuditError where error.code == .deletionInProgress {
                        return false
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        let entries = try logs[0].entries(organizationID: "123456", limit: 100)
        #expect(entries.map(\.deleteCalls).reduce(0, +) == 1)
    }
}

extension AuditLogTests {
    @Test func refusesADatabaseFromANewerVersion() throws {
        let path: String
        do {
            let log = try AuditLog(directory: self.directory)
            _ = try log.begin(self.entry("m-1"))
            path = log.path
        }
        // After the last connection closes, the WAL is checkpointed into the file; user_version is the
        // big-endian 32-bit integer at offset 60 of the SQLite header.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.replaceSubrange(60..<64, with: [0, 0, 0, 99])
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let error = try #require(throws: AuditError.self) { try AuditLog(directory: self.directory) }
        #expect(error.code == .unsupportedSchemaVersion)
        #expect(error.description == "audit log: \(path) has schema version 99; this program reads up to 1")
    }
}
