import Foundation
import Testing

@testable import ITGlue

@Suite struct ITGlueConfigurationTests {
    @Test(arguments: [
        ("us", "https://api.itglue.com"), ("US", "https://api.itglue.com"), ("eu", "https://api.eu.itglue.com"),
        ("Eu", "https://api.eu.itglue.com"), ("au", "https://api.au.itglue.com"), ("AU", "https://api.au.itglue.com"),
    ])
    func regionBaseURLs(region: String, expected: String) {
        #expect(ITGlueConfiguration.baseURL(region: region)?.absoluteString == expected)
    }

    @Test(arguments: ["", "uk", "usa", "ca", " us"])
    func unknownRegionsHaveNoBaseURL(region: String) {
        #expect(ITGlueConfiguration.baseURL(region: region) == nil)
    }

    @Test func descriptionNeverShowsTheKey() throws {
        let url = try #require(URL(string: "https://api.itglue.com"))
        let configuration = ITGlueConfiguration(baseURL: url, apiKey: "ITG.secret-key-1234")
        #expect(!configuration.description.contains("secret-key-1234"))
        #expect(configuration.description.contains("api.itglue.com"))
        #expect(!String(reflecting: ITGlueError(code: .server, message: "x")).contains("secret"))
    }

    @Test func defaultsFollowITGlueLimits() throws {
        let configuration = ITGlueConfiguration(baseURL: try #require(URL(string: "https://x.invalid")), apiKey: "k")
        #expect(configuration.rateLimit == 3000)
        #expect(configuration.rateLimitWindow == .seconds(300))
        #expect(configuration.requestTimeout == .seconds(30))
        #expect(configuration.retry.maxAttempts == 5)
        #expect(configuration.retry.totalBudget == .seconds(120))
    }

    @Test func backoffIsFullJitterBoundedByMaximum() {
        var policy = ITGlueConfiguration.RetryPolicy()
        policy.baseDelay = .milliseconds(100)
        policy.maximumDelay = .milliseconds(400)
        for attempt in 1...10 {
            let ceiling = min(Duration.milliseconds(400), .milliseconds(100) * (1 << (attempt - 1)))
            for _ in 0..<50 {
                let delay = ITGlueTransport.backoff(attempt: attempt, policy: policy)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
    }

    @Test func retryAfterSecondsAndHTTPDate() throws {
        #expect(RetryAfter.parse("7") == .seconds(7))
        #expect(RetryAfter.parse(" 0 ") == .seconds(0))
        #expect(RetryAfter.parse("soon") == nil)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        let future = formatter.string(from: Date().addingTimeInterval(30))
        let delay = try #require(RetryAfter.parse(future))
        #expect(delay > .seconds(25) && delay <= .seconds(31))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT") == .zero)
    }
}
