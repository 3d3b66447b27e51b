public import Foundation

/// The result event of one request (`schemas/offboarding-result.schema.json`).
///
/// Exactly the fields of the specification's return data plus the documented extras; a failure leaves
/// out what is unknown (for a body that is not JSON only `success` and `errors` are set).
public struct OffboardingResult: Sendable, Hashable, Codable {
    /// One entry of `errors`.
    public struct Failure: Sendable, Hashable, Codable {
        public var code: OffboardingErrorCode
        public var message: String
        public var timestamp: String

        public init(code: OffboardingErrorCode, message: String, at date: Date = Date()) {
            self.code = code
            self.message = message
            self.timestamp = OffboardingResult.timestamp(date)
        }
    }

    /// `dependency_check`: what depends on the organization and whether the policy's limits block it.
    public struct DependencyCheck: Sendable, Hashable, Codable {
        public var assetsFound: Int
        public var configsFound: Int
        public var documentsFound: Int
        public var passwordsFound: Int?
        public var contactsFound: Int?
        public var locationsFound: Int?
        public var domainsFound: Int?
        public var childOrganizationsFound: Int?
        public var isBlocked: Bool
        public var blockedBy: [String]?

        public init(counts: DependencyCounts, isBlocked: Bool, blockedBy: [String]) {
            self.assetsFound = counts.flexibleAssets
            self.configsFound = counts.configurations
            self.documentsFound = counts.documents
            self.passwordsFound = counts.passwords
            self.contactsFound = counts.contacts
            self.locationsFound = counts.locations
            self.domainsFound = counts.domains
            self.childOrganizationsFound = counts.childOrganizations
            self.isBlocked = isBlocked
            self.blockedBy = blockedBy.isEmpty ? nil : blockedBy
        }

        enum CodingKeys: String, CodingKey {
            case assetsFound = "assets_found"
            case configsFound = "configs_found"
            case documentsFound = "documents_found"
            case passwordsFound = "passwords_found"
            case contactsFound = "contacts_found"
            case locationsFound = "locations_found"
            case domainsFound = "domains_found"
            case childOrganizationsFound = "child_organizations_found"
            case isBlocked = "blocked"
            case blockedBy = "blocked_by"
        }
    }

    /// The routing outcome: `offboarding.result.<outcome>`.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        case deleted
        case dryRun = "dry_run"
        case blocked
        case failed
    }

    public var isSuccess: Bool
    public var organizationID: String?
    public var organizationName: String?
    public var isDeleted: Bool?
    public var timestamp: String?
    public var dependencyCheck: DependencyCheck?
    public var warnings: [String]?
    public var errors: [Failure]
    public var requestID: String?
    public var isDryRun: Bool?
    public var reason: String?
    public var isSoftDeleted: Bool?
    public var isApprovalPending: Bool?

    /// A failure that knows nothing about the organization.
    public static func failure(
        _ code: OffboardingErrorCode,
        _ message: String,
        requestID: String? = nil,
        at date: Date = Date()
    ) -> OffboardingResult {
        var result = OffboardingResult(isSuccess: false, errors: [Failure(code: code, message: message, at: date)])
        result.requestID = requestID
        return result
    }

    public init(isSuccess: Bool, errors: [Failure] = []) {
        self.isSuccess = isSuccess
        self.errors = errors
    }

    public var outcome: Outcome {
        if self.isDeleted == true || self.isSoftDeleted == true { return .deleted }
        if self.isSuccess { return .dryRun }
        return self.errors.contains { $0.code == .deletionBlocked } ? .blocked : .failed
    }

    /// Compact JSON with sorted keys, the exact bytes published.
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, integers and booleans cannot fail.
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// ISO 8601 UTC without fractional seconds, as in the specification's examples.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    enum CodingKeys: String, CodingKey {
        case isSuccess = "success"
        case organizationID = "org_id"
        case organizationName = "org_name"
        case isDeleted = "deleted"
        case timestamp
        case dependencyCheck = "dependency_check"
        case warnings
        case errors
        case requestID = "request_id"
        case isDryRun = "dry_run"
        case reason
        case isSoftDeleted = "soft_deleted"
        case isApprovalPending = "approval_pending"
    }
}
