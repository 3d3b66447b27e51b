import Logging
import Synchronization

/// Keeps every log event, so tests can assert what was (and was not) logged.
struct CapturingLogHandler: LogHandler {
    private let storage = Storage()

    final class Storage: Sendable {
        let events = Mutex<[LogEvent]>([])
    }

    func log(_ event: LogEvent) {
        self.storage.events.withLock { $0.append(event) }
    }

    var events: [LogEvent] { self.storage.events.withLock { $0 } }

    /// Every event as one text line: label, level, message and metadata.
    var lines: [String] {
        self.events.map { event in
            let metadata = event.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return ([event.label, event.level.description, event.message] + metadata).joined(separator: " ")
        }
    }

    func makeLogger() -> Logger {
        Logger(label: "itglue-test", level: .trace, handler: self)
    }
}
