/// The organization a policy is evaluated for, as resolved from IT Glue.
public struct PolicySubject: Sendable, Hashable {
    /// The IT Glue organization id (digits).
    public var organizationID: String
    public var name: String
    /// IT Glue's `primary` attribute: your own company, which is never deleted.
    public var isPrimary: Bool
    /// `organization-type-name`, e.g. "Customer" or "Owner".
    public var typeName: String?
    /// `organization-status-name`, e.g. "Active" or "Inactive".
    public var statusName: String?
    /// Whether the organization is synced from a PSA (it has PSA adapter resources).
    public var isPSASynced: Bool
    /// The dependent records found.
    public var counts: DependencyCounts

    public init(
        organizationID: String,
        name: String,
        isPrimary: Bool,
        typeName: String?,
        statusName: String?,
        isPSASynced: Bool,
        counts: DependencyCounts
    ) {
        self.organizationID = organizationID
        self.name = name
        self.isPrimary = isPrimary
        self.typeName = typeName
        self.statusName = statusName
        self.isPSASynced = isPSASynced
        self.counts = counts
    }
}
