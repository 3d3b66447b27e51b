public import Foundation

/// A request waiting for an approval message that names its `request_id`.
public struct PendingApproval: Sendable, Hashable, Codable {
    /// The request's `request_id`, which the approval message names.
    public var requestID: String
    /// The request's audit key.
    public var requestKey: String
    /// The original request body, replayed when the approval arrives.
    public var requestJSON: String
    public var createdAt: Date
    /// After this instant the approval is refused.
    public var expiresAt: Date

    public init(requestID: String, requestKey: String, requestJSON: String, createdAt: Date, expiresAt: Date) {
        self.requestID = requestID
        self.requestKey = requestKey
        self.requestJSON = requestJSON
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    private enum CodingKeys: String, CodingKey {
        case requestID = "request_id"
        case requestKey = "request_key"
        case requestJSON = "request_json"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.requestID = try container.decode(String.self, forKey: .requestID)
        self.requestKey = try container.decode(String.self, forKey: .requestKey)
        self.requestJSON = try container.decode(String.self, forKey: .requestJSON)
        guard let createdAt = try UTCTimestamp.decode(container, forKey: .createdAt),
            let expiresAt = try UTCTimestamp.decode(container, forKey: .expiresAt)
        else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: container.codingPath, debugDescription: "created_at and expires_at are required")
            )
        }
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.requestID, forKey: .requestID)
        try container.encode(self.requestKey, forKey: .requestKey)
        try container.encode(self.requestJSON, forKey: .requestJSON)
        try container.encode(UTCTimestamp.string(from: self.createdAt), forKey: .createdAt)
        try container.encode(UTCTimestamp.string(from: self.expiresAt), forKey: .expiresAt)
    }
}
