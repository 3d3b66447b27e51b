import Foundation
import ITGlueSandbox
import Testing

@testable import ITGlue

@Suite(.timeLimit(.minutes(1))) struct ITGlueRateLimiterTests {
    /// A burst of concurrent work against a sandbox limit stays under it: not a single 429.
    @Test func burstStaysUnderTheSandboxLimit() async throws {
        var configuration = SandboxConfiguration()
        configuration.rateLimit = 30
        configuration.rateLimitWindow = .milliseconds(500)
        let (sandbox, client) = try SandboxHarness.start(
            configuration,
            configure: {
                $0.rateLimit = 28
                $0.rateLimitWindow = .milliseconds(500)
                $0.retry = .none
            }
        )
        defer { sandbox.stop() }
        // A second client of the same account and limit shares the process-wide limiter (not the type cache).
        let other = ITGlueClient(configuration: client.configuration)
        let counts = try await withThrowingTaskGroup(of: ITGlueDependencyCounts.self) { group in
            for index in 0..<40 {
                let chosen = index.isMultiple(of: 2) ? client : other
                group.addTask { try await chosen.dependencyCounts(organizationID: "123456") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts.count == 40)
        #expect(counts.allSatisfy { $0.flexibleAssets == 12 && $0.configurations == 4 && $0.documents == 7 })
        let log = sandbox.requestLog()
        // 40 × (6 nested counts + 3 flexible asset types), and one listing of the types per client.
        #expect(log.count == 40 * 9 + 2)
        #expect(SandboxHarness.requests(sandbox, path: "/flexible_asset_types").count == 2)
        #expect(!log.contains { $0.status == 429 })
    }

    /// The same burst without a client limit does meet 429s: the test above would catch a limiter that let it through.
    @Test func burstWithoutTheLimiterMeets429() async throws {
        var configuration = SandboxConfiguration()
        configuration.rateLimit = 10
        configuration.rateLimitWindow = .seconds(30)
        let (sandbox, client) = try SandboxHarness.start(configuration, configure: { $0.retry = .none })
        defer { sandbox.stop() }
        await #expect(throws: ITGlueError(code: .rateLimited, message: "")) {
            for _ in 0..<20 { _ = try await client.organization(id: "123456") }
        }
        #expect(sandbox.requestLog().contains { $0.status == 429 })
    }

    @Test func clientsWithTheSameLimitShareOneLimiter() throws {
        let url = "https://shared.itglue.invalid"
        let first = ITGlueRateLimiter.shared(baseURL: url, limit: 100, window: .seconds(300))
        let second = ITGlueRateLimiter.shared(baseURL: url, limit: 100, window: .seconds(300))
        let other = ITGlueRateLimiter.shared(baseURL: url, limit: 50, window: .seconds(300))
        #expect(first === second)
        #expect(first !== other)
    }

    @Test func slotsFreeOnlyAWindowAfterTheAnswer() async throws {
        let limiter = ITGlueRateLimiter(limit: 2, window: .seconds(60))
        try await limiter.acquire()
        try await limiter.acquire()
        limiter.release()
        let wait = try #require(limiter.waitBeforeAcquiring())
        #expect(wait > .seconds(55) && wait <= .seconds(60))
    }

    @Test func a429HalvesTheRateAndHonoursRetryAfter() async throws {
        let limiter = ITGlueRateLimiter(limit: 4, window: .seconds(60))
        try await limiter.acquire()
        limiter.release()
        try await limiter.acquire()
        limiter.release()
        #expect(limiter.waitBeforeAcquiring() == nil)
        limiter.slowDown(retryAfter: nil)
        // Two requests in the window are all the halved limit allows.
        #expect(limiter.waitBeforeAcquiring() != nil)

        let paused = ITGlueRateLimiter(limit: 100, window: .seconds(60))
        paused.slowDown(retryAfter: .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now
        try await paused.acquire()
        #expect(clock.now - start >= .milliseconds(290))
    }

    @Test func waitingIsCancellable() async throws {
        let limiter = ITGlueRateLimiter(limit: 1, window: .seconds(600))
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }
}
