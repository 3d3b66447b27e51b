import Foundation
import HTTPServer
import JSONSchema

extension SandboxState {
    /// The routes the sandbox serves; anything else gets IT Glue's HTML 404 page.
    enum Route {
        case listOrganizations
        case showOrganization(String)
        case updateOrganization(String)
        case destroyOrganizations
        case relationship(organization: String, kind: RecordKind)
        case listFlexibleAssetTypes
        case listFlexibleAssets
        case listOrganizationStatuses
        case listOrganizationTypes
        case createExport
        case listExports
        case showExport(String)

        init?(method: String, path: String) {
            let segments = path.split(separator: "/").map(String.init)
            switch (method, segments.count) {
            case ("GET", 1) where segments[0] == "organizations": self = .listOrganizations
            case ("DELETE", 1) where segments[0] == "organizations": self = .destroyOrganizations
            case ("GET", 2) where segments[0] == "organizations": self = .showOrganization(segments[1])
            case ("PATCH", 2) where segments[0] == "organizations": self = .updateOrganization(segments[1])
            case ("GET", 4) where segments[0] == "organizations" && segments[2] == "relationships":
                guard let kind = RecordKind(rawValue: segments[3]) else { return nil }
                self = .relationship(organization: segments[1], kind: kind)
            case ("GET", 1) where segments[0] == "flexible_asset_types": self = .listFlexibleAssetTypes
            case ("GET", 1) where segments[0] == "flexible_assets": self = .listFlexibleAssets
            case ("GET", 1) where segments[0] == "organization_statuses": self = .listOrganizationStatuses
            case ("GET", 1) where segments[0] == "organization_types": self = .listOrganizationTypes
            case ("POST", 1) where segments[0] == "exports": self = .createExport
            case ("GET", 1) where segments[0] == "exports": self = .listExports
            case ("GET", 2) where segments[0] == "exports": self = .showExport(segments[1])
            default: return nil
            }
        }

        var isWrite: Bool {
            switch self {
            case .updateOrganization, .destroyOrganizations, .createExport: true
            default: false
            }
        }
    }

    /// The organization-scoped record lists behind `/organizations/:id/relationships/<kind>`.
    enum RecordKind: String, CaseIterable {
        case configurations
        case contacts
        case locations
        case passwords
        case domains
        case documents
        case expirations

        var keyPath: WritableKeyPath<SandboxDataset, [SandboxDataset.Record]> {
            switch self {
            case .configurations: \.configurations
            case .contacts: \.contacts
            case .locations: \.locations
            case .passwords: \.passwords
            case .domains: \.domains
            case .documents: \.documents
            case .expirations: \.expirations
            }
        }

        /// Only these kinds have an `archived` attribute and filter in IT Glue.
        var isArchivable: Bool { self == .configurations || self == .passwords }
    }

