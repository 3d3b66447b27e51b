import Foundation
import HTTPServer
import ITGlue
import ITGlueSandbox
import Testing

@Suite(.timeLimit(.minutes(1))) struct ITGlueRetryTests {
    @Test func serverErrorsThenSuccess() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        sandbox.inject(.failNext(2, status: 500))
        #expect(try await client.organization(id: "123456")?.name == "Example Client")
        let statuses = SandboxHarness.requests(sandbox, path: "/organizations/123456").map(\.status)
        #expect(statuses == [500, 500, 200])
    }

    @Test func rateLimitBurstThenSuccess() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        sandbox.inject(.rateLimitNext(3))
        #expect(try await client.organizations(named: "Happy Frog").count == 1)
        let statuses = SandboxHarness.requests(sandbox, path: "/organizations").map(\.status)
        #expect(statuses == [429, 429, 429, 200])
    }

    @Test func droppedConnectionsAreRetried() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        sandbox.inject(.dropNext(2))
        #expect(try await client.organization(id: "200001")?.name == "Happy Frog")
        let records = SandboxHarness.requests(sandbox, path: "/organizations/200001")
        #expect(records.count == 3)
        #expect(records.last?.status == 200)
    }

    @Test func hangTimesOutThenRetries() async throws {
        let (sandbox, client) = try SandboxHarness.start(configure: { $0.requestTimeout = .milliseconds(500) })
        defer { sandbox.stop() }
        sandbox.inject(.hangNext(1))
        #expect(try await client.organization(id: "200001")?.name == "Happy Frog")
        #expect(SandboxHarness.requests(sandbox, path: "/organizations/200001").count == 2)
    }

    @Test func hangWithoutRetriesIsAConnectionError() async throws {
        let (sandbox, client) = try SandboxHarness.start(configure: {
            $0.requestTimeout = .milliseconds(500)
            $0.retry = .none
        })
        defer { sandbox.stop() }
        sandbox.inject(.hangNext(1))
        let error = await #expect(throws: ITGlueError.self) { try await client.organization(id: "200001") }
        #expect(error?.code == .connection)
        #expect(error?.isConnectionError == true)
        #expect(error?.message.contains("timed out") == true)
    }

    @Test func cancellingEndsAHungRequest() async throws {
        let (sandbox, client) = try SandboxHarness.start(configure: { $0.requestTimeout = .seconds(300) })
        defer { sandbox.stop() }
        sandbox.inject(.hangNext(1))
        let lookup = Task { try await client.organization(id: "200001") }
        while sandbox.requestLog().isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        lookup.cancel()
        // Without cancellation this would wait out the 300 s timeout and fail the suite's time limit.
        await #expect(throws: CancellationError.self) { try await lookup.value }
        #expect(sandbox.requestLog().count == 1)
    }

    @Test func exhaustedRetriesAreConnectionErrors() async throws {
        let (sandbox, client) = try SandboxHarness.start(configure: { $0.retry.maxAttempts = 3 })
        defer { sandbox.stop() }
        sandbox.inject(.failNext(10, status: 502))
        let server = await #expect(throws: ITGlueError.self) { try await client.organization(id: "123456") }
        #expect(server?.code == .server)
        #expect(server?.isConnectionError == true)
        #expect(SandboxHarness.requests(sandbox, path: "/organizations/123456").count == 3)

        sandbox.reset()  // clears the remaining injected failures and the log
        sandbox.inject(.rateLimitNext(10))
        let limited = await #expect(throws: ITGlueError.self) { try await client.organization(id: "200001") }
        #expect(limited?.code == .rateLimited)
        #expect(limited?.isConnectionError == true)
        #expect(SandboxHarness.requests(sandbox, path: "/organizations/200001").count == 3)
    }

    @Test func refusedConnectionIsAConnectionError() async throws {
        let server = HTTPServer(handler: { _ in .text(200, "") })
        let port = try server.start()
        server.stop()
        var configuration = SandboxHarness.configuration(baseURL: try requireURL("http://127.0.0.1:\(port)"))
        configuration.retry.maxAttempts = 2
        let client = ITGlueClient(configuration: configuration)
        let error = await #expect(throws: ITGlueError.self) { try await client.organization(id: "123456") }
        #expect(error?.code == .connection)
        #expect(error?.isConnectionError == true)
    }

    @Test func unprocessableIsNotRetried() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        sandbox.inject(.failNext(5, status: 422))
        let error = await #expect(throws: ITGlueError.self) { try await client.organization(id: "123456") }
        #expect(error?.code == .invalidRequest)
        #expect(SandboxHarness.requests(sandbox, path: "/organizations/123456").count == 1)
    }

    @Test func retryAfterIsHonoured() async throws {
        let counter = RequestCounter()
        let organization = #"{"data":{"id":"5","type":"organizations","attributes":{"name":"Five","primary":false}}}"#
        let (server, client) = try SandboxHarness.startServer(handler: { _ in
            counter.next() == 1
                ? HTTPResponse(status: 429, headers: [("Retry-After", "1")], body: Array(#"{"errors":[]}"#.utf8))
                : .json(200, organization)
        })
        defer { server.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try await client.organization(id: "5")?.name == "Five")
        // The computed backoff is at most 50 ms here; only Retry-After explains a wait of a second.
        #expect(clock.now - start >= .milliseconds(950))
        #expect(counter.count == 2)
    }

    @Test func retryAfterBeyondTheBudgetStopsRetrying() async throws {
        let counter = RequestCounter()
        let (server, client) = try SandboxHarness.startServer(
            configure: { $0.retry.totalBudget = .seconds(5) },
            handler: { _ in
                _ = counter.next()
                return HTTPResponse(status: 429, headers: [("Retry-After", "3600")], body: [])
            }
        )
        defer { server.stop() }
        let error = await #expect(throws: ITGlueError.self) { try await client.organization(id: "5") }
        #expect(error?.code == .rateLimited)
        #expect(counter.count == 1)
    }

    @Test func sandboxRetryAfterIsHonoured() async throws {
        var configuration = SandboxConfiguration()
        configuration.rateLimit = 3
        configuration.rateLimitWindow = .seconds(1)
        configuration.isRetryAfterEnabled = true
        // The client believes it may send far more, so the sandbox's 429 and Retry-After do the pacing.
        let (sandbox, client) = try SandboxHarness.start(configuration)
        defer { sandbox.stop() }
        for _ in 0..<6 {
            #expect(try await client.organization(id: "123456") != nil)
        }
        let statuses = sandbox.requestLog().compactMap(\.status)
        #expect(statuses.filter { $0 == 200 }.count == 6)
        #expect(statuses.contains(429))
    }
}
