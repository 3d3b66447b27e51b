// The JSON form of the policy (schemas/policy.schema.json): snake_case keys, durations in whole seconds.
// Decoding is strict (see Decoder+StrictPolicy.swift); an absent member takes its documented default.

extension OffboardingPolicy: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case schema = "$schema"
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

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictPolicyContainer(keyedBy: CodingKeys.self)
        let defaults = OffboardingPolicy()
        // `$schema` lets editors find the schema; it must be a string but has no effect.
        _ = try container.strictValue(String.self, forKey: .schema, expected: "a string")
        self.protection =
            try container.strictValue(Protection.self, forKey: .protection, expected: "an object")
            ?? defaults.protection
        self.deletableStatuses = try container.strictStrings(forKey: .deletableStatuses, isNullable: true)
        self.isPSASyncedAllowed =
            try container.strictValue(Bool.self, forKey: .isPSASyncedAllowed, expected: "a boolean")
            ?? defaults.isPSASyncedAllowed
        self.limits = try container.strictValue(Limits.self, forKey: .limits, expected: "an object") ?? defaults.limits
        self.mode =
            try container.strictValue(Mode.self, forKey: .mode, expected: "\"delete\" or \"soft_delete\"")
            ?? defaults.mode
        self.softDelete =
            try container.strictValue(SoftDelete.self, forKey: .softDelete, expected: "an object")
            ?? defaults.softDelete
        self.archive =
            try container.strictValue(Archive.self, forKey: .archive, expected: "an object") ?? defaults.archive
        self.allowedPublishers = try container.strictStrings(forKey: .allowedPublishers, isNullable: true)
        self.isApprovalRequired =
            try container.strictValue(Bool.self, forKey: .isApprovalRequired, expected: "a boolean")
            ?? defaults.isApprovalRequired
        self.approvers = try container.strictStrings(forKey: .approvers) ?? defaults.approvers
        self.approvalTTL =
            try container.strictInteger(forKey: .approvalTTLSeconds, minimum: 1).map { .seconds($0) }
            ?? defaults.approvalTTL
        self.verification =
            try container.strictValue(Verification.self, forKey: .verification, expected: "an object")
            ?? defaults.verification
        if self.isApprovalRequired && self.approvers.isEmpty {
            throw PolicyError.invalid(
                at: decoder.codingPath + [CodingKeys.approvers],
                "must name at least one approver when require_approval is true"
            )
        }
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

extension OffboardingPolicy.Protection: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case organizationIDs = "organization_ids"
        case organizationNames = "organization_names"
        case organizationTypes = "organization_types"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictPolicyContainer(keyedBy: CodingKeys.self)
        self.organizationIDs = try container.strictStrings(forKey: .organizationIDs, isDigitsOnly: true) ?? []
        self.organizationNames = try container.strictStrings(forKey: .organizationNames) ?? []
        self.organizationTypes = try container.strictStrings(forKey: .organizationTypes) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.organizationIDs, forKey: .organizationIDs)
        try container.encode(self.organizationNames, forKey: .organizationNames)
        try container.encode(self.organizationTypes, forKey: .organizationTypes)
    }
}

extension OffboardingPolicy.Limits: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case configurations
        case documents
        case flexibleAssets = "flexible_assets"
        case passwords
        case contacts
        case locations
        case domains
        case isBlockedByChildren = "children_block"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictPolicyContainer(keyedBy: CodingKeys.self)
        self.configurations = try container.strictInteger(forKey: .configurations, minimum: 0, isNullable: true)
        self.documents = try container.strictInteger(forKey: .documents, minimum: 0, isNullable: true)
        self.flexibleAssets = try container.strictInteger(forKey: .flexibleAssets, minimum: 0, isNullable: true)
        self.passwords = try container.strictInteger(forKey: .passwords, minimum: 0, isNullable: true)
        self.contacts = try container.strictInteger(forKey: .contacts, minimum: 0, isNullable: true)
        self.locations = try container.strictInteger(forKey: .locations, minimum: 0, isNullable: true)
        self.domains = try container.strictInteger(forKey: .domains, minimum: 0, isNullable: true)
        self.isBlockedByChildren =
            try container.strictValue(Bool.self, forKey: .isBlockedByChildren, expected: "a boolean") ?? true
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

extension OffboardingPolicy.SoftDelete: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case namePrefix = "name_prefix"
        case statusName = "status_name"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictPolicyContainer(keyedBy: CodingKeys.self)
        let defaults = Self()
        self.namePrefix =
            try container.strictValue(String.self, forKey: .namePrefix, expected: "a string") ?? defaults.namePrefix
        self.statusName =
            try container.strictValue(String.self, forKey: .statusName, expected: "a string") ?? defaults.statusName
        if self.statusName.isEmpty {
            throw PolicyError.invalid(at: decoder.codingPath + [CodingKeys.statusName], "must not be empty")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.namePrefix, forKey: .namePrefix)
        try container.encode(self.statusName, forKey: .statusName)
    }
}

extension OffboardingPolicy.Archive: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case isEnabled = "enabled"
        case isITGlueExportEnabled = "itglue_export"
        case exportTimeoutSeconds = "export_timeout_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictPolicyContainer(keyedBy: CodingKeys.self)
        let defaults = Self()
        self.isEnabled =
            try container.strictValue(Bool.self, forKey: .isEnabled, expected: "a boolean") ?? defaults.isEnabled
        self.isITGlueExportEnabled =
            try container.strictValue(Bool.self, forKey: .isITGlueExportEnabled, expected: "a boolean")
            ?? defaults.isITGlueExportEnabled
        self.exportTimeout =
            try container.strictInteger(forKey: .exportTimeoutSeconds, minimum: 1).map { .seconds($0) }
            ?? defaults.exportTimeout
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.isEnabled, forKey: .isEnabled)
        try container.encode(self.isITGlueExportEnabled, forKey: .isITGlueExportEnabled)
        try container.encode(self.exportTimeout.wholeSeconds, forKey: .exportTimeoutSeconds)
    }
}

extension OffboardingPolicy.Verification: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case timeoutSeconds = "timeout_seconds"
        case intervalSeconds = "interval_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictPolicyContainer(keyedBy: CodingKeys.self)
        let defaults = Self()
        self.timeout =
            try container.strictInteger(forKey: .timeoutSeconds, minimum: 0).map { .seconds($0) } ?? defaults.timeout
        self.interval =
            try container.strictInteger(forKey: .intervalSeconds, minimum: 1).map { .seconds($0) }
            ?? defaults.interval
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
