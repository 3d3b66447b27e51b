/// How an ``ITGlueSandbox`` behaves where the real IT Glue's behaviour is a matter of timing or policy.
public struct SandboxConfiguration: Sendable {
    /// The only API key accepted in `x-api-key`. Default: `sandbox-api-key`.
    public var apiKey: String = "sandbox-api-key"
    /// How long an organization stays visible to GET after a successful `DELETE /organizations` (IT Glue
    /// deletes asynchronously). Default: zero, gone at once.
    public var deletionDelay: Duration = .zero
    /// How long after `POST /exports` the export's `download-url` is set. Default: 1 s.
    public var exportDelay: Duration = .seconds(1)
    /// Requests accepted per ``rateLimitWindow`` for the API key before 429. Default: 3000 (IT Glue's limit).
    public var rateLimit: Int = 3000
    /// The sliding window of the rate limit. Default: 300 s.
    public var rateLimitWindow: Duration = .seconds(300)
    /// Whether a 429 carries `Retry-After` (whole seconds until the window frees a slot). IT Glue's is
    /// unconfirmed, so clients must cope without it. Default: false.
    public var isRetryAfterEnabled = false
    /// The `resource-url` host shown on records. Default: `https://sandbox.itglue.invalid`.
    public var resourceURLBase = "https://sandbox.itglue.invalid"

    /// The most request-log records kept; the oldest are dropped beyond it, so a long-running sandbox stays
    /// bounded in memory. Default: 10 000.
    public var requestLogCapacity = 10_000

    /// A configuration with every default.
    public init() {}
}
