public import Foundation

/// One request as recorded in the audit log: who asked for what, what was decided, and how far the
/// deletion got.
///
/// JSON keys are snake_case and timestamps ISO 8601 UTC strings, whatever the encoder's date strategy.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// How far a request got. Each step is written before the next side effect.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// The request was received; nothing was sent to IT Glue yet.
        case received
        /// The intent to delete is on disk; the `DELETE` may or may not have been sent.
        case intentRecorded = "intent_recorded"
        /// IT Glue accepted the `DELETE`.
        case deleted
        /// The result was published.
        case completed
    }

    /// The idempotency key: the message's `message_id`, else its `request_id`, else a hash of the body.
    public var requestKey: String
    public var requestID: String?
    public var messageID: String?
    public var correlationID: String?
    public var organizationID: String?
    public var organizationName: String?
    /// The request's `requested_by` (free text, not verified).
    public var requestedBy: String?
    /// The AMQP `user_id` (verified by RabbitMQ).
    public var publisher: String?
    public var reason: String?
    /// The policy decision in words, e.g. `allowed` or the violations.
    public var decision: String?
    /// The dependency counts the decision was based on.
    public var counts: DependencyCounts?
    public var state: State
    /// The result's outcome: `deleted`, `dry_run`, `blocked` or `failed`; `nil` until completed.
    public var outcome: String?
    /// The exact result body published.
    public var resultJSON: String?
    public var receivedAt: Date
    public var intentAt: Date?
    public var deletedAt: Date?
    public var completedAt: Date?
    /// How many times an intent to delete was recorded, which bounds the `DELETE` calls sent.
    public var deleteCalls: Int

    /// A new entry in state ``State/received``.
    public init(
        requestKey: String,
        requestID: String? = nil,
        messageID: String? = nil,
        correlationID: String? = nil,
        organizationID: String? = nil,
        organizationName: String? = nil,
        requestedBy: String? = nil,
        publisher: String? = nil,
        reason: String? = nil,
        receivedAt: Date = Date()
    ) {
        self.requestKey = requestKey
        self.requestID = requestID
        self.messageID = messageID
        self.correlationID = correlationID
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.requestedBy = requestedBy
        self.publisher = publisher
        self.reason = reason
        self.decision = nil
        self.counts = nil
        self.state = .received
        self.outcome = nil
        self.resultJSON = nil
        self.receivedAt = receivedAt
        self.intentAt = nil
        self.deletedAt = nil
        self.completedAt = nil
        self.deleteCalls = 0
    }

    /// True when a deletion may have happened: an intent was recorded (so a `DELETE` may have been sent)
    /// and the request did not end in another outcome. A redelivered request in this state must not
    /// delete again; it answers `deleted: true`.
    public var isDeletionRecorded: Bool {
        switch self.state {
        case .received: false
        case .intentRecorded, .deleted: true
        case .completed: self.outcome == "deleted"
        }
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey {
        case requestKey = "request_key"
        case requestID = "request_id"
        case messageID = "message_id"
        case correlationID = "correlation_id"
        case organizationID = "organization_id"
        case organizationName = "organization_name"
        case requestedBy = "requested_by"
        case publisher
        case reason
        case decision
        case counts
        case state
        case outcome
        case resultJSON = "result_json"
        case receivedAt = "received_at"
        case intentAt = "intent_at"
        case deletedAt = "deleted_at"
        case completedAt = "completed_at"
        case deleteCalls = "delete_calls"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.requestKey = try container.decode(String.self, forKey: .requestKey)
        self.requestID = try container.decodeIfPresent(String.self, forKey: .requestID)
        self.messageID = try container.decodeIfPresent(String.self, forKey: .messageID)
        self.correlationID = try container.decodeIfPresent(String.self, forKey: .correlationID)
        self.organizationID = try container.decodeIfPresent(String.self, forKey: .organizationID)
        self.organizationName = try container.decodeIfPresent(String.self, forKey: .organizationName)
        self.requestedBy = try container.decodeIfPresent(String.self, forKey: .requestedBy)
        self.publisher = try container.decodeIfPresent(String.self, forKey: .publisher)
        self.reason = try container.decodeIfPresent(String.self, forKey: .reason)
        self.decision = try container.decodeIfPresent(String.self, forKey: .decision)
        self.counts = try container.decodeIfPresent(DependencyCounts.self, forKey: .counts)
        self.state = try container.decode(State.self, forKey: .state)
        self.outcome = try container.decodeIfPresent(String.self, forKey: .outcome)
        self.resultJSON = try container.decodeIfPresent(String.self, forKey: .resultJSON)
        guard let receivedAt = try UTCTimestamp.decode(container, forKey: .receivedAt) else {
            throw DecodingError.keyNotFound(
                CodingKeys.receivedAt,
                .init(codingPath: container.codingPath, debugDescription: "received_at is required")
            )
        }
        self.receivedAt = receivedAt
        self.intentAt = try UTCTimestamp.decode(container, forKey: .intentAt)
        self.deletedAt = try UTCTimestamp.decode(container, forKey: .deletedAt)
        self.completedAt = try UTCTimestamp.decode(container, forKey: .completedAt)
        self.deleteCalls = try container.decodeIfPresent(Int.self, forKey: .deleteCalls) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.requestKey, forKey: .requestKey)
        try container.encodeIfPresent(self.requestID, forKey: .requestID)
        try container.encodeIfPresent(self.messageID, forKey: .messageID)
        try container.encodeIfPresent(self.correlationID, forKey: .correlationID)
        try container.encodeIfPresent(self.organizationID, forKey: .organizationID)
        try container.encodeIfPresent(self.organizationName, forKey: .organizationName)
        try container.encodeIfPresent(self.requestedBy, forKey: .requestedBy)
        try container.encodeIfPresent(self.publisher, forKey: .publisher)
        try container.encodeIfPresent(self.reason, forKey: .reason)
        try container.encodeIfPresent(self.decision, forKey: .decision)
        try container.encodeIfPresent(self.counts, forKey: .counts)
        try container.encode(self.state, forKey: .state)
        try container.encodeIfPresent(self.outcome, forKey: .outcome)
        try container.encodeIfPresent(self.resultJSON, forKey: .resultJSON)
        try container.encode(UTCTimestamp.string(from: self.receivedAt), forKey: .receivedAt)
        try container.encodeIfPresent(self.intentAt.map(UTCTimestamp.string(from:)), forKey: .intentAt)
        try container.encodeIfPresent(self.deletedAt.map(UTCTimestamp.string(from:)), forKey: .deletedAt)
        try container.encodeIfPresent(self.completedAt.map(UTCTimestamp.string(from:)), forKey: .completedAt)
        try container.encode(self.deleteCalls, forKey: .deleteCalls)
    }
}
