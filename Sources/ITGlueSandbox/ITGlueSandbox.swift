public import Foundation
import HTTPServer
import JSONSchema
public import Logging
import Synchronization

/// An in-memory IT Glue behind a loopback HTTP server, answering as the real API does (see
/// `notes/itglue-api.md`): JSON:API documents with string ids and kebab-case attributes, IT Glue's paging
/// `meta` and `links`, its error bodies, asynchronous deletion, a sliding-window rate limit, and injected faults.
///
/// ```swift
/// let sandbox = ITGlueSandbox()
/// let baseURL = try sandbox.start()          // http://127.0.0.1:<port>
/// defer { sandbox.stop() }
/// sandbox.inject(.failNext(2, status: 503))
/// ```
///
/// Where the real API's behaviour is unconfirmed, the sandbox takes the stance that catches client mistakes:
/// - `page[size]` above 1000 (or below 1) is refused with 422 instead of clamped.
/// - Unknown `filter[...]` names are refused with 400 ("Filter not allowed"), unknown `sort` keys and
///   `include` values too; nested relationship routes accept only `filter[archived]` (configurations, passwords).
/// - `filter[name]` matches exactly and case-sensitively; commas separate values unless escaped as `\,`.
/// - Archived configurations and passwords are listed (and counted) unless `filter[archived]` says otherwise.
/// - `DELETE /organizations` with any `filter...` query parameter is refused with 400 and deletes nothing; a
///   batch is all-or-nothing (404 for an unknown id, 422 for the primary organization); `data` must be an array.
///   Deleting removes the organization's records and flexible assets, not its child organizations.
/// - `DELETE /organizations/:id` is an unknown route (HTML 404). Root organizations have `ancestor-ids` `"[]"`.
/// - The adapters-resources shape under `include=adapters_resources` is the project's assumption.
/// - Content-Type is required on writes only when they carry a body (as [DOC] says); responses are labelled
///   `application/vnd.api+json; charset=utf-8`.
/// - The rate limit counts authenticated requests only; refused (429) requests do not count.
///
/// Sandbox-only control endpoints under `/_sandbox/` need no API key and are never part of the request log:
/// `GET|POST|DELETE /_sandbox/faults` (POST takes `{"latency_ms":200}`, `{"fail_next":3,"status":503,
/// "body":"jsonapi"}`, `{"rate_limit_next":5}`, `{"drop_next":2}`, `{"hang_next":1}`, `{"truncate_next":1}`,
/// `{"drop_after_next":1}`,
/// combinable),
/// `GET|DELETE /_sandbox/requests` (the request log) and `POST /_sandbox/reset` (data, faults, log, rate window).
public final class ITGlueSandbox: Sendable {
    let configuration: SandboxConfiguration
    let logger: Logger
    let state: Mutex<SandboxState>
    private let server = Mutex<HTTPServer?>(nil)

