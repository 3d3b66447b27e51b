import Foundation
import HTTPServer
import ITGlue
import ITGlueSandbox
import Logging

/// Starts sandboxes and tiny HTTP servers on loopback and makes clients for them. Callers stop what they start
/// (`defer { sandbox.stop() }`).
enum SandboxHarness {
    static let apiKey = "sandbox-api-key"

    /// A client configuration with quick retries, so retry tests take milliseconds rather than seconds.
    static func configuration(baseURL: URL, apiKey: String = Self.apiKey) -> ITGlueConfiguration {
        var configuration = ITGlueConfiguration(baseURL: baseURL, apiKey: apiKey)
        configuration.requestTimeout = .seconds(10)
        configuration.retry.baseDelay = .milliseconds(10)
        configuration.retry.maximumDelay = .milliseconds(50)
        configuration.retry.totalBudget = .seconds(20)
        return configuration
    }

    /// A started demo sandbox and a client for it.
    static func start(
        _ sandboxConfiguration: SandboxConfiguration = SandboxConfiguration(),
        apiKey: String = Self.apiKey,
        logger: Logger = .silent,
        configure: (inout ITGlueConfiguration) -> Void = { _ in }
    ) throws -> (ITGlueSandbox, ITGlueClient) {
        let sandbox = ITGlueSandbox(dataset: .demo, configuration: sandboxConfiguration)
        let baseURL = try sandbox.start()
        var configuration = Self.configuration(baseURL: baseURL, apiKey: apiKey)
        configure(&configuration)
        return (sandbox, ITGlueClient(configuration: configuration, logger: logger))
    }

    /// A started HTTP server that answers every request with `handler`, and a client for it.
    static func startServer(
        logger: Logger = .silent,
        configure: (inout ITGlueConfiguration) -> Void = { _ in },
        handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse
    ) throws -> (HTTPServer, ITGlueClient) {
        let server = HTTPServer(handler: handler)
        let port = try server.start()
        var configuration = Self.configuration(baseURL: try requireURL("http://127.0.0.1:\(port)"))
        configure(&configuration)
        return (server, ITGlueClient(configuration: configuration, logger: logger))
    }

    /// The API requests the sandbox saw for `path` (every method unless given).
    static func requests(
        _ sandbox: ITGlueSandbox,
        path: String,
        method: String? = nil
    ) -> [SandboxRequestRecord] {
        sandbox.requestLog().filter { $0.path == path && (method == nil || $0.method == method) }
    }
}

/// A URL from a literal the test controls.
func requireURL(_ text: String) throws -> URL {
    guard let url = URL(string: text) else { throw URLError(.badURL) }
    return url
}
