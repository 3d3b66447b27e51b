import Foundation
import FoundationNetworking
import ITGlueSandbox
import JSONSchema
import Testing

@Suite("Sandbox rate limit and faults")
struct FaultAndRateLimitTests {
    @Test func answers429OnceTheWindowIsFull() async throws {
        try await withSandbox(configuration: configured { $0.rateLimit = 3 }) { _, client in
            for _ in 0..<3 {
                #expect(try await client.get("/organizations/123456").status == 200)
            }
            let limited = try await client.get("/organizations/123456")
            #expect(limited.status == 429)
            #expect(
                try limited.document == JSONValue(parsing: #"{"errors":[{"status":429,"title":"Too Many Requests"}]}"#)
            )
            #expect(limited.response.value(forHTTPHeaderField: "Retry-After") == nil)
        }
    }

    @Test func sendsRetryAfterWhenEnabledAndRecoversAsTheWindowSlides() async throws {
        try await withSandbox(
            configuration: configured {
                $0.rateLimit = 2
                $0.rateLimitWindow = .seconds(2)
                $0.isRetryAfterEnabled = true
            }
        ) { _, client in
            _ = try await client.get("/organizations")
            _ = try await client.get("/organizations")
            let limited = try await client.get("/organizations")
            #expect(limited.status == 429)
            let retryAfter = limited.response.value(forHTTPHeaderField: "Retry-After").flatMap(Int.init)
            #expect(retryAfter.map { (1...2).contains($0) } == true)
            var status = 429
            while status == 429 {
                try await Task.sleep(for: .milliseconds(50))
                status = try await client.get("/organizations").status
            }
            #expect(status == 200)
        }
    }

