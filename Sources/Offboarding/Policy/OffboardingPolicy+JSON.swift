import JSONSchema

// The JSON form of the policy (schemas/policy.schema.json): snake_case keys, durations in whole seconds.
// Reading takes a document the bundled schema has validated (see OffboardingPolicy+Loading.swift), so it only
// maps members to fields; an absent member takes its default, which the tests check equals the schema's.

extension OffboardingPolicy: Encodable {
    fileprivate enum CodingKeys: String, CodingKey {
        case protection = "protected"
        case deletableStatuses = "deletable_statuses"
        case isPSASyncedAllowed = "allow_psa_synced"
        case limits
        case mode
        case softDelete = "soft_delete"
        case archive
        case allowedPublishers = "allowed_publishers"
        case isApprovalRequired = "require_approval"
        case approvers
        case approvalTTLSeconds = "approval_ttl_seconds"
        case verification
    }

    /// Builds the policy from a document that validates against ``BundledSchemas/policy``.
    init(validated document: JSONValue) throws(PolicyError) {
        try self.init(reading: PolicyObject(document, at: ""))
    }

    fileprivate init(reading object: PolicyObject<CodingKeys>) throws(PolicyError) {
        let defaults = OffboardingPolicy()
        // `$schema` (allowed by the schema so that editors find it) has no effect.
        self.protection = try object.section(.protection, Protection.init(reading:)) ?? defaults.protection
        self.deletableStatuses = try object.strings(.deletableStatuses)
        self.isPSASyncedAllowed = try object.bool(.isPSASyncedAllowed) ?? defaults.isPSASyncedAllowed
        self.limits = try object.section(.limits, Limits.init(reading:)) ?? defaults.limits
        self.mode = try object.value(.mode) { $0.stringValue.flatMap(Mode.init(rawValue:)) } ?? defaults.mode
        self.softDelete = try object.section(.softDelete, SoftDelete.init(reading:)) ?? defaults.softDelete
        self.archive = try object.section(.archive, Archive.init(reading:)) ?? defaults.archive
        self.allowedPublishers = try object.strings(.allowedPublishers)
        self.isApprovalRequired = try object.bool(.isApprovalRequired) ?? defaults.isApprovalRequired
        self.approvers = try object.strings(.approvers) ?? defaults.approvers
        self.approvalTTL = try object.seconds(.approvalTTLSeconds) ?? defaults.approvalTTL
        self.verification = try object.section(.verification, Verification.init(reading:)) ?? defaults.verification
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.protection, forKey: .protection)
        try container.encodeExplicitly(self.deletableStatuses, forKey: .deletableStatuses)
        try container.encode(self.isPSASyncedAllowed, forKey: .isPSASyncedAllowed)
        try container.encode(self.limits, forKey: .limits)
        try container.encode(self.mode, forKey: .mode)
        try container.encode(self.softDelete, forKey: .softDelete)
        try container.encode(self.archive, forKey: .archive)
        try container.encodeExplicitly(self.allowedPublishers, forKey: .allowedPublishers)
        try container.encode(self.isApprovalRequired, forKey: .isApprovalRequired)
        try container.encode(self.approvers, forKey: .approvers)
        try container.encode(self.approvalTTL.wholeSeconds, forKey: .approvalTTLSeconds)
        try container.encode(self.verification, forKey: .verification)
    }
}

extension OffboardingPolicy.Protection: Encodable {
    fileprivate enum CodingKeys: String, CodingKey {
        case organizationIDs = "organization_ids"
        case organizationNames = "organization_names"
        case organizationTypes = "organization_types"
    }

    fileprivate init(reading object: PolicyObject<CodingKeys>) throws(PolicyError) {
        self.organizationIDs = try object.strings(.organizationIDs) ?? []
        self.organizationNames = try object.strings(.organizationNames) ?? []
        self.organizationTypes = try object.strings(.organizationTypes) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.organizationIDs, forKey: .organizationIDs)
        try container.encode(self.organizationNames, forKey: .organizationNames)
        try container.encode(self.organizationTypes, forKey: .organizationTypes)
    }
}

