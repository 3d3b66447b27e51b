import Foundation
import HTTPServer

/// One API call as the route handlers see it.
struct APIContext {
    let request: HTTPRequest
    let configuration: SandboxConfiguration
    let now: ContinuousClock.Instant
    let date: Date

    var timestamp: String { self.date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
}
