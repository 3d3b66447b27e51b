import Foundation
import JSONSchema
import Logging

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends ``ITGlueRequest``s over URLSession: headers, per-request timeout, the shared rate limiter, retries
/// with exponential backoff and full jitter, and the mapping of every failure to an ``ITGlueError``.
final class ITGlueTransport: Sendable {
    let configuration: ITGlueConfiguration
    private let session: URLSession
    private let limiter: ITGlueRateLimiter
    private let logger: Logger

    init(configuration: ITGlueConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.session = Self.makeSession(configuration)
        self.limiter = ITGlueRateLimiter.shared(
            baseURL: configuration.baseURL.absoluteString,
            limit: configuration.rateLimit,
            window: configuration.rateLimitWindow
        )
    }

    /// An ephemeral session (no cookies, no cache, no credential storage) that never follows a redirect.
    private static func makeSession(_ configuration: ITGlueConfiguration) -> URLSession {
        // Whole seconds, rounded up, plus one: URLSession on Linux truncates fractions, and the precise deadline
        // is enforced in `data(for:timeout:)`; these only stop a transfer that outlives it.
        let timeout = (Self.seconds(configuration.requestTimeout) + 1).rounded(.up)
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = timeout
        sessionConfiguration.timeoutIntervalForResource = timeout
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.urlCache = nil
        sessionConfiguration.httpCookieStorage = nil
        return URLSession(configuration: sessionConfiguration, delegate: RedirectRefuser(), delegateQueue: nil)
    }

    deinit {
        self.session.finishTasksAndInvalidate()
    }

