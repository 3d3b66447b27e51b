public import Foundation
import Synchronization

/// The audit log: one entry per request, and the pending approvals, in SQLite under the state directory.
///
/// Every write is a transaction on one connection in WAL mode with `synchronous=FULL`, so when a method
/// returns, its change survives a crash or power loss. That is what makes ``recordIntent(requestKey:organizationID:organizationName:counts:decision:at:)``
/// safe to call just before the `DELETE` is sent. Calls are serialized by a mutex and block the caller
/// for the duration of one small transaction (including its fsync). Several processes may share the file;
/// SQLite's busy timeout makes them wait for each other.
public final class AuditLog: Sendable {
    /// The database file, `<directory>/audit.sqlite3`.
    public let path: String
    private let connection: Mutex<SQLiteConnection>

    /// The schema version written to `PRAGMA user_version`.
    private static let schemaVersion = 1

    /// Opens the audit log in `directory`, creating the directory (mode 0700) and the database as needed.
    ///
    /// - Parameter directory: The state directory (`OFFBOARD_STATE_DIR`).
    /// - Throws: An ``AuditError``: ``AuditError/Code/cannotCreateDirectory`` when the directory cannot be
    ///   created, ``AuditError/Code/cannotOpenDatabase`` or ``AuditError/Code/unsupportedSchemaVersion``
    ///   when the database cannot be used.
    public init(directory: String) throws {
        if let reason = FileSystem.createDirectory(directory) {
            throw AuditError(
                code: .cannotCreateDirectory,
                message: "cannot create the state directory \(directory): \(reason)"
            )
        }
        let path = URL(fileURLWithPath: directory).appendingPathComponent("audit.sqlite3").path
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 10_000)
        try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
        try Self.migrate(connection)
        self.path = path
        self.connection = Mutex(connection)
    }

    // MARK: - Requests

    /// Records a received request, or returns the entry already recorded under the same request key (a
    /// redelivery), unchanged.
    ///
    /// - Returns: The stored entry; its ``AuditEntry/state`` tells a redelivery from a new request.
    public func begin(_ entry: AuditEntry) throws -> AuditEntry {
        try self.connection.withLock { connection throws(AuditError) in
            try connection.transaction { () throws(AuditError) in
                try connection.query(
                    """
                    INSERT INTO requests (request_key, request_id, message_id, correlation_id, organization_id,
                        organization_name, requested_by, publisher, reason, state, received_at, delete_calls)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, 0)
                    ON CONFLICT (request_key) DO NOTHING
                    """,
                    [
                        .text(entry.requestKey), .optional(entry.requestID), .optional(entry.messageID),
                        .optional(entry.correlationID), .optional(entry.organizationID),
                        .optional(entry.organizationName), .optional(entry.requestedBy), .optional(entry.publisher),
                        .optional(entry.reason), .timestamp(entry.receivedAt),
                    ]
                )
                return try Self.entry(requestKey: entry.requestKey, in: connection)!
            }
        }
    }

    /// Durably records the intent to delete, just before the `DELETE` is sent, and counts the call.
    ///
    /// - Important: Call it immediately before every `DELETE` for the request, and send nothing if it throws.
    ///   It is refused once the deletion is recorded (``AuditEntry/State/deleted`` or later), and while
    ///   another request for the same organization has an intent or deletion that is not completed, so two
    ///   requests (even in two processes) never both send a `DELETE`.
    /// - Throws: An ``AuditError``: ``AuditError/Code/unknownRequest`` without a ``begin(_:)``,
    ///   ``AuditError/Code/invalidState`` after the deletion, ``AuditError/Code/deletionInProgress`` (retriable)
    ///   while another request is deleting the organization.
    public func recordIntent(
        requestKey: String,
        organizationID: String,
        organizationName: String?,
        counts: DependencyCounts,
        decision: String,
        at date: Date = Date()
    ) throws {
        let countsJSON = String(decoding: try JSONEncoder().encode(counts), as: UTF8.self)
        try self.update(
            requestKey: requestKey,
            allowedStates: [.received, .intentRecorded],
            action: "record an intent to delete",
            sql: """
                UPDATE requests SET state = 'intent_recorded', organization_id = ?, organization_name = ?,
                    counts_json = ?, decision = ?, intent_at = ?, delete_calls = delete_calls + 1
                WHERE request_key = ? AND state IN ('received', 'intent_recorded')
                """,
            bindings: [
                .text(organizationID), .optional(organizationName), .text(countsJSON), .text(decision),
                .timestamp(date), .text(requestKey),
            ],
            exclusiveOrganizationID: organizationID
        )
    }

    /// Records that IT Glue accepted the `DELETE`. Repeating it keeps the first time.
    ///
    /// - Throws: An ``AuditError``: ``AuditError/Code/invalidState`` when no intent was recorded.
    public func recordDeleted(requestKey: String, at date: Date) throws {
        try self.update(
            requestKey: requestKey,
            allowedStates: [.intentRecorded, .deleted],
            action: "record a deletion",
            sql: """
                UPDATE requests SET state = 'deleted', deleted_at = COALESCE(deleted_at, ?)
                WHERE request_key = ? AND state IN ('intent_recorded', 'deleted')
                """,
            bindings: [.timestamp(date), .text(requestKey)]
        )
    }

    /// Records the outcome and the exact result body published, for the decision and the counts too when
    /// no intent recorded them. The first completion wins: completing again changes nothing, so a
    /// redelivery can never record a contradictory result.
    ///
    /// - Parameters:
    ///   - outcome: `deleted`, `dry_run`, `blocked` or `failed`.
    ///   - resultJSON: The result body.
    ///   - decision: The policy decision in words, when the request got that far.
    ///   - counts: The dependency counts, when they were fetched.
    /// - Returns: The stored entry, whose ``AuditEntry/resultJSON`` is the one to publish.
    @discardableResult
    public func complete(
        requestKey: String,
        outcome: String,
        resultJSON: String,
        decision: String? = nil,
        counts: DependencyCounts? = nil,
        at date: Date = Date()
    ) throws -> AuditEntry {
        let countsJSON = try counts.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        return try self.connection.withLock { connection throws(AuditError) in
            try connection.transaction { () throws(AuditError) in
                try connection.query(
                    """
                    UPDATE requests SET state = 'completed', outcome = ?, result_json = ?, completed_at = ?,
                        decision = COALESCE(decision, ?), counts_json = COALESCE(counts_json, ?)
                    WHERE request_key = ? AND state != 'completed'
                    """,
                    [
                        .text(outcome), .text(resultJSON), .timestamp(date), .optional(decision),
                        .optional(countsJSON), .text(requestKey),
                    ]
                )
                guard let entry = try Self.entry(requestKey: requestKey, in: connection) else {
                    throw AuditError(code: .unknownRequest, message: "no entry for request key \(requestKey)")
                }
                return entry
            }
        }
    }

    /// Makes a completed request runnable again, for the redelivery of one that ended in a transient failure
    /// (IT Glue unreachable, or refusing the key): its outcome and result are cleared, and its state goes back
    /// to what it was before the completion (`deleted` or `intent_recorded` when a `DELETE` was recorded or
    /// may have been sent, otherwise `received`), so that a deletion that did happen is still found.
    public func reopen(requestKey: String) throws {
        _ = try self.connection.withLock { connection throws(AuditError) in
            try connection.query(
                """
                UPDATE requests SET outcome = NULL, result_json = NULL, completed_at = NULL,
                    state = CASE WHEN deleted_at IS NOT NULL THEN 'deleted'
                        WHEN intent_at IS NOT NULL THEN 'intent_recorded' ELSE 'received' END
                WHERE request_key = ? AND state = 'completed'
                """,
                [.text(requestKey)]
            )
        }
    }

    /// The entry recorded under `requestKey`, if any.
    public func entry(requestKey: String) throws -> AuditEntry? {
        try self.connection.withLock { connection throws(AuditError) in
            try Self.entry(requestKey: requestKey, in: connection)
        }
    }

    /// The most recent entry for the organization whose deletion may have happened (see
    /// ``AuditEntry/isDeletionRecorded``), so a second request for an organization already deleted ends
    /// with `deleted: true` instead of `OrganizationNotFound`.
    public func lastDeletion(organizationID: String) throws -> AuditEntry? {
        try self.connection.withLock { connection throws(AuditError) in
            try connection.query(
                """
                SELECT * FROM requests
                WHERE organization_id = ?
                    AND (state IN ('intent_recorded', 'deleted') OR (state = 'completed' AND outcome = 'deleted'))
                ORDER BY COALESCE(deleted_at, intent_at) DESC, rowid DESC LIMIT 1
                """,
                [.text(organizationID)]
            )
            .first.map(Self.entry(row:))
        }
    }

    /// Entries newest first (by received time), for `itglue-offboard audit`.
    ///
    /// - Parameters:
    ///   - organizationID: Only this organization's entries, when given.
    ///   - since: Only entries received at or after this time, when given.
    ///   - limit: At most this many entries.
    public func entries(organizationID: String? = nil, since: Date? = nil, limit: Int = 100) throws -> [AuditEntry] {
        try self.connection.withLock { connection throws(AuditError) in
            try connection.query(
                """
                SELECT * FROM requests
                WHERE (?1 IS NULL OR organization_id = ?1) AND (?2 IS NULL OR received_at >= ?2)
                ORDER BY received_at DESC, rowid DESC LIMIT ?3
                """,
                [.optional(organizationID), since.map(SQLiteValue.timestamp) ?? .null, .integer(Int64(max(0, limit)))]
            )
            .map(Self.entry(row:))
        }
    }

    // MARK: - Approvals

    /// Stores a request that waits for approval. Recording the same `requestID` again keeps the pending
    /// one, or replaces it when it had expired.
    public func recordPendingApproval(
        requestID: String,
        requestKey: String,
        requestJSON: String,
        expiresAt: Date,
        createdAt: Date = Date()
    ) throws {
        try self.connection.withLock { connection throws(AuditError) in
            _ = try connection.query(
                """
                INSERT INTO pending_approvals (request_id, request_key, request_json, created_at, expires_at, state)
                VALUES (?, ?, ?, ?, ?, 'pending')
                ON CONFLICT (request_id) DO UPDATE SET request_key = excluded.request_key,
                    request_json = excluded.request_json, created_at = excluded.created_at,
                    expires_at = excluded.expires_at, state = 'pending'
                WHERE pending_approvals.state = 'expired'
                """,
                [.text(requestID), .text(requestKey), .text(requestJSON), .timestamp(createdAt), .timestamp(expiresAt)]
            )
        }
    }

    /// Atomically removes and returns the pending approval for `requestID` when it has not expired at
    /// `now`. An expired one is marked expired and `nil` is returned, as for an unknown id; an approval is
    /// taken at most once, even by concurrent approvers.
    public func takeApproval(requestID: String, now: Date = Date()) throws -> PendingApproval? {
        try self.connection.withLock { connection throws(AuditError) in
            try connection.transaction { () throws(AuditError) in
                let rows = try connection.query(
                    "SELECT * FROM pending_approvals WHERE request_id = ? AND state = 'pending'",
                    [.text(requestID)]
                )
                guard let approval = rows.first.map(Self.approval(row:)) else { return nil }
                if approval.expiresAt <= now {
                    try connection.query(
                        "UPDATE pending_approvals SET state = 'expired' WHERE request_id = ?",
                        [.text(requestID)]
                    )
                    return nil
                }
                try connection.query("DELETE FROM pending_approvals WHERE request_id = ?", [.text(requestID)])
                return approval
            }
        }
    }

    /// The approvals still pending (not taken, not expired at `now`), soonest expiry first.
    public func pendingApprovals(now: Date = Date()) throws -> [PendingApproval] {
        try self.connection.withLock { connection throws(AuditError) in
            try connection.query(
                "SELECT * FROM pending_approvals WHERE state = 'pending' AND expires_at > ? ORDER BY expires_at",
                [.timestamp(now)]
            )
            .map(Self.approval(row:))
        }
    }

    // MARK: - Helpers

    private func update(
        requestKey: String,
        allowedStates: [AuditEntry.State],
        action: String,
        sql: String,
        bindings: [SQLiteValue],
        exclusiveOrganizationID: String? = nil
    ) throws {
        try self.connection.withLock { connection throws(AuditError) in
            try connection.transaction { () throws(AuditError) in
                if let organizationID = exclusiveOrganizationID {
                    try Self.checkNoOtherDeletion(of: organizationID, than: requestKey, in: connection)
                }
                try connection.query(sql, bindings)
                guard connection.changes == 0 else { return }
                guard let entry = try Self.entry(requestKey: requestKey, in: connection) else {
                    throw AuditError(code: .unknownRequest, message: "no entry for request key \(requestKey)")
                }
                let allowed = allowedStates.map(\.rawValue).joined(separator: " or ")
                throw AuditError(
                    code: .invalidState,
                    message: "cannot \(action) for request key \(requestKey) in state \(entry.state.rawValue) "
                        + "(needs \(allowed))"
                )
            }
        }
    }

    /// Refuses while another request for the organization has an intent or deletion not yet completed. It
    /// runs in the same write transaction as the update, so two processes cannot both pass it.
    private static func checkNoOtherDeletion(
        of organizationID: String,
        than requestKey: String,
        in connection: SQLiteConnection
    ) throws(AuditError) {
        let other = try connection.query(
            """
            SELECT request_key, intent_at FROM requests
            WHERE organization_id = ? AND request_key != ? AND state IN ('intent_recorded', 'deleted')
            ORDER BY intent_at DESC LIMIT 1
            """,
            [.text(organizationID), .text(requestKey)]
        )
        if let other = other.first {
            throw AuditError(
                code: .deletionInProgress,
                message: "organization \(organizationID) is already being deleted by request key "
                    + "\(other["request_key"]?.text ?? "?") (intent recorded at \(other["intent_at"]?.text ?? "?"))"
            )
        }
    }

    private static func entry(requestKey: String, in connection: SQLiteConnection) throws(AuditError) -> AuditEntry? {
        try connection.query("SELECT * FROM requests WHERE request_key = ?", [.text(requestKey)])
            .first.map(Self.entry(row:))
    }

    private static func entry(row: SQLiteRow) -> AuditEntry {
        var entry = AuditEntry(
            requestKey: row["request_key"]?.text ?? "",
            requestID: row["request_id"]?.text,
            messageID: row["message_id"]?.text,
            correlationID: row["correlation_id"]?.text,
            organizationID: row["organization_id"]?.text,
            organizationName: row["organization_name"]?.text,
            requestedBy: row["requested_by"]?.text,
            publisher: row["publisher"]?.text,
            reason: row["reason"]?.text,
            receivedAt: row["received_at"]?.date ?? Date(timeIntervalSince1970: 0)
        )
        entry.decision = row["decision"]?.text
        entry.counts = row["counts_json"]?.text.flatMap {
            try? JSONDecoder().decode(DependencyCounts.self, from: Data($0.utf8))
        }
        entry.state = row["state"]?.text.flatMap(AuditEntry.State.init(rawValue:)) ?? .received
        entry.outcome = row["outcome"]?.text
        entry.resultJSON = row["result_json"]?.text
        entry.intentAt = row["intent_at"]?.date
        entry.deletedAt = row["deleted_at"]?.date
        entry.completedAt = row["completed_at"]?.date
        entry.deleteCalls = Int(row["delete_calls"]?.integer ?? 0)
        return entry
    }

    private static func approval(row: SQLiteRow) -> PendingApproval {
        PendingApproval(
            requestID: row["request_id"]?.text ?? "",
            requestKey: row["request_key"]?.text ?? "",
            requestJSON: row["request_json"]?.text ?? "",
            createdAt: row["created_at"]?.date ?? Date(timeIntervalSince1970: 0),
            expiresAt: row["expires_at"]?.date ?? Date(timeIntervalSince1970: 0)
        )
    }

    private static func migrate(_ connection: SQLiteConnection) throws(AuditError) {
        try connection.transaction { () throws(AuditError) in
            let version = Int(try connection.query("PRAGMA user_version").first?["user_version"]?.integer ?? 0)
            guard version <= Self.schemaVersion else {
                throw AuditError(
                    code: .unsupportedSchemaVersion,
                    message: "\(connection.path) has schema version \(version); this program reads up to "
                        + "\(Self.schemaVersion)"
                )
            }
            if version < 1 {
                try connection.execute(
                    """
                    CREATE TABLE requests (
                        request_key TEXT PRIMARY KEY NOT NULL,
                        request_id TEXT,
                        message_id TEXT,
                        correlation_id TEXT,
                        organization_id TEXT,
                        organization_name TEXT,
                        requested_by TEXT,
                        publisher TEXT,
                        reason TEXT,
                        decision TEXT,
                        counts_json TEXT,
                        state TEXT NOT NULL
                            CHECK (state IN ('received', 'intent_recorded', 'deleted', 'completed')),
                        outcome TEXT,
                        result_json TEXT,
                        received_at TEXT NOT NULL,
                        intent_at TEXT,
                        deleted_at TEXT,
                        completed_at TEXT,
                        delete_calls INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX requests_by_organization ON requests (organization_id, received_at);
                    CREATE INDEX requests_by_time ON requests (received_at);
                    CREATE TABLE pending_approvals (
                        request_id TEXT PRIMARY KEY NOT NULL,
                        request_key TEXT NOT NULL,
                        request_json TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        expires_at TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'expired'))
                    );
                    PRAGMA user_version = 1;
                    """
                )
            }
        }
    }
}

extension SQLiteValue {
    fileprivate static func optional(_ text: String?) -> SQLiteValue { text.map(SQLiteValue.text) ?? .null }

    fileprivate static func timestamp(_ date: Date) -> SQLiteValue { .text(UTCTimestamp.string(from: date)) }

    fileprivate var date: Date? { self.text.flatMap(UTCTimestamp.date(from:)) }
}
