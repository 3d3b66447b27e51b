/// Why an ``HTTPServer`` could not start.
public struct HTTPServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case addressInUse
            case invalidAddress
            case socketFailure
            case alreadyStarted
        }

        private let value: Value

        /// The host and port are already bound by another socket.
        public static let addressInUse = Code(value: .addressInUse)
        /// The host could not be resolved to an IPv4 or IPv6 address.
        public static let invalidAddress = Code(value: .invalidAddress)
        /// A socket call (socket, bind, listen) failed for another reason.
        public static let socketFailure = Code(value: .socketFailure)
        /// ``HTTPServer/start()`` was called on a server that is running or was stopped.
        public static let alreadyStarted = Code(value: .alreadyStarted)

        public var description: String {
            switch self.value {
            case .addressInUse: "addressInUse"
            case .invalidAddress: "invalidAddress"
            case .socketFailure: "socketFailure"
            case .alreadyStarted: "alreadyStarted"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable explanation, naming the address and the system error.
    public let message: String
    /// The `errno` value behind the failure, when there was one.
    public let systemError: Int32?

    init(code: Code, message: String, systemError: Int32? = nil) {
        self.code = code
        self.message = message
        self.systemError = systemError
    }

    public var description: String { "HTTPServerError.\(self.code): \(self.message)" }

    /// Errors are equal when their codes are.
    public static func == (lhs: HTTPServerError, rhs: HTTPServerError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }
}
