/// Why a snapshot could not be archived. Nothing may be deleted after this error.
public struct ArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case cannotCreateDirectory
            case cannotWriteFile
        }

        private let value: Value

        /// The archive directory cannot be created.
        public static let cannotCreateDirectory = Code(value: .cannotCreateDirectory)
        /// The snapshot file cannot be written, synced or renamed into place.
        public static let cannotWriteFile = Code(value: .cannotWriteFile)

        public var description: String {
            switch self.value {
            case .cannotCreateDirectory: "cannotCreateDirectory"
            case .cannotWriteFile: "cannotWriteFile"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// The file or directory concerned.
    public var path: String
    /// What went wrong, e.g. `No space left on device`.
    public var reason: String

    init(code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    public var description: String { "archive: \(self.path): \(self.reason)" }
}
