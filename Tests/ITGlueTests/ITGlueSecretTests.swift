import Foundation
import HTTPServer
import ITGlue
import ITGlueSandbox
import Logging
import Testing

/// The API key never appears in a log line, an error message or a result.
@Suite(.timeLimit(.minutes(1))) struct ITGlueSecretTests {
    static let key = "ITG.0123456789abcdef-secret"

    @Test func keyEchoedByTheServerIsRedacted() async throws {
        let handler = CapturingLogHandler()
        let (server, client) = try SandboxHarness.startServer(
            logger: handler.makeLogger(),
            configure: {
                $0.apiKey = Self.key
                $0.retry.maxAttempts = 2
            },
            handler: { request in
                let echoed = request.header("x-api-key") ?? ""
                return request.path.hasSuffix("/1")
                    ? .json(401, #"{"errors":[{"status":401,"title":"Bad key \#(echoed)"}]}"#)
                    : .json(500, #"{"message":"key was \#(echoed)"}"#)
            }
        )
        defer { server.stop() }
        for id in ["1", "2"] {
            let error = await #expect(throws: ITGlueError.self) { try await client.organization(id: id) }
            let text = error.map { "\($0) \($0.message) \(String(reflecting: $0))" } ?? ""
            #expect(!text.isEmpty)
            #expect(!text.contains(Self.key))
        }
        #expect(!handler.lines.isEmpty)
        #expect(handler.lines.allSatisfy { !$0.contains(Self.key) })
    }

    @Test func keyNeverLoggedDuringAnOffboardingsCalls() async throws {
        var configuration = SandboxConfiguration()
        configuration.apiKey = Self.key
        configuration.exportDelay = .zero
        let handler = CapturingLogHandler()
        let (sandbox, client) = try SandboxHarness.start(configuration, apiKey: Self.key, logger: handler.makeLogger())
        defer { sandbox.stop() }
        sandbox.inject(.failNext(1, status: 503))
        _ = try await client.organization(id: "200008")
        _ = try await client.childOrganizations(of: "200008")
        _ = try await client.dependencyCounts(organizationID: "200008")
        _ = try await client.dependentRecords(organizationID: "200008")
        let export = try await client.createExport(organizationID: "200008")
        _ = try await client.waitForExport(id: export.id, timeout: .seconds(10), interval: .milliseconds(50))
        _ = try await client.deleteOrganizations(ids: ["200008"])
        #expect(!sandbox.requestLog().isEmpty)
        #expect(sandbox.requestLog().allSatisfy { $0.isAPIKeyValid })
        #expect(handler.lines.contains { $0.contains("Retrying") })
        #expect(handler.lines.allSatisfy { !$0.contains(Self.key) })
    }
}
