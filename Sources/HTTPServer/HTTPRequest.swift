/// One parsed HTTP/1.1 request, handed to the handler of an ``HTTPServer``.
public struct HTTPRequest: Sendable {
    /// The method as sent, e.g. `GET` (methods are case-sensitive in HTTP).
    public var method: String
    /// The percent-decoded path, without the query string.
    public var path: String
    /// The query parameters in their original order, names and values percent-decoded (`+` reads as a space).
    public var query: [(name: String, value: String)]
    /// The header fields in their original order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body bytes (empty when the request had none).
    public var body: [UInt8]

    /// Creates a request; the server builds these, tests may too.
    public init(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of the first header field with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return self.headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The value of the first query parameter with exactly this name.
    public func queryValue(_ name: String) -> String? {
        self.query.first { $0.name == name }?.value
    }

    /// The body decoded as UTF-8 (invalid sequences become U+FFFD).
    public var bodyText: String { String(decoding: self.body, as: UTF8.self) }
}