    @Test func admitsExactlyTheLimitOfAConcurrentBurst() async throws {
        try await withSandbox(configuration: configured { $0.rateLimit = 20 }) { sandbox, client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await client.get("/organizations/123456").status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 20)
            #expect(statuses.filter { $0 == 429 }.count == 30)
            #expect(sandbox.requestLog().count == 50)
        }
    }

    @Test func doesNotCountUnauthenticatedRequests() async throws {
        try await withSandbox(configuration: configured { $0.rateLimit = 1 }) { _, client in
            let actual8 = try await client.send("GET", "/organizations", apiKey: "bad").status
            #expect(actual8 == 401)
            let actual7 = try await client.get("/organizations").status
            #expect(actual7 == 200)
        }
    }

    @Test(arguments: SandboxFault.ErrorBody.allCases)
    func failsTheNextRequestsWithTheChosenBodyShape(body: SandboxFault.ErrorBody) async throws {
        try await withSandbox { sandbox, client in
            sandbox.inject(.failNext(2, status: 503, body: body))
            for _ in 0..<2 {
                let reply = try await client.get("/organizations/123456")
                #expect(reply.status == 503)
                switch body {
                case .jsonAPI:
                    #expect(reply.json["errors"][0]["status"].int == 503)
                    #expect(reply.json["errors"][0]["title"].string == "Service Unavailable")
                case .jsonAPIStringStatus: #expect(reply.json["errors"][0]["status"].string == "503")
                case .message: #expect(reply.json["message"].string == "Service Unavailable")
                case .html: #expect(reply.contentType?.hasPrefix("text/html") == true)
                case .empty: #expect(reply.data.isEmpty)
                }
            }
            #expect(try await client.get("/organizations/123456").status == 200)
        }
    }

    @Test func rateLimitsTheNextRequests() async throws {
        try await withSandbox { sandbox, client in
            sandbox.inject(.rateLimitNext(2))
            let actual6 = try await client.get("/organizations").status
            #expect(actual6 == 429)
            let actual5 = try await client.get("/organizations").status
            #expect(actual5 == 429)
            let actual4 = try await client.get("/organizations").status
            #expect(actual4 == 200)
        }
    }

    @Test func dropsTheNextConnection() async throws {
        try await withSandbox { sandbox, client in
            sandbox.inject(.dropNext(1))
            await #expect(throws: (any Error).self) { try await client.get("/organizations/123456") }
            let actual3 = try await client.get("/organizations/123456").status
            #expect(actual3 == 200)
            let log = sandbox.requestLog()
            #expect(log.first?.fault == "drop" && log.first?.status == nil)
            #expect(log.last?.status == 200)
        }
    }

    @Test func dropsAfterCarryingOutADelete() async throws {
        try await withSandbox { sandbox, client in
            sandbox.inject(.dropAfterProcessingNext(1))
            await #expect(throws: (any Error).self) {
                try await client.send("DELETE", "/organizations", body: bulkDeleteBody(["200008"]))
            }
            #expect(!sandbox.organizationExists(id: "200008"))
            let record = try #require(sandbox.requestLog().first)
            #expect(record.fault == "drop_after_processing" && record.status == 200)
        }
    }

    @Test func hangsTheNextRequestUntilTheClientGivesUp() async throws {
        try await withSandbox { sandbox, client in
            sandbox.inject(.hangNext(1))
            let error = await #expect(throws: URLError.self) {
                try await client.send("GET", "/organizations/123456", timeout: 1)
            }
            #expect(error?.code == .timedOut)
            let actual2 = try await client.get("/organizations/123456").status
            #expect(actual2 == 200)
            #expect(sandbox.requestLog().first?.fault == "hang")
        }
    }

    @Test func stopReleasesAHungRequest() async throws {
        let sandbox = ITGlueSandbox()
        let client = SandboxHTTPClient(baseURL: try sandbox.start(), timeout: 60)
        sandbox.inject(.hangNext(1))
        let hung = Task { try await client.get("/organizations") }
        while sandbox.requestLog().isEmpty {
            try await Task.sleep(for: .milliseconds(20))
        }
        sandbox.stop()
        let result = await hung.result
        #expect(throws: (any Error).self) { try result.get() }
    }

    @Test func addsLatencyToEveryRequestUntilCleared() async throws {
        try await withSandbox { sandbox, client in
            sandbox.inject(.latency(.milliseconds(150)))
            let clock = ContinuousClock()
            let start = clock.now
            #expect(try await client.get("/organizations/123456").status == 200)
            // A lower bound only: a busy machine can make it slower, never faster.
            #expect(clock.now - start >= .milliseconds(150))
            sandbox.clearFaults()
            let faults = try await client.send("GET", "/_sandbox/faults", apiKey: nil).json
            #expect(faults["latency_ms"].int == 0)
        }
    }
}

@Suite("Sandbox faults on reused connections")
struct ReusedConnectionFaultTests {
    /// URLSession (libcurl) may retry a request once by itself when a reused keep-alive connection closes
    /// before answering; this pins down what a client on Linux sees when the sandbox drops such a connection.
    @Test func dropOnAReusedConnectionIsRetriedByURLSession() async throws {
        try await withSandbox { sandbox, client in
            let warmUp = try await client.get("/organizations/123456")
            #expect(warmUp.status == 200)
            sandbox.inject(.dropNext(1))
            let status = try? await client.get("/organizations/123456").status
            let log = sandbox.requestLog()
            #expect(log.dropFirst().first?.fault == "drop")
            // libcurl resent the request on a new connection and got the normal answer.
            if status == 200 {
                #expect(log.count == 3 && log[2].status == 200)
            }
        }
    }

    @Test func truncatedAnswerReachesTheClientEvenOnAReusedConnection() async throws {
        try await withSandbox { sandbox, client in
            _ = try await client.get("/organizations/123456")
            sandbox.inject(.truncateNext(1))
            await #expect(throws: (any Error).self) { try await client.get("/organizations/123456") }
            #expect(try await client.get("/organizations/123456").status == 200)
            let log = sandbox.requestLog()
            #expect(log.map(\.fault) == [nil, "truncate", nil])
        }
    }
}
