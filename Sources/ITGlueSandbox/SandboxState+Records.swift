import HTTPServer
import JSONSchema

extension SandboxState {
    // MARK: - GET /organizations/:id/relationships/<kind>

    /// A nested relationship list. Only `filter[archived]` is accepted, on configurations and passwords
    /// (IT Glue: "filtering in nested relationship routes is not possible"). Without it, archived records are
    /// included: whether IT Glue counts them by default is unconfirmed, and counting them errs on the safe side.
    func listRecords(
        _ kind: RecordKind,
        organizationID: String,
        _ context: APIContext
    ) throws(APIFailure) -> HTTPResponse {
        let page = try Self.page(context)
        let filters = try Self.filters(context, allowed: kind.isArchivable ? ["filter[archived]"] : [])
        guard let organization = self.organization(id: organizationID) else { return JSONAPI.recordNotFound }
        var records = self.dataset[keyPath: kind.keyPath].filter { $0.organizationId == organizationID }
        if let archived = filters["filter[archived]"] {
            let isArchived = try Self.booleanFilter(archived, name: "filter[archived]")
            records = records.filter { $0.isArchived == isArchived }
        }
        let organizationNumber = Int(organizationID) ?? 0
        let resourceBase = context.configuration.resourceURLBase
        return self.listDocument(
            records,
            page: page,
            filters: filters,
            context: context,
            render: { record in
                var attributes: [String: JSONValue] = [
                    "organization-id": .integer(organizationNumber),
                    "organization-name": .string(organization.name),
                    "name": .string(record.name),
                    "resource-url": .string("\(resourceBase)/\(organizationID)/\(kind.rawValue)/\(record.id)"),
                    "created-at": .string(SandboxDataset.defaultTimestamp),
                    "updated-at": .string(SandboxDataset.defaultTimestamp),
                ]
                if kind.isArchivable {
                    attributes["archived"] = .bool(record.isArchived)
                }
                return JSONAPI.resource(id: record.id, type: kind.rawValue, attributes: attributes)
            }
        )
    }

    // MARK: - GET /flexible_asset_types

    func listFlexibleAssetTypes(_ context: APIContext) throws(APIFailure) -> HTTPResponse {
        let page = try Self.page(context)
        let filters = try Self.filters(context, allowed: ["filter[name]"])
        var types = self.dataset.flexibleAssetTypes
        if let name = filters["filter[name]"] {
            let names = JSONAPI.filterValues(name)
            types = types.filter { names.contains($0.name) }
        }
        return self.listDocument(types, page: page, filters: filters, context: context) { type in
            JSONAPI.resource(
                id: type.id,
                type: "flexible-asset-types",
                attributes: [
                    "name": .string(type.name),
                    "description": .optional(type.description),
                    "icon": .null,
                    "enabled": .bool(true),
                    "show-in-menu": .bool(true),
                    "created-at": .string(SandboxDataset.defaultTimestamp),
                    "updated-at": .string(SandboxDataset.defaultTimestamp),
                ]
            )
        }
    }

    // MARK: - GET /flexible_assets

    /// Flexible assets of exactly one type (IT Glue requires the type filter and takes one type per query),
    /// optionally of some organizations. Filter names are accepted in snake_case and kebab-case, as the
    /// IT Glue docs use both.
    func listFlexibleAssets(_ context: APIContext) throws(APIFailure) -> HTTPResponse {
        let page = try Self.page(context)
        let filters = try Self.filters(
            context,
            allowed: [
                "filter[flexible_asset_type_id]", "filter[flexible-asset-type-id]", "filter[organization_id]",
                "filter[organization-id]", "filter[name]",
            ]
        )
        guard let typeFilter = filters["filter[flexible_asset_type_id]"] ?? filters["filter[flexible-asset-type-id]"]
        else {
            throw APIFailure(
                response: JSONAPI.error(
                    422,
                    title: "Cannot index flexible assets without providing a flexible asset type ID filter",
                    source: .pointer(nil)
                )
            )
        }
        let typeIDs = JSONAPI.filterValues(typeFilter)
        guard typeIDs.count == 1, let typeID = typeIDs.first else {
            throw APIFailure(
                response: JSONAPI.error(
                    422,
                    title: "Cannot index flexible assets of more than one flexible asset type",
                    source: .pointer(nil)
                )
            )
        }
        var assets = self.dataset.flexibleAssets.filter { $0.flexibleAssetTypeId == typeID }
        if let organizations = filters["filter[organization_id]"] ?? filters["filter[organization-id]"] {
            let ids = JSONAPI.filterValues(organizations)
            assets = assets.filter { ids.contains($0.organizationId) }
        }
        if let name = filters["filter[name]"] {
            let names = JSONAPI.filterValues(name)
            assets = assets.filter { names.contains($0.name) }
        }
        let typeName = self.dataset.flexibleAssetTypes.first { $0.id == typeID }?.name
        let resourceBase = context.configuration.resourceURLBase
        return self.listDocument(assets, page: page, filters: filters, context: context) { asset in
            JSONAPI.resource(
                id: asset.id,
                type: "flexible-assets",
                attributes: [
                    "organization-id": .integer(Int(asset.organizationId) ?? 0),
                    "organization-name": .optional(self.organization(id: asset.organizationId)?.name),
                    "name": .string(asset.name),
                    "flexible-asset-type-id": .integer(Int(asset.flexibleAssetTypeId) ?? 0),
                    "flexible-asset-type-name": .optional(typeName),
                    "traits": .object([:]),
                    "archived": .bool(false),
                    "resource-url": .string("\(resourceBase)/\(asset.organizationId)/assets/records/\(asset.id)"),
                    "created-at": .string(SandboxDataset.defaultTimestamp),
                    "updated-at": .string(SandboxDataset.defaultTimestamp),
                ]
            )
        }
    }

    // MARK: - GET /organization_statuses, /organization_types

    func listNamedItems(
        _ items: [SandboxDataset.NamedItem],
        type: String,
        _ context: APIContext
    ) throws(APIFailure)
        -> HTTPResponse
    {
        let page = try Self.page(context)
        let filters = try Self.filters(context, allowed: ["filter[name]"])
        var items = items
        if let name = filters["filter[name]"] {
            let names = JSONAPI.filterValues(name)
            items = items.filter { names.contains($0.name) }
        }
        return self.listDocument(items, page: page, filters: filters, context: context) { item in
            JSONAPI.resource(
                id: item.id,
                type: type,
                attributes: [
                    "name": .string(item.name),
                    "synced": .bool(false),
                    "created-at": .string(SandboxDataset.defaultTimestamp),
                    "updated-at": .string(SandboxDataset.defaultTimestamp),
                ]
            )
        }
    }
}
