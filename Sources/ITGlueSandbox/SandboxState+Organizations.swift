import Foundation
import HTTPServer
import JSONSchema

extension SandboxState {
    private static let organizationFilters: Set<String> = [
        "filter[id]", "filter[name]", "filter[organization_type_id]", "filter[organization_status_id]",
        "filter[primary]", "filter[psa_integration_type]", "filter[group_id]", "filter[exclude][id]",
        "filter[exclude][name]", "filter[exclude][organization_type_id]", "filter[exclude][organization_status_id]",
    ]

    private static let sortKeys: Set<String> = [
        "name", "id", "created_at", "updated_at", "organization_status_name", "organization_type_name", "short_name",
    ]

    /// Attributes that a PATCH may change on a PSA-synced organization ([DOC]: alert, description, quick_notes).
    private static let unsyncedAttributes: Set<String> = ["alert", "description", "quick-notes"]

    private static let updatableAttributes: Set<String> = [
        "name", "organization-status-id", "organization-type-id", "quick-notes", "alert", "description", "short-name",
    ]

    // MARK: - GET /organizations

    func listOrganizations(_ context: APIContext) throws(APIFailure) -> HTTPResponse {
        let page = try Self.page(context)
        let filters = try Self.filters(context, allowed: Self.organizationFilters)
        let isIncludingAdapters = try Self.includesAdapters(context)
        var organizations = self.dataset.organizations.sorted { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }
        for (name, value) in filters {
            let values = JSONAPI.filterValues(value)
            let isExcluding = name.hasPrefix("filter[exclude]")
            let attribute =
                isExcluding
                ? String(name.dropFirst("filter[exclude][".count).dropLast())
                : String(name.dropFirst("filter[".count).dropLast())
            let predicate: (SandboxDataset.Organization) -> Bool
            switch attribute {
            case "id": predicate = { values.contains($0.id) }
            case "name": predicate = { values.contains($0.name) }
            case "organization_type_id": predicate = { values.contains(String($0.organizationTypeId)) }
            case "organization_status_id": predicate = { values.contains(String($0.organizationStatusId)) }
            case "psa_integration_type": predicate = { $0.psaIntegrationType.map(values.contains) ?? false }
            case "primary":
                let isPrimary = try Self.booleanFilter(value, name: name)
                predicate = { $0.isPrimary == isPrimary }
            default:
                // filter[group_id]: the sandbox has no groups, so nothing matches.
                predicate = { _ in false }
            }
            organizations = organizations.filter { isExcluding ? !predicate($0) : predicate($0) }
        }
        if let sort = context.request.queryValue("sort") {
            organizations = try self.sorted(organizations, by: sort)
        }
        return self.listDocument(
            organizations,
            page: page,
            filters: filters,
            context: context,
            render: { self.organizationJSON($0, isIndex: true, isIncludingAdapters: isIncludingAdapters) },
            included: isIncludingAdapters ? { $0.compactMap(self.adaptersResourceJSON) } : nil
        )
    }

    private func sorted(
        _ organizations: [SandboxDataset.Organization],
        by sort: String
    ) throws(APIFailure) -> [SandboxDataset.Organization] {
        var keys: [(name: String, isDescending: Bool)] = []
        for field in sort.split(separator: ",") {
            let isDescending = field.hasPrefix("-")
            let name = String(isDescending ? field.dropFirst() : field)
            guard Self.sortKeys.contains(name) else {
                throw APIFailure(
                    response: JSONAPI.error(
                        400,
                        title: "Invalid sort criteria",
                        detail: "\(name) is not a valid sort criteria for organizations"
                    )
                )
            }
            keys.append((name, isDescending))
        }
        func compare(_ lhs: SandboxDataset.Organization, _ rhs: SandboxDataset.Organization, _ key: String) -> Int {
            func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
            switch key {
            case "name": return order(lhs.name, rhs.name)
            case "created_at": return order(lhs.createdAt, rhs.createdAt)
            case "updated_at": return order(lhs.updatedAt, rhs.updatedAt)
            case "short_name": return order(lhs.shortName ?? "", rhs.shortName ?? "")
            case "organization_status_name":
                return order(
                    self.statusName(lhs.organizationStatusId) ?? "",
                    self.statusName(rhs.organizationStatusId) ?? ""
                )
            case "organization_type_name":
                return order(self.typeName(lhs.organizationTypeId) ?? "", self.typeName(rhs.organizationTypeId) ?? "")
            default: return order(Int(lhs.id) ?? 0, Int(rhs.id) ?? 0)
            }
        }
        // The id comparison last keeps the order total and stable.
        return organizations.sorted { lhs, rhs in
            for key in keys {
                let result = compare(lhs, rhs, key.name)
                if result != 0 { return key.isDescending ? result > 0 : result < 0 }
            }
            return (Int(lhs.id) ?? 0) < (Int(rhs.id) ?? 0)
        }
    }

    // MARK: - GET /organizations/:id

