/// Why the sandbox could not load its data or start.
public struct SandboxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidDataset
            case alreadyStarted
        }

        private let value: Value

        /// A data set file is unreadable or breaks an invariant (ids, references).
        public static let invalidDataset = Code(value: .invalidDataset)
        /// ``ITGlueSandbox/start(host:port:)`` was called while the sandbox is running.
        public static let alreadyStarted = Code(value: .alreadyStarted)

        public var description: String {
            switch self.value {
            case .invalidDataset: "invalidDataset"
            case .alreadyStarted: "alreadyStarted"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable explanation.
    public let message: String

    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "SandboxError.\(self.code): \(self.message)" }

    /// Errors are equal when their codes are.
    public static func == (lhs: SandboxError, rhs: SandboxError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }
}
