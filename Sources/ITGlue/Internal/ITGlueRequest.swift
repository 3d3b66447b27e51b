import Foundation

/// One call to IT Glue, before transport concerns (rate limit, retries, headers) are added.
struct ITGlueRequest: Sendable {
    enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case patch = "PATCH"
        case delete = "DELETE"
    }

    var method: Method
    /// The path below the base URL, starting with `/`.
    var path: String
    /// Query parameters in order; keys like `filter[name]` are sent with their brackets percent-encoded.
    var query: [(name: String, value: String)] = []
    var body: Data?

    /// Whether sending the request twice has the effect of sending it once. Requests that are not
    /// (POST, DELETE) are retried only when the first attempt provably was not acted upon.
    var isIdempotent: Bool { self.method == .get || self.method == .patch }

    /// Characters sent as they are in a query key or value; everything else is percent-encoded, so a value
    /// can never smuggle in another parameter (`&`, `=`, `+`, `#`) or an escaped comma (`\,`) in a raw form.
    private static let queryAllowed = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
    )

    var percentEncodedQuery: String? {
        guard !self.query.isEmpty else { return nil }
        return self.query.map { item in
            let name = item.name.addingPercentEncoding(withAllowedCharacters: Self.queryAllowed) ?? ""
            let value = item.value.addingPercentEncoding(withAllowedCharacters: Self.queryAllowed) ?? ""
            return "\(name)=\(value)"
        }
        .joined(separator: "&")
    }
}