    /// Answers one API request: route, then authentication, rate limit, media type, and the route itself.
    mutating func handleAPI(_ context: APIContext) -> HTTPResponse {
        let request = context.request
        var path = request.path
        // Rails ignores a trailing slash; the PowerShell wrapper sends `/organizations/`.
        while path.count > 1 && path.hasSuffix("/") {
            path.removeLast()
        }
        guard let route = Route(method: request.method, path: path) else { return JSONAPI.routeNotFound }
        guard let key = request.header("x-api-key"), Self.isEqualInConstantTime(key, context.configuration.apiKey)
        else { return JSONAPI.unauthorized }
        if let refusal = self.admitToRateWindow(context) {
            return refusal
        }
        // "If the request does not have a payload, the Content-Type header is not required" ([DOC]).
        if route.isWrite && !request.body.isEmpty {
            let mediaType = request.header("content-type")?.split(separator: ";").first?
                .trimmingCharacters(in: .whitespaces).lowercased()
            guard mediaType == JSONAPI.mediaType else {
                return JSONAPI.error(
                    415,
                    title: "Unsupported Media Type",
                    detail: "Content-Type must be \(JSONAPI.mediaType)"
                )
            }
        }
        self.completeDeletions(now: context.now)
        do {
            switch route {
            case .listOrganizations: return try self.listOrganizations(context)
            case .showOrganization(let id): return try self.showOrganization(id: id, context)
            case .updateOrganization(let id): return try self.updateOrganization(id: id, context)
            case .destroyOrganizations: return try self.destroyOrganizations(context)
            case .relationship(let id, let kind): return try self.listRecords(kind, organizationID: id, context)
            case .listFlexibleAssetTypes: return try self.listFlexibleAssetTypes(context)
            case .listFlexibleAssets: return try self.listFlexibleAssets(context)
            case .listOrganizationStatuses:
                return try self.listNamedItems(
                    self.dataset.organizationStatuses,
                    type: "organization-statuses",
                    context
                )
            case .listOrganizationTypes:
                return try self.listNamedItems(self.dataset.organizationTypes, type: "organization-types", context)
            case .createExport: return try self.createExport(context)
            case .listExports: return try self.listExports(context)
            case .showExport(let id): return try self.showExport(id: id, context)
            }
        } catch {
            return error.response
        }
    }

    /// The 429 answer IT Glue gives when throttling; with `Retry-After` only when configured.
    static func tooManyRequests(retryAfterSeconds: Int?) -> HTTPResponse {
        JSONAPI.error(
            429,
            title: "Too Many Requests",
            headers: retryAfterSeconds.map { [("Retry-After", String($0))] } ?? []
        )
    }

