public import Foundation
import Synchronization

/// A small structured logger with the shape of swift-log's `Logger`, which cannot be fetched here.
///
/// Each line goes to a ``LogHandler`` (by default a ``StreamLogHandler`` on standard error). Metadata
/// keys are dotted (`amqp.queue`, `offboarding.org_id`). Never put secrets (API keys, passwords) into
/// a message or metadata.
public struct Logger: Sendable {
    /// Severity, lowest first.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace
        case debug
        case info
        case notice
        case warning
        case error
        case critical

        public init?(name: String) {
            guard let level = Self.allCases.first(where: { $0.description == name.lowercased() }) else {
                return nil
            }
            self = level
        }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public typealias Metadata = [String: String]

    /// Who is logging, e.g. `itglue-offboard.amqp`.
    public let label: String
    /// Messages below this level are dropped before they are formatted.
    public var logLevel: Level
    /// Metadata attached to every line of this logger.
    public var metadata: Metadata
    private let handler: any LogHandler

    public init(label: String, level: Level = .info, handler: (any LogHandler)? = nil) {
        self.label = label
        self.logLevel = level
        self.metadata = [:]
        self.handler = handler ?? LoggingSystem.defaultHandler
    }

    /// A logger that discards everything; for tests and tools that must stay quiet.
    public static var silent: Logger { Logger(label: "silent", level: .critical, handler: NullLogHandler()) }

    public subscript(metadataKey key: String) -> String? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// A logger with the same handler and level under another label.
    public func withLabel(_ label: String) -> Logger {
        var logger = Logger(label: label, level: self.logLevel, handler: self.handler)
        logger.metadata = self.metadata
        return logger
    }

    public func log(_ level: Level, _ message: @autoclosure () -> String, metadata: Metadata = [:]) {
        guard level >= self.logLevel else { return }
        let merged = self.metadata.merging(metadata) { _, new in new }
        self.handler.log(
            LogEvent(date: Date(), level: level, label: self.label, message: message(), metadata: merged)
        )
    }

    public func trace(_ message: @autoclosure () -> String, metadata: Metadata = [:]) {
        self.log(.trace, message(), metadata: metadata)
    }

    public func debug(_ message: @autoclosure () -> String, metadata: Metadata = [:]) {
        self.log(.debug, message(), metadata: metadata)
    }

    public func info(_ message: @autoclosure () -> String, metadata: Metadata = [:]) {
        self.log(.info, message(), metadata: metadata)
    }

    public func notice(_ message: @autoclosure () -> String, metadata: Metadata = [:]) {
        self.log(.notice, message(), metadata: metadata)
    }

    public func warning(_ message: @autoclosure () -> String, metadata: Metadata = [:]) {
        self.log(.warning, message(), metadata: metadata)
    }

    public func error(_ message: @autoclosure () -> String, metadata: Metadata = [:]) {
        self.log(.error, message(), metadata: metadata)
    }
}

/// One formatted-to-be log line.
public struct LogEvent: Sendable {
    public var date: Date
    public var level: Logger.Level
    public var label: String
    public var message: String
    public var metadata: Logger.Metadata
}

/// Where log lines go.
public protocol LogHandler: Sendable {
    func log(_ event: LogEvent)
}

/// Process-wide default handler, set once by the executable (like swift-log's `LoggingSystem.bootstrap`).
public enum LoggingSystem {
    private static let handler = Mutex<any LogHandler>(StreamLogHandler.standardError)

    public static func bootstrap(_ handler: any LogHandler) {
        self.handler.withLock { $0 = handler }
    }

    static var defaultHandler: any LogHandler { self.handler.withLock { $0 } }
}

/// Discards every event.
public struct NullLogHandler: LogHandler {
    public init() {}
    public func log(_ event: LogEvent) {}
}
