/// An error from the IT Glue client.
///
/// The ``code`` says what went wrong; ``status`` is the HTTP status when IT Glue answered; ``message`` is
/// IT Glue's own explanation (its `title`/`detail`, else `message`, else the first part of the raw body). The
/// API key never appears in an error: messages are scrubbed of it before they are stored.
///
/// Equality compares the code only, so that `error == ITGlueError(code: .notFound)`-style checks read naturally.
public struct ITGlueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as an open set: new codes can be added without breaking `switch`-free callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Hashable, Sendable {
            case permissionDenied
            case notFound
            case invalidRequest
            case rateLimited
            case server
            case connection
            case invalidResponse
            case deletionMismatch
            case exportTimedOut
        }

        private let backing: Backing

        private init(_ backing: Backing) { self.backing = backing }

        /// IT Glue answered 401 or 403: the key is wrong, revoked, for another region, or lacks the right.
        public static let permissionDenied = Code(.permissionDenied)
        /// IT Glue answered 404.
        public static let notFound = Code(.notFound)
        /// IT Glue refused the request itself (400, 415, 422 or another 4xx), or the client refused to send it.
        public static let invalidRequest = Code(.invalidRequest)
        /// IT Glue answered 429 on every attempt.
        public static let rateLimited = Code(.rateLimited)
        /// IT Glue answered 5xx on every attempt.
        public static let server = Code(.server)
        /// No answer: timeout, DNS failure, refused or reset connection, on every attempt.
        public static let connection = Code(.connection)
        /// IT Glue answered, but the body could not be understood.
        public static let invalidResponse = Code(.invalidResponse)
        /// The answer to `DELETE /organizations` did not name exactly the ids that were sent.
        public static let deletionMismatch = Code(.deletionMismatch)
        /// An export did not become ready within the time allowed.
        public static let exportTimedOut = Code(.exportTimedOut)

        public var description: String { self.backing.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The HTTP status IT Glue answered with, when it answered.
    public var status: Int?
    /// IT Glue's explanation, or the client's; never contains the API key.
    public var message: String

    /// Whether trying again later may succeed (429, 5xx, connection problems).
    public var isRetriable: Bool {
        self.code == .rateLimited || self.code == .server || self.code == .connection
    }

    /// Whether the error means IT Glue could not be reached or would not serve us (429, 5xx, timeouts, network),
    /// which the service reports as `ITGlueConnectionError`.
    public var isConnectionError: Bool { self.isRetriable }

    /// How long the server asked us to wait (`Retry-After`), used by the retry loop.
    var retryAfter: Duration?
    /// Whether the request provably never reached the server (refused connection, DNS), or the server
    /// provably did not act on it (429, 503): the only failures after which a `DELETE` is sent again.
    var isProvablyUnprocessed: Bool
    /// Whether a 404 came without a JSON body: the HTML page IT Glue serves for an unknown route, which says
    /// nothing about the record (a wrong base URL would otherwise make every organization look deleted).
    var isUnknownRoute = false

    public init(code: Code, status: Int? = nil, message: String) {
        self.init(code: code, status: status, message: message, retryAfter: nil, isProvablyUnprocessed: false)
    }

    init(code: Code, status: Int?, message: String, retryAfter: Duration?, isProvablyUnprocessed: Bool) {
        self.code = code
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
        self.isProvablyUnprocessed = isProvablyUnprocessed
    }

    public var description: String {
        var text = "ITGlueError(\(self.code)"
        if let status = self.status { text += ", status \(status)" }
        return text + "): \(self.message)"
    }

    public static func == (lhs: ITGlueError, rhs: ITGlueError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }
}
