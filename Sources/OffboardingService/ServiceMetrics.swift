import Synchronization

/// Counters and gauges of the consumer, rendered in the Prometheus text format.
public final class ServiceMetrics: Sendable {
    private struct Values {
        var received = 0
        var results: [String: Int] = [:]
        var publishFailures = 0
        var reconnects = 0
        var inFlight = 0
        var processingSeconds = 0.0
        var isConsuming = false
        var hasConsumed = false
    }

    private let values = Mutex(Values())

    public init() {}

    func received() {
        self.values.withLock {
            $0.received += 1
            $0.inFlight += 1
        }
    }

    func finished(outcome: String?, duration: Duration) {
        self.values.withLock { values in
            values.inFlight -= 1
            values.processingSeconds +=
                Double(duration.components.seconds)
                + Double(duration.components.attoseconds) / 1e18
            if let outcome { values.results[outcome, default: 0] += 1 } else { values.publishFailures += 1 }
        }
    }

    func reconnected() { self.values.withLock { $0.reconnects += 1 } }

    func setConsuming(_ isConsuming: Bool) {
        self.values.withLock {
            $0.isConsuming = isConsuming
            $0.hasConsumed = $0.hasConsumed || isConsuming
        }
    }

    /// Connected to the broker and consuming.
    public var isReady: Bool { self.values.withLock { $0.isConsuming } }

    /// A session got as far as consuming at least once since start.
    public var hasConsumed: Bool { self.values.withLock { $0.hasConsumed } }

    /// Results published per outcome since start.
    public func resultCount(outcome: String) -> Int { self.values.withLock { $0.results[outcome] ?? 0 } }

    public func prometheusText() -> String {
        let values = self.values.withLock { $0 }
        var lines = [
            "# HELP offboard_requests_received_total Deliveries taken from the request queue.",
            "# TYPE offboard_requests_received_total counter",
            "offboard_requests_received_total \(values.received)",
            "# HELP offboard_results_published_total Result events confirmed by the broker, by outcome.",
            "# TYPE offboard_results_published_total counter",
        ]
        for outcome in ["deleted", "dry_run", "blocked", "failed"] {
            lines.append("offboard_results_published_total{outcome=\"\(outcome)\"} \(values.results[outcome] ?? 0)")
        }
        lines += [
            "# HELP offboard_publish_failures_total Results the broker did not confirm (request left unacked).",
            "# TYPE offboard_publish_failures_total counter",
            "offboard_publish_failures_total \(values.publishFailures)",
            "# HELP offboard_reconnects_total Broker sessions restarted after a failure.",
            "# TYPE offboard_reconnects_total counter",
            "offboard_reconnects_total \(values.reconnects)",
            "# HELP offboard_in_flight Requests being processed now.",
            "# TYPE offboard_in_flight gauge",
            "offboard_in_flight \(values.inFlight)",
            "# HELP offboard_processing_seconds_total Time spent processing requests.",
            "# TYPE offboard_processing_seconds_total counter",
            "offboard_processing_seconds_total \(values.processingSeconds)",
            "# HELP offboard_consuming Whether the consumer is connected and consuming.",
            "# TYPE offboard_consuming gauge",
            "offboard_consuming \(values.isConsuming ? 1 : 0)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
