import Dispatch
import Foundation
import Glibc
public import Logging
import Synchronization

/// A small HTTP/1.1 server over POSIX sockets, with one thread per connection.
///
/// It supports keep-alive and `Content-Length` bodies (a chunked request body is answered 411), and it bounds
/// the request line (414), the header block and field count (431) and the body (413). It binds to loopback
/// unless told otherwise. Handlers are `async`; each runs in its own task while the connection's thread waits,
/// so blocking socket I/O never occupies the cooperative thread pool.
///
/// ```swift
/// let server = HTTPServer { request in .json(200, #"{"ok":true}"#) }
/// let port = try server.start()
/// defer { server.stop() }
/// ```
public final class HTTPServer: Sendable {
    /// Mutable bookkeeping shared by the accept thread, connection threads and ``stop()``.
    struct State {
        enum Phase {
            case idle
            case running
            case stopped
        }

        var phase = Phase.idle
        var listener: Int32 = -1
        /// Open connection sockets; a thread removes its socket here before closing it, so ``stop()`` never
        /// shuts down a descriptor number that was already reused.
        var connections: Set<Int32> = []
        var handlerCalls: [UInt64: (task: Task<Void, Never>, call: HandlerCall)] = [:]
        var nextTaskID: UInt64 = 0
    }

    let configuration: Configuration
    let logger: Logger
    let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    let state = Mutex(State())
    /// Entered once for the accept thread and once per connection thread.
    let threads = DispatchGroup()

    /// Creates a server; nothing is bound until ``start()``.
    /// - Parameters:
    ///   - configuration: Address and limits.
    ///   - logger: Receives connection-level events at debug level; never request bodies.
    ///   - handler: Answers each request. Return ``HTTPResponse/dropConnection`` or
    ///     ``HTTPResponse/holdConnection`` to not answer. The task running it is cancelled by ``stop()``.
    public init(
        configuration: Configuration = .init(),
        logger: Logger = .silent,
        handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse
    ) {
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
    }

    /// The port the server is bound to, or nil before ``start()`` and after ``stop()``.
    public var port: Int? {
        self.state.withLock { state in
            guard state.phase == .running else { return nil }
            return Self.boundPort(of: state.listener)
        }
    }

    /// Binds, listens and starts accepting connections on a background thread.
    /// - Returns: The bound port (the ephemeral one when the configured port is 0).
    /// - Throws: An ``HTTPServerError`` when the address is in use or invalid, a socket call fails, or the
    ///   server was already started.
    @discardableResult
    public func start() throws -> Int {
        try self.state.withLock { state in
            guard state.phase == .idle else {
                throw HTTPServerError(code: .alreadyStarted, message: "The server was already started")
            }
            state.listener = try Self.makeListener(host: self.configuration.host, port: self.configuration.port)
            state.phase = .running
        }
        let listener = self.state.withLock { $0.listener }
        let port = Self.boundPort(of: listener)
        self.threads.enter()
        let thread = Thread { [self] in
            self.acceptLoop(listener: listener)
            close(listener)
            self.threads.leave()
        }
        thread.name = "HTTPServer.accept"
        thread.start()
        self.logger.debug(
            "HTTP server listening",
            metadata: ["http.host": self.configuration.host, "http.port": "\(port)"]
        )
        return port
    }

    /// Stops accepting, lets in-flight requests finish (up to the grace period), closes idle and held
    /// connections, cancels running handlers, and returns once every connection thread is done. Idempotent.
    ///
    /// - Important: It blocks the calling thread for at most about the grace period. Handlers that do not
    ///   finish in time are abandoned and their connections dropped.
    public func stop() {
        let calls: [(task: Task<Void, Never>, call: HandlerCall)]? = self.state.withLock { state in
            guard state.phase == .running else {
                state.phase = .stopped
                return nil
            }
            state.phase = .stopped
            // Shutting the read side wakes threads blocked in poll/recv; responses can still be written.
            shutdown(state.listener, Int32(SHUT_RDWR))
            for connection in state.connections {
                shutdown(connection, Int32(SHUT_RD))
            }
            return Array(state.handlerCalls.values)
        }
        guard let calls else { return }
        for call in calls {
            call.task.cancel()
        }
        let deadline = DispatchTime.now() + .nanoseconds(Self.nanoseconds(self.configuration.shutdownGracePeriod))
        if self.threads.wait(timeout: deadline) == .timedOut {
            // Handlers that ignore cancellation (or cannot run because the cooperative pool is blocked) are
            // abandoned: their connections are dropped so that stop() stays bounded.
            self.state.withLock { state in
                for connection in state.connections {
                    shutdown(connection, Int32(SHUT_RDWR))
                }
                for entry in state.handlerCalls.values {
                    entry.call.abandon()
                }
            }
            self.threads.wait()
        }
        self.logger.debug("HTTP server stopped")
    }

    // MARK: - Accepting

