/// How many records of each kind depend on an organization, as counted before a deletion.
///
/// JSON keys are snake_case (`flexible_assets`, `child_organizations`); a missing key decodes as 0.
public struct DependencyCounts: Sendable, Hashable, Codable {
    public var configurations: Int
    public var contacts: Int
    public var locations: Int
    public var passwords: Int
    public var domains: Int
    public var documents: Int
    /// Flexible assets; the result's `assets_found`.
    public var flexibleAssets: Int
    /// Organizations whose parent is this one.
    public var childOrganizations: Int

    public init(
        configurations: Int = 0,
        contacts: Int = 0,
        locations: Int = 0,
        passwords: Int = 0,
        domains: Int = 0,
        documents: Int = 0,
        flexibleAssets: Int = 0,
        childOrganizations: Int = 0
    ) {
        self.configurations = configurations
        self.contacts = contacts
        self.locations = locations
        self.passwords = passwords
        self.domains = domains
        self.documents = documents
        self.flexibleAssets = flexibleAssets
        self.childOrganizations = childOrganizations
    }

    private enum CodingKeys: String, CodingKey {
        case configurations
        case contacts
        case locations
        case passwords
        case domains
        case documents
        case flexibleAssets = "flexible_assets"
        case childOrganizations = "child_organizations"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.configurations = try container.decodeIfPresent(Int.self, forKey: .configurations) ?? 0
        self.contacts = try container.decodeIfPresent(Int.self, forKey: .contacts) ?? 0
        self.locations = try container.decodeIfPresent(Int.self, forKey: .locations) ?? 0
        self.passwords = try container.decodeIfPresent(Int.self, forKey: .passwords) ?? 0
        self.domains = try container.decodeIfPresent(Int.self, forKey: .domains) ?? 0
        self.documents = try container.decodeIfPresent(Int.self, forKey: .documents) ?? 0
        self.flexibleAssets = try container.decodeIfPresent(Int.self, forKey: .flexibleAssets) ?? 0
        self.childOrganizations = try container.decodeIfPresent(Int.self, forKey: .childOrganizations) ?? 0
    }
}
