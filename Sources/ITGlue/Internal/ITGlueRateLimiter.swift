import Synchronization

/// A sliding-window limiter shared by every client of one IT Glue account in this process.
///
/// A request holds a slot from the moment it is sent until one window after its answer arrived, so the server,
/// whatever instant it counts, never sees more than ``limit`` requests from us in any window. When IT Glue answers
/// 429 anyway (other tools share the account's limit), ``slowDown(retryAfter:)`` halves the limit for one window
/// and, with a `Retry-After`, pauses every request until then. Waiting is an async sleep, so it is cancellable and
/// never blocks a thread.
final class ITGlueRateLimiter: Sendable {
    private struct State {
        var inFlight = 0
        /// When each completed request stops counting, ascending (appended under the lock with a monotonic clock).
        var expiries: [ContinuousClock.Instant] = []
        var slowedUntil: ContinuousClock.Instant?
        var pausedUntil: ContinuousClock.Instant?
    }

    let limit: Int
    let window: Duration
    private let state = Mutex(State())
    private let clock = ContinuousClock()

    init(limit: Int, window: Duration) {
        self.limit = max(1, limit)
        self.window = window
    }

    private static let registry = Mutex<[String: ITGlueRateLimiter]>([:])

    /// The process-wide limiter for one base URL and limit.
    static func shared(baseURL: String, limit: Int, window: Duration) -> ITGlueRateLimiter {
        let key = "\(baseURL)|\(limit)|\(window)"
        return self.registry.withLock { registry in
            if let limiter = registry[key] { return limiter }
            let limiter = ITGlueRateLimiter(limit: limit, window: window)
            registry[key] = limiter
            return limiter
        }
    }

    /// Waits for a free slot and takes it; call ``release()`` once the answer (or failure) is in.
    func acquire() async throws {
        while true {
            try Task.checkCancellation()
            guard let wait = self.state.withLock({ self.tryAcquire(&$0) }) else { return }
            try await Task.sleep(for: wait)
        }
    }

    /// How long ``acquire()`` would wait now; nil when a slot is free. Takes nothing.
    func waitBeforeAcquiring() -> Duration? {
        self.state.withLock { state in
            var copy = state
            return self.tryAcquire(&copy)
        }
    }

    /// Returns nil when a slot was taken, else how long to sleep before trying again.
    private func tryAcquire(_ state: inout State) -> Duration? {
        let now = self.clock.now
        let expired = state.expiries.prefix { $0 <= now }.count
        state.expiries.removeFirst(expired)
        if let pausedUntil = state.pausedUntil, pausedUntil > now { return pausedUntil - now }
        var effectiveLimit = self.limit
        var slowdownEnd: Duration?
        if let slowedUntil = state.slowedUntil, slowedUntil > now {
            effectiveLimit = max(1, self.limit / 2)
            slowdownEnd = slowedUntil - now
        }
        let used = state.inFlight + state.expiries.count
        if used < effectiveLimit {
            state.inFlight += 1
            return nil
        }
        // The slot frees when the (used - effectiveLimit)-th completed request expires. If only in-flight
        // requests hold slots, none can free sooner than one window from now.
        let index = used - effectiveLimit
        let untilFree = index < state.expiries.count ? state.expiries[index] - now : self.window
        return min(untilFree, slowdownEnd ?? untilFree)
    }

    /// Gives back the slot taken by ``acquire()``; it keeps counting for one more window.
    func release() {
        self.state.withLock { state in
            state.inFlight -= 1
            state.expiries.append(self.clock.now + self.window)
        }
    }

    /// Reacts to a 429: half the rate for one window, and no request at all until `retryAfter` has passed.
    func slowDown(retryAfter: Duration?) {
        self.state.withLock { state in
            let now = self.clock.now
            state.slowedUntil = now + self.window
            if let retryAfter, retryAfter > .zero {
                let until = now + retryAfter
                state.pausedUntil = max(state.pausedUntil ?? until, until)
            }
        }
    }
}