    /// Sends the request, retrying what may be retried, and returns the parsed JSON body of a 2xx answer
    /// (`.null` for an empty one).
    func send(_ request: ITGlueRequest) async throws -> JSONValue {
        let policy = self.configuration.retry
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await self.sendOnce(request)
            } catch let error as ITGlueError {
                guard error.isRetriable, attempt < policy.maxAttempts,
                    request.isIdempotent || error.isProvablyUnprocessed
                else { throw error }
                let delay = error.retryAfter ?? Self.backoff(attempt: attempt, policy: policy)
                guard clock.now - start + delay <= policy.totalBudget else { throw error }
                self.logger.info(
                    "Retrying IT Glue request",
                    metadata: [
                        ITGlueLoggingKeys.method: request.method.rawValue, ITGlueLoggingKeys.path: request.path,
                        ITGlueLoggingKeys.attempt: String(attempt), ITGlueLoggingKeys.error: error.code.description,
                        ITGlueLoggingKeys.status: error.status.map(String.init) ?? "none",
                        ITGlueLoggingKeys.delay: delay.formatted(.units(allowed: [.seconds, .milliseconds])),
                    ]
                )
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Full jitter: uniformly random in `0...min(maximumDelay, baseDelay * 2^(attempt-1))`.
    static func backoff(attempt: Int, policy: ITGlueConfiguration.RetryPolicy) -> Duration {
        let exponent = min(attempt - 1, 30)
        let ceiling = min(policy.maximumDelay, policy.baseDelay * (1 << exponent))
        let ceilingSeconds = Self.seconds(ceiling)
        guard ceilingSeconds > 0 else { return .zero }
        return .milliseconds(Int64(Double.random(in: 0...ceilingSeconds) * 1000))
    }

    private func sendOnce(_ request: ITGlueRequest) async throws -> JSONValue {
        let urlRequest = try self.makeURLRequest(request)
        try await self.limiter.acquire()
        defer { self.limiter.release() }
        // A request that must not be repeated gets a connection of its own. On a reused keep-alive connection
        // that the server has closed, curl (under URLSession on Linux) silently sends the request again on a
        // new connection, or, unable to rewind the body, stalls until the timeout; neither is acceptable for
        // a DELETE. A fresh session has an empty connection pool.
        let session =
            request.isIdempotent
            ? self.session : Self.makeSession(self.configuration)
        defer { if !request.isIdempotent { session.finishTasksAndInvalidate() } }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(
                for: urlRequest,
                timeout: self.configuration.requestTimeout
            )
        } catch let error as URLError {
            if error.code == .cancelled && Task.isCancelled { throw CancellationError() }
            throw self.connectionError(error, request: request)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ITGlueError(
                code: .connection,
                status: nil,
                message: self.redacted("\(request.method.rawValue) \(request.path) failed: \(error)"),
                retryAfter: nil,
                isProvablyUnprocessed: false
            )
        }
        guard let http = response as? HTTPURLResponse else {
            throw ITGlueError(code: .invalidResponse, message: "\(request.path): the answer was not HTTP")
        }
        self.logger.debug(
            "IT Glue request",
            metadata: [
                ITGlueLoggingKeys.method: request.method.rawValue, ITGlueLoggingKeys.path: request.path,
                ITGlueLoggingKeys.status: String(http.statusCode),
            ]
        )
        switch http.statusCode {
        case 200..<300:
            if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) { return .null }
            guard let document = try? JSONValue(parsing: data) else {
                throw ITGlueError(
                    code: .invalidResponse,
                    status: http.statusCode,
                    message: self.redacted(
                        "\(request.path): the body is not JSON: \(ITGlueErrorBody.message(from: data, status: http.statusCode))"
                    )
                )
            }
            return document
        case 300..<400:
            let location = http.value(forHTTPHeaderField: "Location") ?? "nowhere"
            throw ITGlueError(
                code: .invalidResponse,
                status: http.statusCode,
                message: self.redacted("\(request.path) redirected to \(location); check the base URL")
            )
        default:
            throw self.httpError(status: http.statusCode, data: data, response: http)
        }
    }

    private func makeURLRequest(_ request: ITGlueRequest) throws -> URLRequest {
        guard var components = URLComponents(url: self.configuration.baseURL, resolvingAgainstBaseURL: false) else {
            throw ITGlueError(code: .invalidRequest, message: "The base URL cannot hold a path")
        }
        let basePath =
            components.percentEncodedPath.hasSuffix("/")
            ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        components.percentEncodedPath = basePath + request.path
        components.percentEncodedQuery = request.percentEncodedQuery
        guard let url = components.url else {
            throw ITGlueError(code: .invalidRequest, message: "Cannot build a URL for \(request.path)")
        }
        var urlRequest = URLRequest(url: url, timeoutInterval: self.session.configuration.timeoutIntervalForRequest)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.setValue(self.configuration.apiKey, forHTTPHeaderField: "x-api-key")
        urlRequest.setValue("application/vnd.api+json", forHTTPHeaderField: "Accept")
        if let body = request.body {
            urlRequest.setValue("application/vnd.api+json", forHTTPHeaderField: "Content-Type")
            urlRequest.httpBody = body
        }
        return urlRequest
    }

    private func httpError(status: Int, data: Data, response: HTTPURLResponse) -> ITGlueError {
        let message = self.redacted(ITGlueErrorBody.message(from: data, status: status))
        let retryAfter = response.value(forHTTPHeaderField: "Retry-After").flatMap(RetryAfter.parse)
        switch status {
        case 401, 403:
            return ITGlueError(code: .permissionDenied, status: status, message: message)
        case 404:
            var error = ITGlueError(code: .notFound, status: status, message: message)
            error.isUnknownRoute = (try? JSONValue(parsing: data)) == nil
            return error
        case 429:
            self.limiter.slowDown(retryAfter: retryAfter)
            return ITGlueError(
                code: .rateLimited,
                status: status,
                message: message,
                retryAfter: retryAfter,
                isProvablyUnprocessed: true
            )
        case 500...599:
            return ITGlueError(
                code: .server,
                status: status,
                message: message,
                retryAfter: retryAfter,
                isProvablyUnprocessed: status == 503
            )
        default:
            return ITGlueError(code: .invalidRequest, status: status, message: message)
        }
    }

    private func connectionError(_ error: URLError, request: ITGlueRequest) -> ITGlueError {
        // Refused connections and name lookups fail before a single byte of the request left this machine.
        let neverSent: Set<URLError.Code> = [
            .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
        ]
        let reason = error.code == .timedOut ? "timed out" : "failed (URLError \(error.code.rawValue))"
        return ITGlueError(
            code: .connection,
            status: nil,
            message: self.redacted(
                "\(request.method.rawValue) \(request.path) \(reason): \(error.localizedDescription)"
            ),
            retryAfter: nil,
            isProvablyUnprocessed: neverSent.contains(error.code)
        )
    }

    /// Removes the API key from text that came from outside (an echoing server, an error description).
    func redacted(_ text: String) -> String {
        let key = self.configuration.apiKey
        guard !key.isEmpty else { return text }
        return text.replacingOccurrences(of: key, with: "<redacted>")
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
