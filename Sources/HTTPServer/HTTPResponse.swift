/// The answer a handler gives to one ``HTTPRequest``.
///
/// The server adds `Content-Length` (and `Connection: close` when it closes), so handlers need not.
/// Two markers do not answer at all, for fault injection: ``dropConnection`` and ``holdConnection``.
public struct HTTPResponse: Sendable {
    /// What the server does with the connection once the handler returns.
    enum Disposition: Sendable {
        case send
        case drop
        case hold
        case truncate
    }

    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields to send, in order. `Content-Length` and `Connection` are managed by the server.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]
    let disposition: Disposition

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.init(status: status, headers: headers, body: body, disposition: .send)
    }

    private init(status: Int, headers: [(String, String)], body: [UInt8], disposition: Disposition) {
        self.status = status
        self.headers = headers
        self.body = body
        self.disposition = disposition
    }

    /// A response whose body is `text`, labelled with `contentType`.
    public static func json(
        _ status: Int,
        _ text: String,
        contentType: String = "application/json"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// A plain-text (or other textual) response.
    public static func text(
        _ status: Int,
        _ text: String,
        contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// Closes the connection without sending anything, as a crashed or reset server would.
    public static let dropConnection = HTTPResponse(status: 0, headers: [], body: [], disposition: .drop)

    /// Keeps the connection open without answering until the client closes it or the server stops, as a hung
    /// upstream would.
    public static let holdConnection = HTTPResponse(status: 0, headers: [], body: [], disposition: .hold)

    /// Sends the head (with the full `Content-Length`) and only part of the body of `response`, then closes,
    /// as a connection reset in mid-response would. Clients cannot mistake it for a complete answer, and
    /// HTTP clients do not silently retry it as they may retry a connection closed before any byte.
    public static func truncated(_ response: HTTPResponse) -> HTTPResponse {
        var body = response.body
        if body.isEmpty {
            body = Array("{}".utf8)
        }
        return HTTPResponse(status: response.status, headers: response.headers, body: body, disposition: .truncate)
    }

    /// Whether this is ``dropConnection``.
    public var isDropConnection: Bool { self.disposition == .drop }

    /// Whether this is ``holdConnection``.
    public var isHoldConnection: Bool { self.disposition == .hold }

    /// Whether this was made by ``truncated(_:)``.
    public var isTruncated: Bool { self.disposition == .truncate }

    /// The standard reason phrase for a status code.
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Entity"
        case 423: "Locked"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}
