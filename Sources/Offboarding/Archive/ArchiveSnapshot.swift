public import Foundation

/// What is kept of an organization before it is deleted: its attributes as IT Glue returned them, the ids
/// and names of the records that depend on it, and who asked for the deletion and why.
///
/// JSON keys are snake_case and ``archivedAt`` is an ISO 8601 UTC string, whatever the coder's strategy.
public struct ArchiveSnapshot: Codable, Sendable, Hashable {
    /// One dependent record.
    public struct Record: Codable, Sendable, Hashable {
        /// The record kind, as in the policy's limits: `configurations`, `flexible_assets`, `passwords`, ...
        public var kind: String
        public var id: String
        /// The record's name, when it has one.
        public var name: String?

        public init(kind: String, id: String, name: String?) {
            self.kind = kind
            self.id = id
            self.name = name
        }
    }

    public var organizationID: String
    public var organizationName: String
    /// The organization's JSON:API `attributes` object exactly as IT Glue returned it, so no field is lost
    /// to a model that does not know it.
    public var organizationAttributesJSON: String
    public var dependentRecords: [Record]
    public var counts: DependencyCounts
    public var requestKey: String
    public var requestID: String?
    public var requestedBy: String?
    public var reason: String?
    public var archivedAt: Date
    /// Where IT Glue's own export of the organization can be downloaded, when the policy asked for one.
    public var itglueExportURL: String?

    public init(
        organizationID: String,
        organizationName: String,
        organizationAttributesJSON: String,
        dependentRecords: [Record],
        counts: DependencyCounts,
        requestKey: String,
        requestID: String? = nil,
        requestedBy: String? = nil,
        reason: String? = nil,
        archivedAt: Date = Date(),
        itglueExportURL: String? = nil
    ) {
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.organizationAttributesJSON = organizationAttributesJSON
        self.dependentRecords = dependentRecords
        self.counts = counts
        self.requestKey = requestKey
        self.requestID = requestID
        self.requestedBy = requestedBy
        self.reason = reason
        self.archivedAt = archivedAt
        self.itglueExportURL = itglueExportURL
    }

    private enum CodingKeys: String, CodingKey {
        case organizationID = "organization_id"
        case organizationName = "organization_name"
        case organizationAttributesJSON = "organization_attributes_json"
        case dependentRecords = "dependent_records"
        case counts
        case requestKey = "request_key"
        case requestID = "request_id"
        case requestedBy = "requested_by"
        case reason
        case archivedAt = "archived_at"
        case itglueExportURL = "itglue_export_url"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.organizationID = try container.decode(String.self, forKey: .organizationID)
        self.organizationName = try container.decode(String.self, forKey: .organizationName)
        self.organizationAttributesJSON = try container.decode(String.self, forKey: .organizationAttributesJSON)
        self.dependentRecords = try container.decode([Record].self, forKey: .dependentRecords)
        self.counts = try container.decode(DependencyCounts.self, forKey: .counts)
        self.requestKey = try container.decode(String.self, forKey: .requestKey)
        self.requestID = try container.decodeIfPresent(String.self, forKey: .requestID)
        self.requestedBy = try container.decodeIfPresent(String.self, forKey: .requestedBy)
        self.reason = try container.decodeIfPresent(String.self, forKey: .reason)
        guard let archivedAt = try UTCTimestamp.decode(container, forKey: .archivedAt) else {
            throw DecodingError.keyNotFound(
                CodingKeys.archivedAt,
                .init(codingPath: container.codingPath, debugDescription: "archived_at is required")
            )
        }
        self.archivedAt = archivedAt
        self.itglueExportURL = try container.decodeIfPresent(String.self, forKey: .itglueExportURL)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.organizationID, forKey: .organizationID)
        try container.encode(self.organizationName, forKey: .organizationName)
        try container.encode(self.organizationAttributesJSON, forKey: .organizationAttributesJSON)
        try container.encode(self.dependentRecords, forKey: .dependentRecords)
        try container.encode(self.counts, forKey: .counts)
        try container.encode(self.requestKey, forKey: .requestKey)
        try container.encodeIfPresent(self.requestID, forKey: .requestID)
        try container.encodeIfPresent(self.requestedBy, forKey: .requestedBy)
        try container.encodeIfPresent(self.reason, forKey: .reason)
        try container.encode(UTCTimestamp.string(from: self.archivedAt), forKey: .archivedAt)
        try container.encodeIfPresent(self.itglueExportURL, forKey: .itglueExportURL)
    }
}