    private func acceptLoop(listener: Int32) {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if self.state.withLock({ $0.phase != .running }) { return }
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    usleep(10_000)
                    continue
                }
                return
            }
            var noDelay: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let admission: Admission = self.state.withLock { state in
                guard state.phase == .running else { return .closed }
                guard state.connections.count < self.configuration.maximumConnections else { return .overloaded }
                state.connections.insert(connection)
                return .admitted
            }
            switch admission {
            case .closed:
                close(connection)
                return
            case .overloaded:
                Self.writeAll(connection, Self.serialize(.text(503, "Too many connections\n"), isClosing: true))
                close(connection)
            case .admitted:
                self.threads.enter()
                let thread = Thread { [self] in
                    var handler = HTTPConnection(socket: connection, server: self)
                    handler.run()
                    self.state.withLock { _ = $0.connections.remove(connection) }
                    close(connection)
                    self.threads.leave()
                }
                thread.name = "HTTPServer.connection"
                thread.start()
            }
        }
    }

    private enum Admission {
        case admitted
        case overloaded
        case closed
    }

    // MARK: - Handlers

    /// Runs the handler in a task and blocks the calling connection thread until it answers.
    func respond(to request: HTTPRequest) -> HTTPResponse {
        let call = HandlerCall()
        let handler = self.handler
        // An unstructured task is the bridge from a blocking connection thread into async code; it is
        // registered so that stop() can cancel it, and the thread waits for it, so it never outlives the call.
        let task = Task {
            let response = await handler(request)
            call.finish(with: response)
        }
        let taskID: UInt64 = self.state.withLock { state in
            let taskID = state.nextTaskID
            state.nextTaskID += 1
            state.handlerCalls[taskID] = (task, call)
            if state.phase != .running { task.cancel() }
            return taskID
        }
        let response = call.wait()
        self.state.withLock { _ = $0.handlerCalls.removeValue(forKey: taskID) }
        return response
    }

    var isRunning: Bool { self.state.withLock { $0.phase == .running } }

    // MARK: - Sockets

    private static func makeListener(host: String, port: Int) throws(HTTPServerError) -> Int32 {
        guard (0...65535).contains(port) else {
            throw HTTPServerError(code: .invalidAddress, message: "Port \(port) is out of range")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            let reason = String(cString: gai_strerror(status))
            throw HTTPServerError(code: .invalidAddress, message: "Cannot resolve host \(host): \(reason)")
        }
        defer { freeaddrinfo(results) }
        // Prefer IPv4 when a name resolves to both (e.g. `localhost`), since clients usually try it first.
        var address = first.pointee
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let current = candidate {
            if current.pointee.ai_family == AF_INET {
                address = current.pointee
                break
            }
            candidate = current.pointee.ai_next
        }
        let listener = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard listener >= 0 else { throw Self.socketError("socket", host: host, port: port) }
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        guard bind(listener, address.ai_addr, address.ai_addrlen) == 0 else {
            let error = Self.socketError("bind", host: host, port: port)
            close(listener)
            throw error
        }
        guard listen(listener, 128) == 0 else {
            let error = Self.socketError("listen", host: host, port: port)
            close(listener)
            throw error
        }
        return listener
    }

    private static func socketError(_ call: String, host: String, port: Int) -> HTTPServerError {
        let code = errno
        let reason = String(cString: strerror(code))
        if code == EADDRINUSE {
            return HTTPServerError(
                code: .addressInUse,
                message: "Address \(host):\(port) is already in use",
                systemError: code
            )
        }
        if code == EADDRNOTAVAIL {
            return HTTPServerError(
                code: .invalidAddress,
                message: "Address \(host) is not available on this machine: \(reason)",
                systemError: code
            )
        }
        return HTTPServerError(
            code: .socketFailure,
            message: "\(call) on \(host):\(port) failed: \(reason)",
            systemError: code
        )
    }

    private static func boundPort(of listener: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        guard result == 0 else { return 0 }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
        default:
            return 0
        }
    }

    /// Writes every byte, retrying partial writes; false when the peer is gone.
    @discardableResult
    static func writeAll(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                send(socket, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// The wire form of a response: status line, headers, `Content-Length`, optional `Connection: close`, body.
    static func serialize(_ response: HTTPResponse, isClosing: Bool, isHeadRequest: Bool = false) -> [UInt8] {
        let status = response.status
        let hasBody = !(100..<200).contains(status) && status != 204 && status != 304
        var head = "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(for: status))\r\n"
        for (name, value) in response.headers {
            let lowered = name.lowercased()
            guard lowered != "content-length", lowered != "connection", lowered != "transfer-encoding" else {
                continue
            }
            head += "\(name): \(value)\r\n"
        }
        if hasBody {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        if isClosing {
            head += "Connection: close\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if hasBody && !isHeadRequest {
            bytes += response.body
        }
        return bytes
    }

    static func nanoseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
    }
}
