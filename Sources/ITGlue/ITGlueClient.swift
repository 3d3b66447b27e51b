import Foundation
import JSONSchema
public import Logging

/// A client of the IT Glue REST API: the calls an offboarding needs, and nothing that could delete more than
/// the ids it is given.
///
/// Every request goes through a rate limiter shared by all clients of the same base URL and limit in this
/// process, and is retried as ``ITGlueConfiguration/RetryPolicy`` allows. Every failure is an ``ITGlueError``;
/// the API key never appears in an error, a log line or a result.
///
/// ## Requests per offboarding
///
/// With T flexible asset types, N organizations in the account, n_k records on nested route k (6 routes) and
/// f_t assets of type t, one offboarding costs:
/// 1 (`organization(id:)`) + ⌈N/1000⌉ (`childOrganizations(of:)`) + 6 + T (`dependencyCounts`) + ⌈T/1000⌉
/// (the type listing, 0 while cached) + Σ_k max(1, ⌈n_k/1000⌉) + Σ_t max(1, ⌈f_t/1000⌉) (`dependentRecords`)
/// + 1 (`deleteOrganizations`) + V (verification polls) [+ 1 + E for `createExport` and its E polls].
/// For a typical organization (under 1000 of everything) that is 16 + 2T + V, or 15 + 2T + V with the types
/// cached; `dependentRecords(organizationID:knownCounts:)` lowers the listing part to the non-empty routes and
/// types only. Retries add to it.
public final class ITGlueClient: Sendable {
    /// The page size of full listings: IT Glue's maximum.
    static let maximumPageSize = 1000
    /// A bound on pages per listing, so that a server that always announces a next page cannot loop us forever.
    static let maximumPages = 10_000

    let transport: ITGlueTransport
    let logger: Logger
    let flexibleAssetTypeCache: FlexibleAssetTypeCache

    typealias FlexibleAssetType = FlexibleAssetTypeCache.FlexibleAssetType

    /// - Parameters:
    ///   - configuration: Where IT Glue is, the key, and the limits.
    ///   - logger: Receives one debug line per request and an info line per retry; never the key.
    public init(configuration: ITGlueConfiguration, logger: Logger = .silent) {
        self.transport = ITGlueTransport(configuration: configuration, logger: logger)
        self.flexibleAssetTypeCache = FlexibleAssetTypeCache(ttl: configuration.flexibleAssetTypesTTL)
        self.logger = logger
    }

    public var configuration: ITGlueConfiguration { self.transport.configuration }

    // MARK: - Organizations

    /// The organization with this id, or nil when IT Glue answers 404.
    ///
    /// Only a JSON 404 means "no such organization". A 404 without a JSON body (the HTML page of an unknown
    /// route, e.g. behind a wrong base URL) is thrown as `notFound` instead, so that it cannot pass for a deletion.
    ///
    /// Asks for `include=adapters_resources`, so ``ITGlueOrganization/isPSASynced`` is reliable.
    /// - Throws: An ``ITGlueError``; `invalidRequest` (without sending) if `id` is not a string of digits.
    public func organization(id: String) async throws -> ITGlueOrganization? {
        try Self.validate(id: id)
        let document: JSONValue
        do {
            document = try await self.transport.send(
                ITGlueRequest(
                    method: .get,
                    path: "/organizations/\(id)",
                    query: [("include", "adapters_resources")]
                )
            )
        } catch let error as ITGlueError where error.code == .notFound && !error.isUnknownRoute {
            return nil
        }
        guard let resource = document["data"],
            let organization = ITGlueOrganization(resource: resource, included: document["included"]?.arrayValue ?? [])
        else {
            throw ITGlueError(code: .invalidResponse, message: "GET /organizations/\(id) returned no organization")
        }
        return organization
    }

    /// Every organization whose name is exactly `name` (case-sensitive), from all pages.
    ///
    /// Commas are escaped as `\,` in `filter[name]` (IT Glue splits filter values on commas), and the answer is
    /// compared exactly on this side, because whether IT Glue's name filter matches partially is unconfirmed.
    ///
    /// - Throws: `invalidRequest` without sending for an empty name.
    public func organizations(named name: String) async throws -> [ITGlueOrganization] {
        guard !name.isEmpty else {
            throw ITGlueError(code: .invalidRequest, message: "An organization name cannot be empty")
        }
        // Only commas are escaped: IT Glue documents no other escape, so a backslash elsewhere goes as it is.
        let escaped = name.replacingOccurrences(of: ",", with: "\\,")
        let found = try await self.listOrganizations(query: [("filter[name]", escaped)])
        return found.filter { $0.name == name }
    }

