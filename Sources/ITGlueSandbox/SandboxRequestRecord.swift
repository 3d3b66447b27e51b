public import Foundation

/// One API request as the sandbox saw it. The API key is never stored, only whether it matched.
public struct SandboxRequestRecord: Sendable {
    /// When the request arrived.
    public var date: Date
    /// The HTTP method.
    public var method: String
    /// The decoded path, without the query.
    public var path: String
    /// The decoded query parameters, in order.
    public var query: [(name: String, value: String)]
    /// The body as UTF-8 text, with `zip-password` values redacted.
    public var body: String
    /// The status answered (or, after `drop_after_processing`, the one that was lost); nil when a fault dropped
    /// or held the connection before the request was handled.
    public var status: Int?
    /// The fault that met the request: `drop`, `hang`, `drop_after_processing` or `truncate`; nil for none.
    /// Injected failures and 429s are ordinary answers and show only in ``status``.
    public var fault: String?
    /// Whether an `x-api-key` header was sent at all.
    public var hasAPIKey: Bool
    /// Whether the `x-api-key` header matched the configured key.
    public var isAPIKeyValid: Bool

    /// The first value of the query parameter with this exact name.
    public func queryValue(_ name: String) -> String? {
        self.query.first { $0.name == name }?.value
    }

    /// Whether any query parameter name starts with `filter`.
    public var hasFilterParameters: Bool { self.query.contains { $0.name.hasPrefix("filter") } }
}
