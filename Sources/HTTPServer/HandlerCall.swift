import Dispatch
import Synchronization

/// A handler's answer, handed from its task to the waiting connection thread.
final class HandlerCall: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let response = Mutex<HTTPResponse?>(nil)

    /// Delivers the answer; only the first of `finish` and ``abandon()`` counts.
    func finish(with response: HTTPResponse) {
        let isFirst = self.response.withLock { current in
            guard current == nil else { return false }
            current = response
            return true
        }
        if isFirst {
            self.semaphore.signal()
        }
    }

    /// Releases the waiting thread without an answer (the connection is then dropped), for a handler that
    /// ignored cancellation during shutdown.
    func abandon() {
        self.finish(with: .dropConnection)
    }

    func wait() -> HTTPResponse {
        self.semaphore.wait()
        return self.response.withLock { $0 } ?? .dropConnection
    }
}