    /// Creates a sandbox serving `dataset`; nothing listens until ``start(host:port:)``.
    public init(
        dataset: SandboxDataset = .demo,
        configuration: SandboxConfiguration = .init(),
        logger: Logger = .silent
    ) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(SandboxState(dataset: dataset))
    }

    /// Starts serving.
    /// - Parameters:
    ///   - host: The address to bind. Default: loopback.
    ///   - port: The port; 0 picks a free one.
    /// - Returns: The base URL, e.g. `http://127.0.0.1:49152`.
    /// - Throws: An `HTTPServerError` when the address is in use or invalid; a ``SandboxError`` with code
    ///   `alreadyStarted` when the sandbox is running.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) throws -> URL {
        var serverConfiguration = HTTPServer.Configuration()
        serverConfiguration.host = host
        serverConfiguration.port = port
        let server = HTTPServer(configuration: serverConfiguration, logger: self.logger) { [weak self] request in
            guard let self else { return .dropConnection }
            return await self.handle(request)
        }
        try self.server.withLock { current in
            guard current == nil else {
                throw SandboxError(code: .alreadyStarted, message: "The sandbox is already running")
            }
            current = server
        }
        let boundPort: Int
        do {
            boundPort = try server.start()
        } catch {
            self.server.withLock { $0 = nil }
            throw error
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let base = "http://\(hostPart):\(boundPort)"
        self.state.withLock { $0.baseURL = base }
        self.logger.info("IT Glue sandbox listening", metadata: ["sandbox.url": base])
        return URL(string: base)!
    }

    /// Stops serving: held and idle connections are closed and running requests cancelled. Idempotent.
    public func stop() {
        let server = self.server.withLock { server in
            defer { server = nil }
            return server
        }
        server?.stop()
        self.state.withLock { $0.baseURL = "" }
    }

    /// The base URL while running, else nil.
    public var baseURL: URL? {
        let base = self.state.withLock { $0.baseURL }
        return base.isEmpty ? nil : URL(string: base)
    }

    // MARK: - Faults

    /// Adds a fault for the next API requests (see ``SandboxFault``).
    public func inject(_ fault: SandboxFault) {
        self.state.withLock { $0.inject(fault) }
    }

    /// Removes every injected fault, latency included.
    public func clearFaults() {
        self.state.withLock { $0.faults = SandboxState.Faults() }
    }

    // MARK: - Request log

    /// The API requests so far, oldest first (control endpoints excluded; at most
    /// ``SandboxConfiguration/requestLogCapacity``, the newest kept).
    public func requestLog() -> [SandboxRequestRecord] {
        let capacity = max(0, self.configuration.requestLogCapacity)
        return self.state.withLock { Array($0.log.suffix(capacity)) }
    }

    /// Empties the request log.
    public func clearRequestLog() {
        self.state.withLock { $0.log = [] }
    }

    // MARK: - Data

    /// Whether `GET /organizations/:id` would currently find the organization (true while a deletion is
    /// pending, false once it completed).
    public func organizationExists(id: String) -> Bool {
        self.state.withLock { state in
            state.completeDeletions(now: .now)
            return state.organization(id: id) != nil
        }
    }

    /// Whether the organization was accepted for deletion and is still visible.
    public func isDeletionPending(id: String) -> Bool {
        self.state.withLock { state in
            state.completeDeletions(now: .now)
            return state.pendingDeletions[id] != nil
        }
    }

    /// A copy of the data as the API currently shows it.
    public func dataset() -> SandboxDataset {
        self.state.withLock { state in
            state.completeDeletions(now: .now)
            return state.dataset
        }
    }

    /// Adds or replaces (by id) an organization.
    public func addOrganization(_ organization: SandboxDataset.Organization) {
        self.state.withLock { state in
            state.dataset.organizations.removeAll { $0.id == organization.id }
            state.dataset.organizations.append(organization)
        }
    }

    /// Changes the data in place, e.g. to add records for a test.
    /// - Throws: A ``SandboxError`` (and changes nothing) when the result breaks a data set invariant.
    public func updateDataset(_ change: (inout SandboxDataset) -> Void) throws(SandboxError) {
        try self.state.withLock { (state: inout SandboxState) throws(SandboxError) in
            var dataset = state.dataset
            change(&dataset)
            try dataset.validate()
            state.dataset = dataset
        }
    }

    /// Restores the initial data and clears faults, the request log, exports, pending deletions and the rate
    /// window.
    public func reset() {
        self.state.withLock { $0.reset() }
    }

    // MARK: - Serving

    private func handle(_ request: HTTPRequest) async -> HTTPResponse {
        if request.path == "/_sandbox" || request.path.hasPrefix("/_sandbox/") {
            return self.handleControl(request)
        }
        let (latency, action) = self.state.withLock { state in (state.faults.latency, state.takeFaultAction()) }
        if latency > .zero {
            do {
                try await Task.sleep(for: latency)
            } catch {
                return .dropConnection
            }
        }
        let response: HTTPResponse
        switch action {
        case .drop:
            self.record(request, status: nil, fault: "drop")
            return .dropConnection
        case .hang:
            self.record(request, status: nil, fault: "hang")
            return .holdConnection
        case .fail(let status, let body):
            response = Self.injectedFailure(status: status, body: body)
        case .rateLimit:
            response = SandboxState.tooManyRequests(retryAfterSeconds: self.configuration.isRetryAfterEnabled ? 1 : nil)
        case .none, .truncate, .dropAfterProcessing:
            let context = APIContext(request: request, configuration: self.configuration, now: .now, date: Date())
            response = self.state.withLock { $0.handleAPI(context) }
        }
        switch action {
        case .truncate:
            self.record(request, status: response.status, fault: "truncate")
            return .truncated(response)
        case .dropAfterProcessing:
            self.record(request, status: response.status, fault: "drop_after_processing")
            return .dropConnection
        default:
            break
        }
        self.record(request, status: response.status, fault: nil)
        return response
    }

    private func record(_ request: HTTPRequest, status: Int?, fault: String?) {
        let key = request.header("x-api-key")
        let record = SandboxRequestRecord(
            date: Date(),
            method: request.method,
            path: request.path,
            query: request.query,
            body: Self.redactedBody(request.body),
            status: status,
            fault: fault,
            hasAPIKey: key != nil,
            isAPIKeyValid: key == self.configuration.apiKey
        )
        let capacity = max(0, self.configuration.requestLogCapacity)
        self.state.withLock { state in
            state.log.append(record)
            // Trim in batches so that a full log does not shift every record on each request.
            if state.log.count > capacity + capacity / 8 {
                state.log.removeFirst(state.log.count - capacity)
            }
        }
    }

    /// The body text with `zip-password` values replaced, so that the log never holds an export password.
    static func redactedBody(_ body: [UInt8]) -> String {
        let text = String(decoding: body, as: UTF8.self)
        guard text.contains("zip-password") || text.contains("zip_password") else { return text }
        guard let json = try? JSONValue(parsing: body) else { return "[redacted]" }
        func redact(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(var members):
                for (key, member) in members {
                    members[key] =
                        key == "zip-password" || key == "zip_password" ? .string("[redacted]") : redact(member)
                }
                return .object(members)
            case .array(let values): return .array(values.map(redact))
            default: return value
            }
        }
        return redact(json).serialized()
    }

    static func injectedFailure(status: Int, body: SandboxFault.ErrorBody) -> HTTPResponse {
        let title = HTTPResponse.reasonPhrase(for: status)
        switch body {
        case .jsonAPI:
            return JSONAPI.error(status, title: title)
        case .jsonAPIStringStatus:
            let error = JSONValue.object(["status": .string(String(status)), "title": .string(title)])
            return JSONAPI.document(status, .object(["errors": .array([error])]))
        case .message:
            return .json(status, JSONValue.object(["message": .string(title)]).serialized())
        case .html:
            return .json(
                status,
                "<html><head><title>\(status) \(title)</title></head><body><h1>\(title)</h1></body></html>\n",
                contentType: "text/html; charset=utf-8"
            )
        case .empty:
            return HTTPResponse(status: status)
        }
    }
}
