/// The rules that decide whether an organization may be offboarded, and how.
///
/// Loaded from the JSON file named by `OFFBOARD_POLICY` (see `schemas/policy.schema.json`) with
/// ``load(contentsOf:)``, or ``builtInDefault`` when no file is configured. The schema is the definition of a
/// valid policy: a document that does not validate against it (an unknown key, a wrong type, a negative number)
/// is a ``PolicyError`` naming its JSON Pointer, so a typo can never weaken the policy silently.
/// ``evaluate(_:request:)`` applies it to one organization.
public struct OffboardingPolicy: Sendable, Hashable {
    /// Organizations that are never deleted, even with `force_delete`. The primary organization is always
    /// protected in addition to these. Default: ``Protection/builtInDefault``.
    public var protection: Protection
    /// Organization status names that may be deleted; `nil` means any status. Default: `nil`.
    public var deletableStatuses: [String]?
    /// Whether organizations synced from a PSA may be deleted. Default: `false`.
    public var isPSASyncedAllowed: Bool
    /// Limits on dependent records. Default: ``Limits/builtInDefault``.
    public var limits: Limits
    /// Whether an allowed organization is deleted or only marked. Default: ``Mode/delete``.
    public var mode: Mode
    /// How ``Mode/softDelete`` marks an organization. Default: ``SoftDelete/init()``.
    public var softDelete: SoftDelete
    /// The snapshot written before a deletion. Default: ``Archive/init()``.
    public var archive: Archive
    /// AMQP `user_id` values whose requests are obeyed; `nil` means anyone. When set, a request without a
    /// `user_id` is refused. Default: `nil`.
    public var allowedPublishers: [String]?
    /// Whether a deletion waits for an approval message naming its `request_id`. Default: `false`.
    public var isApprovalRequired: Bool
    /// AMQP `user_id` values allowed to approve. Default: empty.
    public var approvers: [String]
    /// How long a pending approval stays valid. Default: 24 hours.
    public var approvalTTL: Duration
    /// Polling after the `DELETE` until the organization is gone. Default: ``Verification/init()``.
    public var verification: Verification

    /// A policy with every field at its default, the same as ``builtInDefault``.
    public init() {
        self.protection = .builtInDefault
        self.deletableStatuses = nil
        self.isPSASyncedAllowed = false
        self.limits = .builtInDefault
        self.mode = .delete
        self.softDelete = SoftDelete()
        self.archive = Archive()
        self.allowedPublishers = nil
        self.isApprovalRequired = false
        self.approvers = []
        self.approvalTTL = .seconds(86_400)
        self.verification = Verification()
    }

    /// The policy used when `OFFBOARD_POLICY` is not set.
    ///
    /// It protects the primary organization and the types "Owner" and "Internal", refuses PSA-synced
    /// organizations, lets child organizations block, and caps each dependency kind generously (for example
    /// 100 configurations, 200 documents, 200 flexible assets), so an ordinary client is deleted and an
    /// unusually large one needs `force_delete`.
    public static let builtInDefault = OffboardingPolicy()
}

// MARK: - Sections

extension OffboardingPolicy {
    /// Organizations protected by the policy file (the primary organization is protected regardless).
    public struct Protection: Sendable, Hashable {
        /// Organization ids (digit strings); compared numerically, so "0123" protects "123". Default: empty.
        public var organizationIDs: [String]
        /// Organization names; compared ignoring case and surrounding white space. Default: empty.
        public var organizationNames: [String]
        /// Organization type names such as "Owner" or "Internal"; compared ignoring case. Default: empty.
        public var organizationTypes: [String]

        public init(
            organizationIDs: [String] = [],
            organizationNames: [String] = [],
            organizationTypes: [String] = []
        ) {
            self.organizationIDs = organizationIDs
            self.organizationNames = organizationNames
            self.organizationTypes = organizationTypes
        }

        /// Protects the types "Owner" and "Internal"; used when the policy has no `protected` object.
        public static let builtInDefault = Protection(organizationTypes: ["Owner", "Internal"])
    }

    /// Upper bounds on dependent records; `nil` means no limit, 0 means none allowed. `force_delete`
    /// bypasses them.
    public struct Limits: Sendable, Hashable {
        public var configurations: Int?
        public var documents: Int?
        public var flexibleAssets: Int?
        public var passwords: Int?
        public var contacts: Int?
        public var locations: Int?
        public var domains: Int?
        /// Whether any child organization blocks the deletion. Default: `true`.
        public var isBlockedByChildren: Bool

        /// No limit on any kind; child organizations block.
        public init(
            configurations: Int? = nil,
            documents: Int? = nil,
            flexibleAssets: Int? = nil,
            passwords: Int? = nil,
            contacts: Int? = nil,
            locations: Int? = nil,
            domains: Int? = nil,
            isBlockedByChildren: Bool = true
        ) {
            self.configurations = configurations
            self.documents = documents
            self.flexibleAssets = flexibleAssets
            self.passwords = passwords
            self.contacts = contacts
            self.locations = locations
            self.domains = domains
            self.isBlockedByChildren = isBlockedByChildren
        }

        /// The limits used when the policy has no `limits` object.
        public static let builtInDefault = Limits(
            configurations: 100,
            documents: 200,
            flexibleAssets: 200,
            passwords: 50,
            contacts: 200,
            locations: 50,
            domains: 50,
            isBlockedByChildren: true
        )
    }

    /// What happens to an organization the policy allows.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        /// `DELETE /organizations` with the organization's id.
        case delete
        /// Rename with a prefix and set a status through `PATCH`; nothing is deleted.
        case softDelete = "soft_delete"
    }

    /// How ``Mode/softDelete`` marks an organization.
    public struct SoftDelete: Sendable, Hashable {
        /// Put in front of the organization's name. Default: `"[OFFBOARDED] "`.
        public var namePrefix: String
        /// The organization status to set. Default: `"Inactive"`.
        public var statusName: String

        public init(namePrefix: String = "[OFFBOARDED] ", statusName: String = "Inactive") {
            self.namePrefix = namePrefix
            self.statusName = statusName
        }
    }

    /// The snapshot written to `OFFBOARD_STATE_DIR` before a deletion.
    public struct Archive: Sendable, Hashable {
        /// Whether the snapshot is written. Default: `true`.
        public var isEnabled: Bool
        /// Whether IT Glue's own export of the organization is requested first. Default: `false`.
        public var isITGlueExportEnabled: Bool
        /// How long to wait for IT Glue's export. Default: 10 minutes.
        public var exportTimeout: Duration

        public init(
            isEnabled: Bool = true,
            isITGlueExportEnabled: Bool = false,
            exportTimeout: Duration = .seconds(600)
        ) {
            self.isEnabled = isEnabled
            self.isITGlueExportEnabled = isITGlueExportEnabled
            self.exportTimeout = exportTimeout
        }
    }

    /// Bounded polling after the `DELETE`, because IT Glue removes organizations asynchronously.
    public struct Verification: Sendable, Hashable {
        /// How long to poll before reporting the organization as still visible. Default: 30 seconds.
        public var timeout: Duration
        /// The pause between two polls. Default: 2 seconds.
        public var interval: Duration

        public init(timeout: Duration = .seconds(30), interval: Duration = .seconds(2)) {
            self.timeout = timeout
            self.interval = interval
        }
    }
}
