/// An organization as IT Glue describes it.
public struct ITGlueOrganization: Sendable, Hashable, Codable {
    /// IT Glue's id, a string of digits.
    public var id: String
    public var name: String
    /// Whether this is the account's own company. Never delete it.
    public var isPrimary: Bool
    public var organizationTypeID: Int?
    public var organizationTypeName: String?
    public var organizationStatusID: Int?
    public var organizationStatusName: String?
    public var shortName: String?
    /// The direct parent's id, if any.
    public var parentID: String?
    /// Every ancestor's id, parsed from IT Glue's `"[1,6]"` string.
    public var ancestorIDs: [String]
    /// Whether a PSA integration syncs this organization (it has adapters resources).
    ///
    /// Only set by lookups that ask for `include=adapters_resources`; every lookup of this client does.
    public var isPSASynced: Bool
    public var createdAt: String?
    public var updatedAt: String?
    /// The raw `attributes` object as compact JSON with sorted keys, for the archive snapshot.
    public var attributesJSON: String

    public init(
        id: String,
        name: String,
        isPrimary: Bool = false,
        organizationTypeID: Int? = nil,
        organizationTypeName: String? = nil,
        organizationStatusID: Int? = nil,
        organizationStatusName: String? = nil,
        shortName: String? = nil,
        parentID: String? = nil,
        ancestorIDs: [String] = [],
        isPSASynced: Bool = false,
        createdAt: String? = nil,
        updatedAt: String? = nil,
        attributesJSON: String = "{}"
    ) {
        self.id = id
        self.name = name
        self.isPrimary = isPrimary
        self.organizationTypeID = organizationTypeID
        self.organizationTypeName = organizationTypeName
        self.organizationStatusID = organizationStatusID
        self.organizationStatusName = organizationStatusName
        self.shortName = shortName
        self.parentID = parentID
        self.ancestorIDs = ancestorIDs
        self.isPSASynced = isPSASynced
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.attributesJSON = attributesJSON
    }
}
