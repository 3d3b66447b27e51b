public import Foundation

/// How to reach IT Glue and how hard to push it.
///
/// The description never shows the API key.
public struct ITGlueConfiguration: Sendable, CustomStringConvertible {
    /// Exponential backoff with full jitter, bounded in attempts and in total time.
    ///
    /// The delay before retry *n* (1-based) is a random duration in `0...min(maximumDelay, baseDelay * 2^(n-1))`.
    /// A `Retry-After` header replaces that delay; when it would overrun ``totalBudget``, the client stops
    /// retrying and reports the failure instead of sleeping past its budget.
    public struct RetryPolicy: Sendable, Hashable {
        /// Attempts in total, the first included. Default: 5.
        public var maxAttempts: Int = 5
        /// Upper bound of the first retry's delay. Default: 0.5 s.
        public var baseDelay: Duration = .milliseconds(500)
        /// Upper bound of any computed delay. Default: 30 s.
        public var maximumDelay: Duration = .seconds(30)
        /// Time from the first attempt after which no retry starts. Default: 120 s.
        public var totalBudget: Duration = .seconds(120)

        public init() {}

        /// A policy that sends every request once.
        public static var none: RetryPolicy {
            var policy = RetryPolicy()
            policy.maxAttempts = 1
            return policy
        }
    }

    /// The API root, e.g. `https://api.itglue.com`.
    public var baseURL: URL
    /// The `x-api-key`. Never logged, never in an error.
    public var apiKey: String
    /// Requests per ``rateLimitWindow`` that this process may send to ``baseURL``. Default: 3000 (IT Glue's limit).
    public var rateLimit: Int = 3000
    /// The window of ``rateLimit``. Default: 5 minutes.
    public var rateLimitWindow: Duration = .seconds(300)
    /// Time allowed for one HTTP exchange. Default: 30 s.
    public var requestTimeout: Duration = .seconds(30)
    /// Retries of failed requests. Default: ``RetryPolicy/init()``.
    public var retry: RetryPolicy = .init()
    /// How long the list of flexible asset types is reused before it is fetched again. Default: 10 minutes.
    public var flexibleAssetTypesTTL: Duration = .seconds(600)
    /// How many requests one ``ITGlueClient/dependencyCounts(organizationID:)`` or
    /// ``ITGlueClient/dependentRecords(organizationID:knownCounts:)`` runs at once. Default: 8.
    public var maximumConcurrentRequests: Int = 8

    public init(baseURL: URL, apiKey: String) {
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    /// The base URL of an IT Glue data centre: `us`, `eu` or `au` (any case); nil for anything else.
    public static func baseURL(region: String) -> URL? {
        switch region.lowercased() {
        case "us": URL(string: "https://api.itglue.com")
        case "eu": URL(string: "https://api.eu.itglue.com")
        case "au": URL(string: "https://api.au.itglue.com")
        default: nil
        }
    }

    public var description: String {
        "ITGlueConfiguration(baseURL: \(self.baseURL.absoluteString), apiKey: <redacted>, "
            + "rateLimit: \(self.rateLimit) per \(self.rateLimitWindow), requestTimeout: \(self.requestTimeout), "
            + "maxAttempts: \(self.retry.maxAttempts))"
    }
}
