import Logging
import Synchronization

/// Keeps every log event, so tests can check what the library reported.
final class RecordingLogHandler: LogHandler {
    private let events = Mutex<[LogEvent]>([])

    func log(_ event: LogEvent) {
        self.events.withLock { $0.append(event) }
    }

    var messages: [String] { self.events.withLock { $0.map(\.message) } }
}
