/// The one error type of the `AMQP` module.
///
/// Equality and hashing compare ``code`` only, so `error == AMQPError(.timeout)`-style checks read naturally.
public struct AMQPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as an open set: new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case invalidURL
            case connectionFailed
            case tlsFailed
            case authenticationFailed
            case accessRefused
            case channelClosed
            case connectionClosed
            case consumerCancelled
            case timeout
            case publishNacked
            case publishReturned
            case heartbeatTimeout
            case protocolError
            case preconditionFailed
            case notFound
            case invalidState
            case invalidArgument
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// The URL is not a usable `amqp://` or `amqps://` URL.
        public static let invalidURL = Code(.invalidURL)
        /// The TCP connection could not be opened, or failed while logging in.
        public static let connectionFailed = Code(.connectionFailed)
        /// The TLS handshake or certificate verification failed.
        public static let tlsFailed = Code(.tlsFailed)
        /// The broker refused the username or password.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The broker refused access to a virtual host or resource (AMQP 403 or 530).
        public static let accessRefused = Code(.accessRefused)
        /// The broker closed the channel (for example after an unknown delivery tag).
        public static let channelClosed = Code(.channelClosed)
        /// The connection was closed by the broker, the network, or ``AMQPConsumer/close()``.
        public static let connectionClosed = Code(.connectionClosed)
        /// The broker cancelled the consumer, for example because its queue was deleted.
        public static let consumerCancelled = Code(.consumerCancelled)
        /// A connect, RPC or publisher confirm did not complete in time.
        public static let timeout = Code(.timeout)
        /// The broker answered a publish with `basic.nack`.
        public static let publishNacked = Code(.publishNacked)
        /// The broker returned a mandatory publish as unroutable (`basic.return`).
        public static let publishReturned = Code(.publishReturned)
        /// The broker stopped answering heartbeats.
        public static let heartbeatTimeout = Code(.heartbeatTimeout)
        /// Unexpected or malformed AMQP traffic.
        public static let protocolError = Code(.protocolError)
        /// A redeclaration with different arguments (AMQP 406 `PRECONDITION_FAILED`).
        public static let preconditionFailed = Code(.preconditionFailed)
        /// A queue or exchange does not exist (AMQP 404 `NOT_FOUND`).
        public static let notFound = Code(.notFound)
        /// The object is not in a state that allows the call (for example `ack` before `start`).
        public static let invalidState = Code(.invalidState)
        /// An argument cannot be sent (for example a header table larger than one frame).
        public static let invalidArgument = Code(.invalidArgument)

        public var description: String { self.value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation; never contains a password.
    public var message: String
    /// The AMQP reply code sent by the broker (for example 404, 406, 320), when there was one.
    public var replyCode: Int?
    /// Whether the same operation may succeed after reconnecting (network loss, broker restart, timeouts).
    public var isRetriable: Bool

    /// Creates an error; ``isRetriable`` defaults to what is usual for `code`.
    public init(_ code: Code, _ message: String, replyCode: Int? = nil, isRetriable: Bool? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
        self.isRetriable = isRetriable ?? Self.isRetriableByDefault(code)
    }

    public var description: String {
        if let replyCode = self.replyCode {
            return "AMQPError.\(self.code) (\(replyCode)): \(self.message)"
        }
        return "AMQPError.\(self.code): \(self.message)"
    }

    public static func == (lhs: AMQPError, rhs: AMQPError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }

    private static func isRetriableByDefault(_ code: Code) -> Bool {
        switch code {
        case .connectionFailed, .channelClosed, .connectionClosed, .consumerCancelled, .timeout, .publishNacked,
            .heartbeatTimeout, .protocolError:
            true
        default:
            false
        }
    }
}