    /// Counts the request in the sliding window, or returns the 429 when the window is full. Refused requests
    /// do not count, so a client that backs off recovers as the window slides.
    private mutating func admitToRateWindow(_ context: APIContext) -> HTTPResponse? {
        let windowStart = context.now - context.configuration.rateLimitWindow
        if let firstInside = self.rateWindow.firstIndex(where: { $0 > windowStart }) {
            self.rateWindow.removeFirst(firstInside)
        } else {
            self.rateWindow.removeAll()
        }
        guard self.rateWindow.count < context.configuration.rateLimit else {
            var retryAfter: Int?
            if context.configuration.isRetryAfterEnabled, let oldest = self.rateWindow.first {
                let wait = oldest + context.configuration.rateLimitWindow - context.now
                retryAfter = max(
                    1,
                    Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up))
                )
            }
            return Self.tooManyRequests(retryAfterSeconds: retryAfter)
        }
        self.rateWindow.append(context.now)
        return nil
    }

    private static func isEqualInConstantTime(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }

    // MARK: - Shared request pieces

    /// `page[number]` (default 1) and `page[size]` (default 50, at most 1000).
    ///
    /// A size above 1000 is refused with 422 rather than clamped: a client that asks for more than IT Glue
    /// serves must learn it here, not receive a silently short page.
    static func page(_ context: APIContext) throws(APIFailure) -> (number: Int, size: Int) {
        func value(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(APIFailure) -> Int {
            guard let text = context.request.queryValue(name) else { return defaultValue }
            guard let number = Int(text), range.contains(number) else {
                throw APIFailure(
                    response: JSONAPI.error(
                        422,
                        title: "Invalid page value",
                        detail: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got \(text)",
                        source: .pointer(name)
                    )
                )
            }
            return number
        }
        return (
            try value("page[number]", default: 1, range: 1...Int(Int32.max)),
            try value("page[size]", default: 50, range: 1...1000)
        )
    }

    /// The `filter[...]` parameters, after checking each against the names the route allows.
    static func filters(_ context: APIContext, allowed: Set<String>) throws(APIFailure) -> [String: String] {
        var filters: [String: String] = [:]
        for (name, value) in context.request.query where name.hasPrefix("filter") {
            guard allowed.contains(name) else {
                throw APIFailure(
                    response: JSONAPI.error(400, title: "Filter not allowed", detail: "\(name) is not allowed.")
                )
            }
            filters[name] = value
        }
        return filters
    }

    /// A paged list document with IT Glue's `meta` and `links`.
    func listDocument<Item>(
        _ items: [Item],
        page: (number: Int, size: Int),
        filters: [String: String],
        context: APIContext,
        render: (Item) -> JSONValue,
        included: (([Item]) -> [JSONValue])? = nil
    ) -> HTTPResponse {
        let totalCount = items.count
        let totalPages = (totalCount + page.size - 1) / page.size
        let start = min(totalCount, (page.number - 1) * page.size)
        let pageItems = Array(items[start..<min(totalCount, start + page.size)])
        let nextPage = page.number < totalPages ? page.number + 1 : nil
        let previousPage = page.number > 1 ? min(page.number - 1, max(totalPages, 1)) : nil
        var members: [String: JSONValue] = ["data": .array(pageItems.map(render))]
        if let included {
            let includedItems = included(pageItems)
            if !includedItems.isEmpty {
                members["included"] = .array(includedItems)
            }
        }
        members["meta"] = .object([
            "current-page": .integer(page.number), "next-page": .optional(nextPage),
            "prev-page": .optional(previousPage), "total-pages": .integer(totalPages),
            "total-count": .integer(totalCount), "filters": Self.filtersMeta(filters),
        ])
        func link(_ number: Int) -> JSONValue {
            .string(self.pageLink(number: number, size: page.size, context: context))
        }
        var links: [String: JSONValue] = ["self": link(page.number), "first": link(1)]
        if let previousPage {
            links["prev"] = link(previousPage)
        }
        if let nextPage {
            links["next"] = link(nextPage)
        }
        links["last"] = link(max(totalPages, 1))
        members["links"] = .object(links)
        return JSONAPI.document(200, .object(members))
    }

    private func pageLink(number: Int, size: Int, context: APIContext) -> String {
        let kept = context.request.query.filter { $0.name != "page[number]" && $0.name != "page[size]" }
        let pairs = kept + [(name: "page[number]", value: String(number)), (name: "page[size]", value: String(size))]
        let query = pairs.map { JSONAPI.percentEncode($0.name) + "=" + JSONAPI.percentEncode($0.value) }
        return self.baseURL + context.request.path + "?" + query.joined(separator: "&")
    }

    /// `filter[a][b]=v` echoed as `{"a":{"b":"v"}}`.
    private static func filtersMeta(_ filters: [String: String]) -> JSONValue {
        var root: [String: JSONValue] = [:]
        for (name, value) in filters.sorted(by: { $0.key < $1.key }) {
            let path = name.dropFirst("filter".count).split(separator: "]").map { String($0.dropFirst()) }
            guard let first = path.first else { continue }
            if path.count == 1 {
                root[first] = .string(value)
            } else if case .object(var nested) = root[first] {
                nested[path[1]] = .string(value)
                root[first] = .object(nested)
            } else {
                root[first] = .object([path[1]: .string(value)])
            }
        }
        return .object(root)
    }

    /// The request body as JSON, or a 400.
    static func body(_ context: APIContext) throws(APIFailure) -> JSONValue {
        guard !context.request.body.isEmpty,
            let json = try? JSONValue(parsing: context.request.body)
        else {
            throw APIFailure(
                response: JSONAPI.error(
                    400,
                    title: "Bad Request",
                    detail: "The request body must be a JSON:API document"
                )
            )
        }
        return json
    }

    /// A value of `filter[primary]` / `filter[archived]` style: `true`/`false`/`1`/`0`.
    static func booleanFilter(_ value: String, name: String) throws(APIFailure) -> Bool {
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw APIFailure(
                response: JSONAPI.error(
                    400,
                    title: "Invalid filter value",
                    detail: "\(value) is not a valid value for \(name)."
                )
            )
        }
    }
}
