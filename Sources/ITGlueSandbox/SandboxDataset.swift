public import Foundation

/// Everything an ``ITGlueSandbox`` serves, loadable from a JSON file.
///
/// The file is this struct encoded with `JSONEncoder` (camelCase keys). Ids are strings of digits, as in IT
/// Glue. Only `organizations` is required; every other list may be omitted. Optional fields may be omitted or
/// null. Example:
///
/// ```json
/// {
///   "organizationTypes": [{"id": "86", "name": "Customer"}],
///   "organizationStatuses": [{"id": "68", "name": "Active"}],
///   "organizations": [
///     {"id": "1000", "name": "Kraken Techs", "organizationTypeId": 86, "organizationStatusId": 68,
///      "isPrimary": true},
///     {"id": "2", "name": "Happy Frog", "organizationTypeId": 86, "organizationStatusId": 68,
///      "parentId": "1000", "psaIntegrationType": "manage", "psaExternalId": "C-42"}
///   ],
///   "configurations": [{"id": "455", "organizationId": "2", "name": "HF-SF-CJ452JK", "isArchived": false}],
///   "flexibleAssetTypes": [{"id": "1001", "name": "Email"}],
///   "flexibleAssets": [{"id": "7001", "organizationId": "2", "flexibleAssetTypeId": "1001", "name": "M365"}]
/// }
/// ```
///
/// `contacts`, `locations`, `passwords`, `domains`, `documents` and `expirations` take the same record shape
/// as `configurations`.
public struct SandboxDataset: Codable, Sendable, Equatable {
    /// A name with an id: organization types and statuses.
    public struct NamedItem: Codable, Sendable, Equatable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// One organization.
    public struct Organization: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var organizationTypeId: Int
        public var organizationStatusId: Int
        /// Your own company in IT Glue; never deletable.
        public var isPrimary: Bool
        public var shortName: String?
        public var description: String?
        public var alert: String?
        public var quickNotes: String?
        /// The parent organization's id, for a sub-organization.
        public var parentId: String?
        /// The PSA that syncs this organization (e.g. `manage`), or nil when it is not synced.
        public var psaIntegrationType: String?
        /// The organization's id in the PSA; shown as the adapters resource's `external-id`.
        public var psaExternalId: String?
        /// RFC 3339 timestamp. Default: `2024-01-15T10:00:00.000Z`.
        public var createdAt: String
        /// RFC 3339 timestamp. Default: the creation time.
        public var updatedAt: String

