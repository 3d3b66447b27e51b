/// One reason the policy refuses a deletion.
public struct PolicyViolation: Sendable, Hashable, Codable {
    /// The rule that was broken. Raw values are snake_case, for results and the audit log.
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// `confirm_delete` was not true.
        case notConfirmed = "not_confirmed"
        /// The organization is IT Glue's primary one (your own company).
        case primaryOrganization = "primary_organization"
        /// The id is in `protected.organization_ids`.
        case protectedID = "protected_id"
        /// The name is in `protected.organization_names`.
        case protectedName = "protected_name"
        /// The type is in `protected.organization_types`.
        case protectedType = "protected_type"
        /// The status is not in `deletable_statuses`.
        case status
        /// The organization is PSA-synced and `allow_psa_synced` is false.
        case psaSynced = "psa_synced"
        /// More dependent records of one kind than `limits` allows.
        case dependencyLimit = "dependency_limit"
        /// The organization has child organizations and `limits.children_block` is true.
        case childOrganizations = "child_organizations"
        /// The publisher (AMQP `user_id`) is missing or not in `allowed_publishers`.
        case publisherNotAllowed = "publisher_not_allowed"
    }

    public var rule: Rule
    /// Human text, e.g. `configurations: 140 found, limit 100`.
    public var message: String
    /// The dependency kind for ``Rule/dependencyLimit`` and ``Rule/childOrganizations``, as in the policy's
    /// `limits` keys (`configurations`, `flexible_assets`, `child_organizations`, ...).
    public var kind: String?
    /// How many records of ``kind`` were found.
    public var found: Int?
    /// The limit that was exceeded (0 for child organizations).
    public var limit: Int?

    public init(rule: Rule, message: String, kind: String? = nil, found: Int? = nil, limit: Int? = nil) {
        self.rule = rule
        self.message = message
        self.kind = kind
        self.found = found
        self.limit = limit
    }
}