    func showOrganization(id: String, _ context: APIContext) throws(APIFailure) -> HTTPResponse {
        let isIncludingAdapters = try Self.includesAdapters(context)
        guard let organization = self.organization(id: id) else { return JSONAPI.recordNotFound }
        var members: [String: JSONValue] = [
            "data": self.organizationJSON(organization, isIndex: false, isIncludingAdapters: isIncludingAdapters)
        ]
        if isIncludingAdapters, let adapter = self.adaptersResourceJSON(organization) {
            members["included"] = .array([adapter])
        }
        return JSONAPI.document(200, .object(members))
    }

    /// Whether `include` asks for adapters resources; other documented includes are accepted and empty.
    private static func includesAdapters(_ context: APIContext) throws(APIFailure) -> Bool {
        guard let include = context.request.queryValue("include") else { return false }
        var isIncludingAdapters = false
        for name in include.split(separator: ",").map(String.init) {
            switch name {
            case "adapters_resources": isIncludingAdapters = true
            case "attachments", "rmm_companies": continue
            default:
                throw APIFailure(
                    response: JSONAPI.error(
                        400,
                        title: "Invalid field",
                        detail: "\(name) is not a valid relationship of organizations"
                    )
                )
            }
        }
        return isIncludingAdapters
    }

    // MARK: - PATCH /organizations/:id

