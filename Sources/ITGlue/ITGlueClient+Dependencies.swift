import JSONSchema

extension ITGlueClient {
    /// The nested routes counted for every organization (`/organizations/:id/relationships/<kind>`).
    static let nestedKinds = ["configurations", "contacts", "locations", "passwords", "domains", "documents"]

    /// How many records depend on the organization.
    ///
    /// One `page[size]=1` request per nested route (reading `meta.total-count`), plus one per flexible asset type
    /// (`GET /flexible_assets?filter[flexible_asset_type_id]=T&filter[organization_id]=ID`). The types are listed
    /// once and reused for ``ITGlueConfiguration/flexibleAssetTypesTTL``. Requests run concurrently, at most
    /// ``ITGlueConfiguration/maximumConcurrentRequests`` at a time, all through the rate limiter.
    public func dependencyCounts(organizationID: String) async throws -> ITGlueDependencyCounts {
        try Self.validate(id: organizationID)
        let types = try await self.flexibleAssetTypes()
        enum Job: Sendable {
            case nested(String)
            case flexible(FlexibleAssetType)
        }
        let jobs = Self.nestedKinds.map(Job.nested) + types.map(Job.flexible)
        let counts = try await self.concurrentMap(jobs, limit: self.configuration.maximumConcurrentRequests) { job in
            switch job {
            case .nested(let kind):
                try await self.count(path: "/organizations/\(organizationID)/relationships/\(kind)")
            case .flexible(let type):
                try await self.count(path: "/flexible_assets", query: Self.flexibleAssetQuery(type, organizationID))
            }
        }
        var nested: [String: Int] = [:]
        var byType: [String: Int] = [:]
        for (job, count) in zip(jobs, counts) {
            switch job {
            case .nested(let kind): nested[kind] = count
            case .flexible(let type) where count > 0: byType[type.name, default: 0] += count
            case .flexible: break
            }
        }
        return ITGlueDependencyCounts(
            configurations: nested["configurations"] ?? 0,
            contacts: nested["contacts"] ?? 0,
            locations: nested["locations"] ?? 0,
            passwords: nested["passwords"] ?? 0,
            domains: nested["domains"] ?? 0,
            documents: nested["documents"] ?? 0,
            flexibleAssetsByType: byType
        )
    }

    /// The id and name of every record that depends on the organization (all pages, `page[size]=1000`), for the
    /// archive written before deletion.
    ///
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - knownCounts: Counts just taken with ``dependencyCounts(organizationID:)``; when given, routes and
    ///     flexible asset types they show as empty are not listed, which saves one request each. A record created
    ///     between the two calls on such a route is then missing from the list (it was not counted either).
    public func dependentRecords(
        organizationID: String,
        knownCounts: ITGlueDependencyCounts? = nil
    ) async throws -> [ITGlueRecordReference] {
        try Self.validate(id: organizationID)
        let nested = Self.nestedKinds.filter { kind in
            guard let knownCounts else { return true }
            return knownCounts.count(of: kind) != 0
        }
        let types = try await self.flexibleAssetTypes().filter { type in
            guard let knownCounts else { return true }
            return knownCounts.flexibleAssetsByType[type.name, default: 0] > 0
        }
        let listings: [(kind: String, path: String, query: [(name: String, value: String)])] =
            nested.map { ($0, "/organizations/\(organizationID)/relationships/\($0)", []) }
            + types.map { ("flexible_assets", "/flexible_assets", Self.flexibleAssetQuery($0, organizationID)) }
        let pages = try await self.concurrentMap(
            listings.indices.map { $0 },
            limit: self.configuration.maximumConcurrentRequests
        ) { index in
            let listing = listings[index]
            return try await self.allPages(path: listing.path, query: listing.query).data.compactMap { item in
                item["id"]?.lenientString.map {
                    ITGlueRecordReference(kind: listing.kind, id: $0, name: Self.recordName(item["attributes"]))
                }
            }
        }
        return pages.flatMap { $0 }
    }

    /// The account's flexible asset types, from the cache while it is fresh.
    func flexibleAssetTypes() async throws -> [FlexibleAssetType] {
        try await self.flexibleAssetTypeCache.types {
            let (data, _) = try await self.allPages(path: "/flexible_asset_types")
            return data.compactMap { resource -> FlexibleAssetType? in
                guard let id = resource["id"]?.lenientString else { return nil }
                return FlexibleAssetType(id: id, name: resource["attributes"]?["name"]?.lenientString ?? "type \(id)")
            }
        }
    }

    /// Forgets the cached flexible asset types, so the next count lists them again.
    public func invalidateFlexibleAssetTypes() {
        self.flexibleAssetTypeCache.invalidate()
    }

    private static func flexibleAssetQuery(
        _ type: FlexibleAssetType,
        _ organizationID: String
    )
        -> [(name: String, value: String)]
    {
        [("filter[flexible_asset_type_id]", type.id), ("filter[organization_id]", organizationID)]
    }

    /// A display name for any record: `name`, else first and last name (contacts), else hostname or title.
    private static func recordName(_ attributes: JSONValue?) -> String? {
        guard let attributes else { return nil }
        if let name = attributes["name"]?.lenientString, !name.isEmpty { return name }
        let person = [attributes["first-name"]?.lenientString, attributes["last-name"]?.lenientString]
            .compactMap { $0 }
            .filter { !$0.isEmpty }
        if !person.isEmpty { return person.joined(separator: " ") }
        for key in ["hostname", "title", "username"] {
            if let value = attributes[key]?.lenientString, !value.isEmpty { return value }
        }
        return nil
    }
}
