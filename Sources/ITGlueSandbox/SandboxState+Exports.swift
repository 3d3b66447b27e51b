import HTTPServer
import JSONSchema

extension SandboxState {
    // MARK: - POST /exports

    /// Starts an export; its `download-url` stays null until the configured export delay has passed.
    /// Without `organization-id` the export covers the whole account, as in IT Glue.
    mutating func createExport(_ context: APIContext) throws(APIFailure) -> HTTPResponse {
        let body = try Self.body(context)
        guard let data = body["data"], data.objectValue != nil else {
            throw Self.badRequest("data must be an object", pointer: "/data")
        }
        if let type = data["type"], type != .string("exports") {
            throw Self.badRequest("data/type must be exports", pointer: "/data/type")
        }
        let attributes = data["attributes"] ?? .object([:])
        var organization: SandboxDataset.Organization?
        if let value = attributes["organization-id"] ?? attributes["organization_id"], value != .null {
            guard let id = value.integerValue, let found = self.organization(id: String(id)) else {
                throw APIFailure(
                    response: JSONAPI.error(
                        422,
                        title: "Valid organization_id is required",
                        source: .pointer("data/attributes/organization_id")
                    )
                )
            }
            organization = found
        }
        let includesLogs = (attributes["include-logs"] ?? attributes["include_logs"])?.boolValue ?? false
        let export = Export(
            id: (self.exports.map(\.id).max() ?? 0) + 1,
            organizationID: organization?.id,
            organizationName: organization?.name,
            includesLogs: includesLogs,
            createdAt: context.timestamp,
            readyAt: context.now + context.configuration.exportDelay
        )
        self.exports.append(export)
        return JSONAPI.document(201, .object(["data": self.exportJSON(export, context)]))
    }

    // MARK: - GET /exports, /exports/:id

    func listExports(_ context: APIContext) throws(APIFailure) -> HTTPResponse {
        let page = try Self.page(context)
        let filters = try Self.filters(context, allowed: [])
        return self.listDocument(self.exports, page: page, filters: filters, context: context) {
            self.exportJSON($0, context)
        }
    }

    func showExport(id: String, _ context: APIContext) throws(APIFailure) -> HTTPResponse {
        guard let export = self.exports.first(where: { String($0.id) == id }) else { return JSONAPI.recordNotFound }
        return JSONAPI.document(200, .object(["data": self.exportJSON(export, context)]))
    }

    private func exportJSON(_ export: Export, _ context: APIContext) -> JSONValue {
        let isReady = context.now >= export.readyAt
        let downloadURL = isReady ? "\(context.configuration.resourceURLBase)/exports/\(export.id)/download.zip" : nil
        return JSONAPI.resource(
            id: String(export.id),
            type: "exports",
            attributes: [
                "organization-id": .optional(export.organizationID.flatMap { Int($0) }),
                "organization-name": .optional(export.organizationName),
                "include-logs": .bool(export.includesLogs),
                "download-url": .optional(downloadURL),
                "created-at": .string(export.createdAt),
                "updated-at": .string(export.createdAt),
            ]
        )
    }
}