    mutating func updateOrganization(id: String, _ context: APIContext) throws(APIFailure) -> HTTPResponse {
        let body = try Self.body(context)
        guard let index = self.dataset.organizations.firstIndex(where: { $0.id == id }) else {
            return JSONAPI.recordNotFound
        }
        guard let data = body["data"], data.objectValue != nil else {
            throw Self.badRequest("data must be an object", pointer: "/data")
        }
        if let type = data["type"], type != .string("organizations") {
            throw Self.badRequest("data/type must be organizations", pointer: "/data/type")
        }
        guard let attributes = data["attributes"]?.objectValue else {
            throw Self.badRequest("data/attributes must be an object", pointer: "/data/attributes")
        }
        var organization = self.dataset.organizations[index]
        // Accept both spellings the IT Glue docs use: kebab-case (examples) and snake_case (parameter tables).
        // Sorted, so that the first offending attribute is always the same one.
        let changes = attributes.sorted { $0.key < $1.key }
            .map { (key: $0.key.replacingOccurrences(of: "_", with: "-"), value: $0.value) }
            .filter { $0.key != "id" }
        for change in changes where !Self.updatableAttributes.contains(change.key) {
            throw Self.badRequest("\(change.key) is not allowed.", pointer: "/data/attributes/\(change.key)")
        }
        if organization.psaIntegrationType != nil,
            let synced = changes.first(where: { !Self.unsyncedAttributes.contains($0.key) })
        {
            throw APIFailure(
                response: JSONAPI.error(
                    422,
                    title: "Unprocessable Entity",
                    detail:
                        "Cannot update \(synced.key) of an organization synced with your PSA; only alert, description and quick_notes can be changed",
                    source: .pointer("/data/attributes/\(synced.key)")
                )
            )
        }
        for change in changes {
            let pointer = "/data/attributes/\(change.key)"
            switch change.key {
            case "name":
                guard let name = change.value.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Self.invalid("can't be blank", pointer: pointer)
                }
                organization.name = name
            case "organization-type-id":
                guard let typeID = change.value.integerValue, self.typeName(typeID) != nil else {
                    throw Self.invalid("is invalid", pointer: pointer)
                }
                organization.organizationTypeId = typeID
            case "organization-status-id":
                guard let statusID = change.value.integerValue, self.statusName(statusID) != nil else {
                    throw Self.invalid("is invalid", pointer: pointer)
                }
                organization.organizationStatusId = statusID
            default:
                guard change.value == .null || change.value.stringValue != nil else {
                    throw Self.invalid("must be a string", pointer: pointer)
                }
                let text = change.value.stringValue
                switch change.key {
                case "quick-notes": organization.quickNotes = text
                case "alert": organization.alert = text
                case "description": organization.description = text
                default: organization.shortName = text
                }
            }
        }
        organization.updatedAt = context.timestamp
        self.dataset.organizations[index] = organization
        return JSONAPI.document(
            200,
            .object(["data": self.organizationJSON(organization, isIndex: false, isIncludingAdapters: false)])
        )
    }

    // MARK: - DELETE /organizations

    /// Bulk destroy, by an explicit id array only.
    ///
    /// IT Glue also deletes by `filter[...]` here; the sandbox refuses any filter parameter with 400 and never
    /// deletes, so that a client which sends one is caught in tests. The batch is all-or-nothing: an unknown id
    /// (404) or the primary organization (422) fails it before anything is deleted.
    mutating func destroyOrganizations(_ context: APIContext) throws(APIFailure) -> HTTPResponse {
        if context.request.query.contains(where: { $0.name.hasPrefix("filter") }) {
            throw Self.badRequest("Cannot be used in combination with filter", pointer: "/data")
        }
        let body = try Self.body(context)
        guard let data = body["data"], data != .null else {
            throw Self.badRequest("data is required", pointer: "/data")
        }
        guard let elements = data.arrayValue else {
            throw Self.badRequest("data must be an array of organizations", pointer: "/data")
        }
        guard !elements.isEmpty else { throw Self.badRequest("data must not be empty", pointer: "/data") }
        var ids: [String] = []
        for (position, element) in elements.enumerated() {
            guard element["type"] == .string("organizations") else {
                throw Self.badRequest("type must be organizations", pointer: "/data/\(position)/type")
            }
            guard let id = element["attributes"]?["id"]?.integerValue else {
                throw Self.badRequest("attributes/id must be a number", pointer: "/data/\(position)/attributes/id")
            }
            if !ids.contains(String(id)) {
                ids.append(String(id))
            }
        }
        var organizations: [SandboxDataset.Organization] = []
        for id in ids {
            guard let organization = self.organization(id: id) else {
                throw APIFailure(response: JSONAPI.recordNotFound)
            }
            guard !organization.isPrimary else {
                throw APIFailure(
                    response: JSONAPI.error(
                        422,
                        title: "Unprocessable Entity",
                        detail: "Cannot delete the primary organization",
                        source: .pointer("/data/attributes/id")
                    )
                )
            }
            organizations.append(organization)
        }
        let response = JSONAPI.document(
            200,
            .object([
                "data": .array(
                    organizations.map { self.organizationJSON($0, isIndex: true, isIncludingAdapters: false) }
                )
            ])
        )
        for id in ids where self.pendingDeletions[id] == nil {
            self.pendingDeletions[id] = context.now + context.configuration.deletionDelay
        }
        self.completeDeletions(now: context.now)
        return response
    }

    // MARK: - Rendering

    func organizationJSON(
        _ organization: SandboxDataset.Organization,
        isIndex: Bool,
        isIncludingAdapters: Bool
    ) -> JSONValue {
        // The index truncates quick notes to 250 characters; the show endpoint returns them whole ([DOC]).
        let quickNotes = isIndex ? organization.quickNotes.map { String($0.prefix(250)) } : organization.quickNotes
        let attributes: [String: JSONValue] = [
            "name": .string(organization.name),
            "alert": .optional(organization.alert),
            "description": .optional(organization.description),
            "organization-type-id": .integer(organization.organizationTypeId),
            "organization-type-name": .optional(self.typeName(organization.organizationTypeId)),
            "organization-status-id": .integer(organization.organizationStatusId),
            "organization-status-name": .optional(self.statusName(organization.organizationStatusId)),
            "primary": .bool(organization.isPrimary),
            "logo": .string(""),
            "quick-notes": .optional(quickNotes),
            "short-name": .optional(organization.shortName),
            "created-at": .string(organization.createdAt),
            "updated-at": .string(organization.updatedAt),
            "parent-id": .optional(organization.parentId),
            "ancestor-ids": .string("[" + self.ancestorIDs(of: organization).joined(separator: ",") + "]"),
        ]
        var relationships: [String: JSONValue]?
        if isIncludingAdapters {
            let linkage: [JSONValue] =
                self.adaptersResourceID(for: organization).map {
                    [.object(["id": .string(String($0)), "type": .string("adapters-resources")])]
                } ?? []
            relationships = ["adapters-resources": .object(["data": .array(linkage)])]
        }
        return JSONAPI.resource(
            id: organization.id,
            type: "organizations",
            attributes: attributes,
            relationships: relationships
        )
    }

    /// The adapters resource of a PSA-synced organization, for `included`.
    ///
    /// This shape (`integrator-name`, `external-id`, `resource-type`, `resource-id`) is the project's documented
    /// assumption; the real IT Glue shape is unconfirmed.
    func adaptersResourceJSON(_ organization: SandboxDataset.Organization) -> JSONValue? {
        guard let id = self.adaptersResourceID(for: organization), let integrator = organization.psaIntegrationType
        else { return nil }
        return JSONAPI.resource(
            id: String(id),
            type: "adapters-resources",
            attributes: [
                "integrator-name": .string(integrator),
                "external-id": .optional(organization.psaExternalId),
                "resource-type": .string("organizations"),
                "resource-id": .integer(Int(organization.id) ?? 0),
            ]
        )
    }

    /// Root first, as in IT Glue's `ancestor-ids` string (`"[1,6]"`).
    private func ancestorIDs(of organization: SandboxDataset.Organization) -> [String] {
        var chain: [String] = []
        var parentID = organization.parentId
        while let id = parentID, !chain.contains(id), chain.count < 64 {
            chain.insert(id, at: 0)
            parentID = self.organization(id: id)?.parentId
        }
        return chain
    }

    func typeName(_ id: Int) -> String? {
        self.dataset.organizationTypes.first { $0.id == String(id) }?.name
    }

    func statusName(_ id: Int) -> String? {
        self.dataset.organizationStatuses.first { $0.id == String(id) }?.name
    }

    static func badRequest(_ detail: String, pointer: String) -> APIFailure {
        APIFailure(response: JSONAPI.error(400, title: "Bad Request", detail: detail, source: .pointer(pointer)))
    }

    static func invalid(_ detail: String, pointer: String) -> APIFailure {
        APIFailure(
            response: JSONAPI.error(422, title: "Unprocessable Entity", detail: detail, source: .pointer(pointer))
        )
    }
}
