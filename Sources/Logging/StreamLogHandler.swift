public import Foundation
import Synchronization

/// Writes one line per event to a file handle, as logfmt (`key=value`) or as one JSON object per line.
public final class StreamLogHandler: LogHandler {
    public enum Format: Sendable {
        case logfmt
        case json
    }

    public static let standardError = StreamLogHandler(handle: .standardError, format: .logfmt)

    private let handle: FileHandle
    private let format: Format
    private let lock = Mutex(())

    public init(handle: FileHandle, format: Format) {
        self.handle = handle
        self.format = format
    }

    public func log(_ event: LogEvent) {
        let line = self.format == .json ? Self.json(event) : Self.logfmt(event)
        self.lock.withLock { _ in self.handle.write(Data((line + "\n").utf8)) }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
    }

    private static func logfmt(_ event: LogEvent) -> String {
        var parts = [
            "ts=\(Self.timestamp(event.date))", "level=\(event.level)", "logger=\(event.label)",
            "msg=\(Self.quoted(event.message))",
        ]
        for key in event.metadata.keys.sorted() {
            parts.append("\(key)=\(Self.quoted(event.metadata[key] ?? ""))")
        }
        return parts.joined(separator: " ")
    }

    private static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    private static func json(_ event: LogEvent) -> String {
        var object: [String: String] = event.metadata
        object["ts"] = Self.timestamp(event.date)
        object["level"] = event.level.description
        object["logger"] = event.label
        object["msg"] = event.message
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
