/// The error codes of a result (`errors[].code`), fixed by the design's outcomes table.
public struct OffboardingErrorCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// Confirmation missing, protected organization, policy refusal or dependency limits.
    public static let deletionBlocked = OffboardingErrorCode("DeletionBlocked")
    /// No organization with that id or name.
    public static let organizationNotFound = OffboardingErrorCode("OrganizationNotFound")
    /// Missing, malformed or ambiguous identifier.
    public static let invalidIdentifier = OffboardingErrorCode("InvalidIdentifier")
    /// Any other schema violation, or a body that is not JSON.
    public static let invalidRequest = OffboardingErrorCode("InvalidRequest")
    /// IT Glue answered 401 or 403.
    public static let permissionDenied = OffboardingErrorCode("PermissionDenied")
    /// IT Glue unreachable, timing out, 5xx or 429 after every retry.
    public static let itGlueConnectionError = OffboardingErrorCode("ITGlueConnectionError")

    public var description: String { self.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}
