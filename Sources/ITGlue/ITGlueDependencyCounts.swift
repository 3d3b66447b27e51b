/// How many records hang off an organization, from cheap `page[size]=1` counts.
public struct ITGlueDependencyCounts: Sendable, Hashable, Codable {
    public var configurations: Int
    public var contacts: Int
    public var locations: Int
    public var passwords: Int
    public var domains: Int
    public var documents: Int
    /// The sum of ``flexibleAssetsByType``.
    public var flexibleAssets: Int
    /// Flexible asset type name → count, for types with at least one asset in the organization.
    public var flexibleAssetsByType: [String: Int]

    public init(
        configurations: Int = 0,
        contacts: Int = 0,
        locations: Int = 0,
        passwords: Int = 0,
        domains: Int = 0,
        documents: Int = 0,
        flexibleAssetsByType: [String: Int] = [:]
    ) {
        self.configurations = configurations
        self.contacts = contacts
        self.locations = locations
        self.passwords = passwords
        self.domains = domains
        self.documents = documents
        self.flexibleAssets = flexibleAssetsByType.values.reduce(0, +)
        self.flexibleAssetsByType = flexibleAssetsByType
    }

    /// Every record counted, flexible assets included.
    public var total: Int {
        self.configurations + self.contacts + self.locations + self.passwords + self.domains + self.documents
            + self.flexibleAssets
    }

    /// The count of one nested route by its name (`"configurations"`, …); nil for an unknown name.
    func count(of kind: String) -> Int? {
        switch kind {
        case "configurations": self.configurations
        case "contacts": self.contacts
        case "locations": self.locations
        case "passwords": self.passwords
        case "domains": self.domains
        case "documents": self.documents
        default: nil
        }
    }
}
