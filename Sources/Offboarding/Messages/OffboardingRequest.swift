/// One validated offboarding request (`schemas/offboarding-request.schema.json`).
public struct OffboardingRequest: Sendable, Hashable, Codable {
    /// IT Glue organization id, digits only (an integer `org_id` is carried as its decimal text).
    public var organizationID: String?
    /// Exact organization name.
    public var organizationName: String?
    /// `confirm_delete`: without it nothing is deleted.
    public var isConfirmed: Bool
    /// `dry_run`: resolve and check, delete nothing.
    public var isDryRun: Bool
    /// `force_delete`: bypass dependency limits (never protection, statuses or confirmation).
    public var isForced: Bool
    public var reason: String?
    public var requestID: String?
    public var requestedBy: String?

    public init(
        organizationID: String? = nil,
        organizationName: String? = nil,
        isConfirmed: Bool = false,
        isDryRun: Bool = false,
        isForced: Bool = false,
        reason: String? = nil,
        requestID: String? = nil,
        requestedBy: String? = nil
    ) {
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.isConfirmed = isConfirmed
        self.isDryRun = isDryRun
        self.isForced = isForced
        self.reason = reason
        self.requestID = requestID
        self.requestedBy = requestedBy
    }

    enum CodingKeys: String, CodingKey {
        case organizationID = "org_id"
        case organizationName = "org_name"
        case isConfirmed = "confirm_delete"
        case isDryRun = "dry_run"
        case isForced = "force_delete"
        case reason
        case requestID = "request_id"
        case requestedBy = "requested_by"
    }
}