        public init(
            id: String,
            name: String,
            organizationTypeId: Int,
            organizationStatusId: Int,
            isPrimary: Bool = false,
            shortName: String? = nil,
            description: String? = nil,
            alert: String? = nil,
            quickNotes: String? = nil,
            parentId: String? = nil,
            psaIntegrationType: String? = nil,
            psaExternalId: String? = nil,
            createdAt: String = SandboxDataset.defaultTimestamp,
            updatedAt: String? = nil
        ) {
            self.id = id
            self.name = name
            self.organizationTypeId = organizationTypeId
            self.organizationStatusId = organizationStatusId
            self.isPrimary = isPrimary
            self.shortName = shortName
            self.description = description
            self.alert = alert
            self.quickNotes = quickNotes
            self.parentId = parentId
            self.psaIntegrationType = psaIntegrationType
            self.psaExternalId = psaExternalId
            self.createdAt = createdAt
            self.updatedAt = updatedAt ?? createdAt
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let createdAt =
                try container.decodeIfPresent(String.self, forKey: .createdAt) ?? SandboxDataset.defaultTimestamp
            self.init(
                id: try container.decode(String.self, forKey: .id),
                name: try container.decode(String.self, forKey: .name),
                organizationTypeId: try container.decode(Int.self, forKey: .organizationTypeId),
                organizationStatusId: try container.decode(Int.self, forKey: .organizationStatusId),
                isPrimary: try container.decodeIfPresent(Bool.self, forKey: .isPrimary) ?? false,
                shortName: try container.decodeIfPresent(String.self, forKey: .shortName),
                description: try container.decodeIfPresent(String.self, forKey: .description),
                alert: try container.decodeIfPresent(String.self, forKey: .alert),
                quickNotes: try container.decodeIfPresent(String.self, forKey: .quickNotes),
                parentId: try container.decodeIfPresent(String.self, forKey: .parentId),
                psaIntegrationType: try container.decodeIfPresent(String.self, forKey: .psaIntegrationType),
                psaExternalId: try container.decodeIfPresent(String.self, forKey: .psaExternalId),
                createdAt: createdAt,
                updatedAt: try container.decodeIfPresent(String.self, forKey: .updatedAt)
            )
        }
    }

    /// A record that belongs to one organization: a configuration, contact, location, password, domain,
    /// document or expiration.
    public struct Record: Codable, Sendable, Equatable {
        public var id: String
        public var organizationId: String
        public var name: String
        /// Only configurations and passwords can be archived; ignored for the other kinds.
        public var isArchived: Bool

        public init(id: String, organizationId: String, name: String, isArchived: Bool = false) {
            self.id = id
            self.organizationId = organizationId
            self.name = name
            self.isArchived = isArchived
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try container.decode(String.self, forKey: .id),
                organizationId: try container.decode(String.self, forKey: .organizationId),
                name: try container.decode(String.self, forKey: .name),
                isArchived: try container.decodeIfPresent(Bool.self, forKey: .isArchived) ?? false
            )
        }
    }

    /// A flexible asset type (a template such as "Email" or "Wireless").
    public struct FlexibleAssetType: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String?

        public init(id: String, name: String, description: String? = nil) {
            self.id = id
            self.name = name
            self.description = description
        }
    }

    /// One flexible asset of an organization.
    public struct FlexibleAsset: Codable, Sendable, Equatable {
        public var id: String
        public var organizationId: String
        public var flexibleAssetTypeId: String
        public var name: String

        public init(id: String, organizationId: String, flexibleAssetTypeId: String, name: String) {
            self.id = id
            self.organizationId = organizationId
            self.flexibleAssetTypeId = flexibleAssetTypeId
            self.name = name
        }
    }

    /// The timestamp used when a record gives none.
    public static let defaultTimestamp = "2024-01-15T10:00:00.000Z"

    public var organizationTypes: [NamedItem]
    public var organizationStatuses: [NamedItem]
    public var organizations: [Organization]
    public var configurations: [Record]
    public var contacts: [Record]
    public var locations: [Record]
    public var passwords: [Record]
    public var domains: [Record]
    public var documents: [Record]
    public var expirations: [Record]
    public var flexibleAssetTypes: [FlexibleAssetType]
    public var flexibleAssets: [FlexibleAsset]

    public init(
        organizationTypes: [NamedItem] = [],
        organizationStatuses: [NamedItem] = [],
        organizations: [Organization] = [],
        configurations: [Record] = [],
        contacts: [Record] = [],
        locations: [Record] = [],
        passwords: [Record] = [],
        domains: [Record] = [],
        documents: [Record] = [],
        expirations: [Record] = [],
        flexibleAssetTypes: [FlexibleAssetType] = [],
        flexibleAssets: [FlexibleAsset] = []
    ) {
        self.organizationTypes = organizationTypes
        self.organizationStatuses = organizationStatuses
        self.organizations = organizations
        self.configurations = configurations
        self.contacts = contacts
        self.locations = locations
        self.passwords = passwords
        self.domains = domains
        self.documents = documents
        self.expirations = expirations
        self.flexibleAssetTypes = flexibleAssetTypes
        self.flexibleAssets = flexibleAssets
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func list<Element: Decodable>(_ key: CodingKeys) throws -> [Element] {
            try container.decodeIfPresent([Element].self, forKey: key) ?? []
        }
        self.init(
            organizationTypes: try list(.organizationTypes),
            organizationStatuses: try list(.organizationStatuses),
            organizations: try container.decode([Organization].self, forKey: .organizations),
            configurations: try list(.configurations),
            contacts: try list(.contacts),
            locations: try list(.locations),
            passwords: try list(.passwords),
            domains: try list(.domains),
            documents: try list(.documents),
            expirations: try list(.expirations),
            flexibleAssetTypes: try list(.flexibleAssetTypes),
            flexibleAssets: try list(.flexibleAssets)
        )
    }

    /// Reads and validates a data set from a JSON file in the format above.
    /// - Throws: A ``SandboxError`` with code `invalidDataset` when the file cannot be read or decoded, or when
    ///   an id is not a string of digits, is duplicated, or a record names an organization that does not exist.
    public static func load(contentsOf url: URL) throws(SandboxError) -> SandboxDataset {
        let dataset: SandboxDataset
        do {
            dataset = try JSONDecoder().decode(SandboxDataset.self, from: Data(contentsOf: url))
        } catch {
            throw SandboxError(code: .invalidDataset, message: "Cannot read data set \(url.path): \(error)")
        }
        try dataset.validate()
        return dataset
    }

    /// Checks the invariants the sandbox relies on.
    /// - Throws: A ``SandboxError`` with code `invalidDataset` naming the first problem.
    public func validate() throws(SandboxError) {
        func check(_ ids: [String], _ kind: String) throws(SandboxError) {
            var seen: Set<String> = []
            for id in ids {
                guard !id.isEmpty, id.utf8.allSatisfy({ (48...57).contains($0) }), Int(id) != nil else {
                    throw SandboxError(code: .invalidDataset, message: "\(kind) id \"\(id)\" is not a number")
                }
                guard seen.insert(id).inserted else {
                    throw SandboxError(code: .invalidDataset, message: "\(kind) id \(id) appears twice")
                }
            }
        }
        try check(self.organizations.map(\.id), "Organization")
        try check(self.organizationTypes.map(\.id), "Organization type")
        try check(self.organizationStatuses.map(\.id), "Organization status")
        try check(self.flexibleAssetTypes.map(\.id), "Flexible asset type")
        try check(self.flexibleAssets.map(\.id), "Flexible asset")
        let organizationIDs = Set(self.organizations.map(\.id))
        for (kind, records) in self.recordLists {
            try check(records.map(\.id), kind)
            if let orphan = records.first(where: { !organizationIDs.contains($0.organizationId) }) {
                throw SandboxError(
                    code: .invalidDataset,
                    message: "\(kind) \(orphan.id) names unknown organization \(orphan.organizationId)"
                )
            }
        }
        if let orphan = self.flexibleAssets.first(where: { !organizationIDs.contains($0.organizationId) }) {
            throw SandboxError(
                code: .invalidDataset,
                message: "Flexible asset \(orphan.id) names unknown organization \(orphan.organizationId)"
            )
        }
        if let orphan = self.organizations.first(where: { $0.parentId.map { !organizationIDs.contains($0) } ?? false })
        {
            throw SandboxError(code: .invalidDataset, message: "Organization \(orphan.id) has an unknown parent")
        }
    }

    private var recordLists: [(String, [Record])] {
        [
            ("Configuration", self.configurations), ("Contact", self.contacts), ("Location", self.locations),
            ("Password", self.passwords), ("Domain", self.domains), ("Document", self.documents),
            ("Expiration", self.expirations),
        ]
    }
}