    /// Every organization matching IT Glue filters, from all pages.
    ///
    /// Keys are filter names without the `filter[...]` wrapper: `["organization_status_id": "69"]` sends
    /// `filter[organization_status_id]=69`. Values go as they are, so a comma separates alternatives.
    public func organizations(filter: [String: String]) async throws -> [ITGlueOrganization] {
        let query = filter.keys.sorted().map { (name: "filter[\($0)]", value: filter[$0] ?? "") }
        return try await self.listOrganizations(query: query)
    }

    /// The organizations below `id`: those whose `parent-id` is `id` or whose `ancestor-ids` contain it.
    ///
    /// IT Glue has no parent filter, so this pages through every organization of the account.
    public func childOrganizations(of id: String) async throws -> [ITGlueOrganization] {
        try Self.validate(id: id)
        let all = try await self.listOrganizations(query: [])
        return all.filter { $0.id != id && ($0.parentID == id || $0.ancestorIDs.contains(id)) }
    }

    /// Renames an organization and/or changes its status (`PATCH /organizations/:id`), e.g. for a soft delete.
    ///
    /// - Returns: The organization as IT Glue answered the PATCH; its ``ITGlueOrganization/isPSASynced`` is false
    ///   because the answer carries no adapters resources (look it up again when that matters).
    /// - Throws: `invalidRequest` without sending when neither value is given; IT Glue answers 422 for a
    ///   PSA-synced organization.
    public func updateOrganization(
        id: String,
        name: String?,
        organizationStatusID: Int?
    ) async throws
        -> ITGlueOrganization
    {
        try Self.validate(id: id)
        var attributes: [String: JSONValue] = [:]
        if let name { attributes["name"] = .string(name) }
        if let organizationStatusID { attributes["organization-status-id"] = .integer(organizationStatusID) }
        guard !attributes.isEmpty else {
            throw ITGlueError(code: .invalidRequest, message: "Nothing to update on organization \(id)")
        }
        let body = JSONValue.object([
            "data": .object(["type": .string("organizations"), "attributes": .object(attributes)])
        ])
        let document = try await self.transport.send(
            ITGlueRequest(method: .patch, path: "/organizations/\(id)", body: Data(body.serialized().utf8))
        )
        if let resource = document["data"], let organization = ITGlueOrganization(resource: resource) {
            return organization
        }
        guard let organization = try await self.organization(id: id) else {
            throw ITGlueError(code: .notFound, status: 404, message: "Organization \(id) vanished after PATCH")
        }
        return organization
    }

    /// The account's organization statuses (`GET /organization_statuses`), e.g. to find "Inactive".
    public func organizationStatuses() async throws -> [(id: Int, name: String)] {
        let (data, _) = try await self.allPages(path: "/organization_statuses")
        return data.compactMap { resource in
            guard let id = resource["id"]?.lenientInt, let name = resource["attributes"]?["name"]?.lenientString else {
                return nil
            }
            return (id: id, name: name)
        }
    }

    private func listOrganizations(query: [(name: String, value: String)]) async throws -> [ITGlueOrganization] {
        let (data, included) = try await self.allPages(
            path: "/organizations",
            query: query + [("include", "adapters_resources")]
        )
        // In a list, only included items that name their organization can be attributed to one.
        let attributable = included.filter { ITGlueOrganization.adaptersResourceOwner($0) != nil }
        return try data.map { resource in
            guard let organization = ITGlueOrganization(resource: resource, included: attributable) else {
                throw ITGlueError(code: .invalidResponse, message: "GET /organizations returned a malformed item")
            }
            return organization
        }
    }

    /// Throws unless `id` is a non-empty string of ASCII digits without a leading zero: the only ids that can go
    /// into a path or a JSON number without changing meaning.
    static func validate(id: String) throws {
        let isDigits = !id.isEmpty && id.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        guard isDigits, id.count <= 18, id == "0" || !id.hasPrefix("0") else {
            throw ITGlueError(code: .invalidRequest, message: "Not an IT Glue id: \(id.debugDescription)")
        }
    }
}
