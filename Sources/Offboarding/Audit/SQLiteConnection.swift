import CSQLite

/// A value bound to or read from a SQLite statement.
enum SQLiteValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

/// One result row, by column name.
typealias SQLiteRow = [String: SQLiteValue]

/// One SQLite connection. Not thread-safe: ``AuditLog`` keeps it inside a `Mutex`.
final class SQLiteConnection {
    private let handle: OpaquePointer
    let path: String

    /// Opens (creating if needed) the database at `path` and applies the durability settings.
    init(path: String, busyTimeoutMilliseconds: Int32) throws(AuditError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(handle)
            throw AuditError(
                code: .cannotOpenDatabase,
                message: "cannot open \(path): \(message)",
                sqliteResultCode: Int(status)
            )
        }
        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    deinit {
        sqlite3_close_v2(self.handle)
    }

    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws(AuditError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(self.handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard status == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            throw self.failure(status, message)
        }
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(AuditError) -> [SQLiteRow] {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(self.handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw self.failure(prepared) }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in bindings.enumerated() {
            try self.bind(value, at: Int32(offset + 1), in: statement)
        }
        var rows: [SQLiteRow] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw self.failure(status) }
            rows.append(Self.row(of: statement))
        }
    }

    /// The number of rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(self.handle)) }

    /// Runs `body` inside `BEGIN IMMEDIATE ... COMMIT`, rolling back when it throws. IMMEDIATE takes the
    /// write lock up front, so a read-then-write inside cannot race another process.
    func transaction<T>(_ body: () throws(AuditError) -> T) throws(AuditError) -> T {
        try self.execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try self.execute("COMMIT")
            return value
        } catch {
            try? self.execute("ROLLBACK")
            throw error
        }
    }

    // MARK: - Helpers

    private func bind(_ value: SQLiteValue, at index: Int32, in statement: OpaquePointer) throws(AuditError) {
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let status: Int32
        switch value {
        case .null: status = sqlite3_bind_null(statement, index)
        case .integer(let integer): status = sqlite3_bind_int64(statement, index, integer)
        case .real(let real): status = sqlite3_bind_double(statement, index, real)
        case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, transient)
        }
        guard status == SQLITE_OK else { throw self.failure(status) }
    }

    private static func row(of statement: OpaquePointer) -> SQLiteRow {
        var row: SQLiteRow = [:]
        for column in 0..<sqlite3_column_count(statement) {
            let name = String(cString: sqlite3_column_name(statement, column))
            switch sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: row[name] = .integer(sqlite3_column_int64(statement, column))
            case SQLITE_FLOAT: row[name] = .real(sqlite3_column_double(statement, column))
            case SQLITE_NULL: row[name] = .null
            default:
                row[name] = sqlite3_column_text(statement, column).map { .text(String(cString: $0)) } ?? .null
            }
        }
        return row
    }

    private func failure(_ status: Int32, _ message: String? = nil) -> AuditError {
        let detail = message ?? String(cString: sqlite3_errmsg(self.handle))
        return AuditError(code: .databaseError, message: "\(self.path): \(detail)", sqliteResultCode: Int(status))
    }
}
