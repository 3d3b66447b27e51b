import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into calls: the first asks for a graceful drain, a second one exits at once
/// (unacked requests then go back to the queue).
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    /// Built outside any actor: creating the sources inside `@main`'s isolation traps on Linux.
    nonisolated init(onFirst: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "itglue-offboard.signals")
        let count = Counter()
        self.sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if count.increment() == 1 {
                    onFirst()
                } else {
                    FileHandle.standardError.write(Data("itglue-offboard: second signal, exiting now\n".utf8))
                    exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in self.sources { source.cancel() }
    }

    private final class Counter: @unchecked Sendable {
        // Only touched from the watcher's serial queue.
        private var value = 0

        func increment() -> Int {
            self.value += 1
            return self.value
        }
    }
}
