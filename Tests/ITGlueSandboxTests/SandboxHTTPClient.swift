import Foundation
import FoundationNetworking
import JSONSchema

/// A URLSession client for the sandbox, speaking as an IT Glue client would.
struct SandboxHTTPClient: Sendable {
    /// One answer: status, headers and the body, parsed as JSON when it is JSON.
    struct Reply {
        var status: Int
        var response: HTTPURLResponse
        var data: Data
        var text: String { String(decoding: self.data, as: UTF8.self) }
        /// The body as a JSON value, for comparing content regardless of member order; nil when it is not JSON.
        var document: JSONValue? { try? JSONValue(parsing: self.data) }
        var json: JSONNode {
            JSONNode((try? JSONSerialization.jsonObject(with: self.data, options: [.fragmentsAllowed])) ?? NSNull())
        }
        var contentType: String? { self.response.value(forHTTPHeaderField: "Content-Type") }
    }

    static let apiKey = "sandbox-api-key"
    let baseURL: URL
    let session: URLSession

    init(baseURL: URL, timeout: TimeInterval = 30) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        self.session = URLSession(configuration: configuration)
    }

    func send(
        _ method: String,
        _ path: String,
        query: [(String, String)] = [],
        body: String? = nil,
        apiKey: String? = Self.apiKey,
        contentType: String? = "application/vnd.api+json",
        timeout: TimeInterval? = nil
    ) async throws -> Reply {
        var text = self.baseURL.absoluteString + path
        if !query.isEmpty {
            text += "?" + query.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        }
        var request = URLRequest(url: URL(string: text)!)
        request.httpMethod = method
        if let timeout {
            request.timeoutInterval = timeout
        }
        if let apiKey {
            request.setValue(apiKey, forHTTPHeaderField: "x-api-key")
        }
        if let body {
            request.httpBody = Data(body.utf8)
            if let contentType {
                request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            }
        }
        let (data, response) = try await self.session.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, response: http, data: data)
    }

    func get(_ path: String, _ query: [(String, String)] = []) async throws -> Reply {
        try await self.send("GET", path, query: query)
    }

    /// Percent-encodes everything but unreserved characters, as a careful client does.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(
                charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
            )
        ) ?? text
    }
}
