import Foundation
import FoundationNetworking
import ITGlueSandbox
import Testing

/// Opt-in: throughput measurements and a way to serve the sandbox for external load tools (`wrk`).
@Suite("Sandbox benchmark", .serialized)
struct SandboxBenchmark {
    /// `SANDBOX_SERVE_SECONDS=N [SANDBOX_SERVE_PORT=P] swift test --filter SandboxBenchmark/serve` serves the demo
    /// data for N seconds, for `wrk -H 'x-api-key: sandbox-api-key' http://127.0.0.1:P/organizations/123456`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SANDBOX_SERVE_SECONDS"] != nil))
    func serve() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = Int(environment["SANDBOX_SERVE_SECONDS"] ?? "") ?? 30
        let port = Int(environment["SANDBOX_SERVE_PORT"] ?? "") ?? 8089
        var configuration = SandboxConfiguration()
        configuration.rateLimit = Int.max
        let sandbox = ITGlueSandbox(configuration: configuration)
        let url = try sandbox.start(port: port)
        print("Sandbox serving at \(url) for \(seconds) s")
        try await Task.sleep(for: .seconds(seconds))
        sandbox.stop()
    }

    /// `SANDBOX_BENCHMARK=1 swift test --filter SandboxBenchmark/urlSessionThroughput`: sequential URLSession
    /// requests over one keep-alive connection; prints requests per second.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SANDBOX_BENCHMARK"] != nil))
    func urlSessionThroughput() async throws {
        var configuration = SandboxConfiguration()
        configuration.rateLimit = Int.max
        let sandbox = ITGlueSandbox(configuration: configuration)
        let client = SandboxHTTPClient(baseURL: try sandbox.start())
        defer { sandbox.stop() }
        let count = 2000
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count {
            let reply = try await client.get("/organizations/123456")
            #expect(reply.status == 200)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "Sandbox URLSession throughput: \(count) requests in \(seconds) s = \(Int(Double(count) / seconds)) req/s"
        )
    }
}
