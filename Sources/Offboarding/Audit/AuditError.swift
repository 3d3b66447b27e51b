/// Why the audit log could not be opened, read or written.
public struct AuditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case cannotCreateDirectory
            case cannotOpenDatabase
            case unsupportedSchemaVersion
            case databaseError
            case unknownRequest
            case invalidState
            case deletionInProgress
        }

        private let value: Value

        /// The state directory does not exist and cannot be created.
        public static let cannotCreateDirectory = Code(value: .cannotCreateDirectory)
        /// SQLite cannot open or configure the database file.
        public static let cannotOpenDatabase = Code(value: .cannotOpenDatabase)
        /// The database was written by a newer version of this program.
        public static let unsupportedSchemaVersion = Code(value: .unsupportedSchemaVersion)
        /// A statement failed (disk full, I/O error, database locked past the busy timeout, ...).
        public static let databaseError = Code(value: .databaseError)
        /// No entry has the given request key.
        public static let unknownRequest = Code(value: .unknownRequest)
        /// The entry is not in a state that allows the change (for example an intent after the deletion).
        public static let invalidState = Code(value: .invalidState)
        /// Another request for the same organization recorded an intent to delete and has not completed.
        public static let deletionInProgress = Code(value: .deletionInProgress)

        public var description: String {
            switch self.value {
            case .cannotCreateDirectory: "cannotCreateDirectory"
            case .cannotOpenDatabase: "cannotOpenDatabase"
            case .unsupportedSchemaVersion: "unsupportedSchemaVersion"
            case .databaseError: "databaseError"
            case .unknownRequest: "unknownRequest"
            case .invalidState: "invalidState"
            case .deletionInProgress: "deletionInProgress"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// One line saying what failed and where.
    public var message: String
    /// SQLite's extended result code, when SQLite reported the failure.
    public var sqliteResultCode: Int?

    init(code: Code, message: String, sqliteResultCode: Int? = nil) {
        self.code = code
        self.message = message
        self.sqliteResultCode = sqliteResultCode
    }

    /// True when trying again later may succeed: the database was busy or locked by another connection
    /// past the busy timeout, or another request's deletion of the organization was still in progress.
    public var isRetriable: Bool {
        if self.code == .deletionInProgress { return true }
        // SQLITE_BUSY (5) and SQLITE_LOCKED (6); the low byte of an extended code is the primary code.
        guard let code = self.sqliteResultCode else { return false }
        return code & 0xFF == 5 || code & 0xFF == 6
    }

    public var description: String { "audit log: \(self.message)" }
}
