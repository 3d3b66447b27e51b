import HTTPServer
public import Logging

/// Serves `/metrics` (Prometheus text), `/health/live` and `/health/ready` over HTTP.
public final class MetricsEndpoint: Sendable {
    private let server: HTTPServer

    public init(metrics: ServiceMetrics, host: String, port: Int, logger: Logger) {
        var configuration = HTTPServer.Configuration()
        configuration.host = host
        configuration.port = port
        self.server = HTTPServer(configuration: configuration, logger: logger) { request in
            switch (request.method, request.path) {
            case ("GET", "/metrics"):
                HTTPResponse(
                    status: 200,
                    headers: [("Content-Type", "text/plain; version=0.0.4")],
                    body: Array(metrics.prometheusText().utf8)
                )
            case ("GET", "/health/live"):
                .json(200, #"{"status":"live"}"#)
            case ("GET", "/health/ready"):
                metrics.isReady ? .json(200, #"{"status":"ready"}"#) : .json(503, #"{"status":"not consuming"}"#)
            default:
                .json(404, #"{"error":"not found"}"#)
            }
        }
    }

    /// Starts listening; returns the bound port.
    public func start() throws -> Int { try self.server.start() }

    public func stop() { self.server.stop() }
}