extension OffboardingPolicy.Limits: Encodable {
    fileprivate enum CodingKeys: String, CodingKey {
        case configurations
        case documents
        case flexibleAssets = "flexible_assets"
        case passwords
        case contacts
        case locations
        case domains
        case isBlockedByChildren = "children_block"
    }

    fileprivate init(reading object: PolicyObject<CodingKeys>) throws(PolicyError) {
        self.configurations = try object.integer(.configurations)
        self.documents = try object.integer(.documents)
        self.flexibleAssets = try object.integer(.flexibleAssets)
        self.passwords = try object.integer(.passwords)
        self.contacts = try object.integer(.contacts)
        self.locations = try object.integer(.locations)
        self.domains = try object.integer(.domains)
        self.isBlockedByChildren = try object.bool(.isBlockedByChildren) ?? true
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeExplicitly(self.configurations, forKey: .configurations)
        try container.encodeExplicitly(self.documents, forKey: .documents)
        try container.encodeExplicitly(self.flexibleAssets, forKey: .flexibleAssets)
        try container.encodeExplicitly(self.passwords, forKey: .passwords)
        try container.encodeExplicitly(self.contacts, forKey: .contacts)
        try container.encodeExplicitly(self.locations, forKey: .locations)
        try container.encodeExplicitly(self.domains, forKey: .domains)
        try container.encode(self.isBlockedByChildren, forKey: .isBlockedByChildren)
    }
}

extension OffboardingPolicy.SoftDelete: Encodable {
    fileprivate enum CodingKeys: String, CodingKey {
        case namePrefix = "name_prefix"
        case statusName = "status_name"
    }

    fileprivate init(reading object: PolicyObject<CodingKeys>) throws(PolicyError) {
        let defaults = Self()
        self.namePrefix = try object.string(.namePrefix) ?? defaults.namePrefix
        self.statusName = try object.string(.statusName) ?? defaults.statusName
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.namePrefix, forKey: .namePrefix)
        try container.encode(self.statusName, forKey: .statusName)
    }
}

extension OffboardingPolicy.Archive: Encodable {
    fileprivate enum CodingKeys: String, CodingKey {
        case isEnabled = "enabled"
        case isITGlueExportEnabled = "itglue_export"
        case exportTimeoutSeconds = "export_timeout_seconds"
    }

    fileprivate init(reading object: PolicyObject<CodingKeys>) throws(PolicyError) {
        let defaults = Self()
        self.isEnabled = try object.bool(.isEnabled) ?? defaults.isEnabled
        self.isITGlueExportEnabled = try object.bool(.isITGlueExportEnabled) ?? defaults.isITGlueExportEnabled
        self.exportTimeout = try object.seconds(.exportTimeoutSeconds) ?? defaults.exportTimeout
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.isEnabled, forKey: .isEnabled)
        try container.encode(self.isITGlueExportEnabled, forKey: .isITGlueExportEnabled)
        try container.encode(self.exportTimeout.wholeSeconds, forKey: .exportTimeoutSeconds)
    }
}

extension OffboardingPolicy.Verification: Encodable {
    fileprivate enum CodingKeys: String, CodingKey {
        case timeoutSeconds = "timeout_seconds"
        case intervalSeconds = "interval_seconds"
    }

    fileprivate init(reading object: PolicyObject<CodingKeys>) throws(PolicyError) {
        let defaults = Self()
        self.timeout = try object.seconds(.timeoutSeconds) ?? defaults.timeout
        self.interval = try object.seconds(.intervalSeconds) ?? defaults.interval
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.timeout.wholeSeconds, forKey: .timeoutSeconds)
        try container.encode(self.interval.wholeSeconds, forKey: .intervalSeconds)
    }
}

extension KeyedEncodingContainer {
    /// Writes `nil` as an explicit `null`, so the printed policy shows "no limit" rather than hiding it.
    fileprivate mutating func encodeExplicitly<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value {
            try self.encode(value, forKey: key)
        } else {
            try self.encodeNil(forKey: key)
        }
    }
}

extension Duration {
    /// The whole seconds of a duration built from `.seconds(_:)`.
    fileprivate var wholeSeconds: Int64 { self.components.seconds }
}
