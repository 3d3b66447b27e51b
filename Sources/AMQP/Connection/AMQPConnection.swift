import CRabbitMQ
import CRabbitMQShims
import Dispatch
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One rabbitmq-c connection with one channel, owned by one dedicated OS thread.
///
/// rabbitmq-c is not thread-safe and services heartbeats only inside its own calls, so the owning thread loops:
/// run the queued commands (publish, ack, RPCs), read every available frame without blocking and hand it to the
/// ``AMQPConnectionDelegate``, then wait up to ``AMQPConfiguration/pollInterval`` for socket data or a new command.
/// A watchdog shuts the socket down when the thread is stuck in one library call for longer than the RPC timeout
/// plus a margin (rabbitmq-c 0.11's `amqp_basic_publish` can block forever, issue #780): the blocked call then fails
/// and the thread tears the connection down itself.
///
/// `@unchecked Sendable`: the C state, the delegate and every `var` not inside a `Mutex` are only touched on the
/// owning thread (commands are closures that run there); other threads only use ``submit(run:fail:)``,
/// ``perform(_:)`` and ``close()``, which go through the `Mutex` and the wake pipe.
final class AMQPConnection<Delegate: AMQPConnectionDelegate>: @unchecked Sendable {
    /// A closure to run on the owning thread, and what to do instead when the connection is gone.
    struct Command {
        var run: (AMQPConnection, Delegate) -> Void
        var fail: (AMQPError) -> Void
    }

    private struct Shared {
        var commands: [Command] = []
        var isAccepting = true
        var hasExited = false
        /// Why the connection ended, for commands submitted afterwards.
        var exitError: AMQPError?
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private struct Watch {
        var socket: Int32?
        var busySince: ContinuousClock.Instant?
    }

    /// The only channel used on this connection.
    let channel: amqp_channel_t = 1
    let configuration: AMQPConfiguration
    let logger: Logger

    private let shared = Mutex(Shared())
    private let watch = Mutex(Watch())
    private let wakeReader: Int32
    private let wakeWriter: Int32

    // Owning thread only.
    private(set) var state: amqp_connection_state_t!
    private let delegate: Delegate
    private var isRunning = true
    private var terminalError: AMQPError?
    /// After the broker closed only the channel, the connection can still be closed politely.
    private var canCloseConnection = false

    private init(configuration: AMQPConfiguration, logger: Logger, delegate: Delegate) throws {
        self.configuration = configuration
        self.logger = logger
        self.delegate = delegate
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw AMQPError(.connectionFailed, "Cannot create the wake pipe: errno \(errno)")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        self.wakeReader = fds[0]
        self.wakeWriter = fds[1]
    }

    /// Connects, logs in and opens the channel on a new thread, which then keeps running the loop.
    ///
    /// - Throws: An ``AMQPError`` when the broker cannot be reached or refuses the login.
    static func open(
        configuration: AMQPConfiguration,
        logger: Logger,
        delegate: Delegate
    ) async throws -> AMQPConnection {
        let connection = try AMQPConnection(configuration: configuration, logger: logger, delegate: delegate)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread { connection.threadMain(onOpen: { continuation.resume(with: $0) }) }
            thread.name = "amqp-\(configuration.connectionName)"
            thread.start()
        }
        return connection
    }

    // MARK: - Any thread

    /// Whether the connection is still up (it may fail a moment later; this is for health reporting).
    var isOpen: Bool { self.shared.withLock { $0.isAccepting } }

    /// Queues `run` for the owning thread; `fail` runs instead (on some thread) if the connection is gone.
    func submit(
        run: @escaping @Sendable (AMQPConnection, Delegate) -> Void,
        fail: @escaping @Sendable (AMQPError) -> Void
    ) {
        // Waking under the lock: `finish()` closes the pipe under it too, so a reused descriptor is never written.
        let rejection: AMQPError? = self.shared.withLock { shared in
            guard shared.isAccepting else { return shared.exitError ?? self.closedError }
            shared.commands.append(Command(run: run, fail: fail))
            self.wake()
            return nil
        }
        if let rejection {
            fail(rejection)
        }
    }

    /// Runs `body` on the owning thread and returns its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable (AMQPConnection, Delegate) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            self.submit(
                run: { connection, delegate in continuation.resume(with: Result { try body(connection, delegate) }) },
                fail: { continuation.resume(throwing: $0) }
            )
        }
    }

    /// Closes the channel and the connection (each bounded by the RPC timeout), then waits for the thread to end.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let hasExited = self.shared.withLock { shared in
                if shared.hasExited { return true }
                shared.exitWaiters.append(continuation)
                return false
            }
            if hasExited {
                continuation.resume()
                return
            }
            self.requestClose()
        }
    }

    /// Asks the thread to close the connection without waiting for it (for `deinit`).
    func requestClose() {
        self.submit(run: { connection, _ in connection.closeGracefully() }, fail: { _ in })
    }

    private var closedError: AMQPError {
        AMQPError(.connectionClosed, "The AMQP connection to \(self.configuration.redactedURL) is closed")
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(self.wakeWriter, &byte, 1)
    }

    // MARK: - Owning thread

    private func threadMain(onOpen: (Result<Void, any Error>) -> Void) {
        do {
            try self.openConnection()
        } catch {
            self.finish(error: nil, notifyDelegate: false)
            onOpen(.failure(error))
            return
        }
        onOpen(.success(()))
        let timer = self.startWatchdog()
        while self.isRunning {
            self.runCommands()
            guard self.isRunning else { break }
            self.readFrames()
            guard self.isRunning else { break }
            self.delegate.connectionDidPoll(self)
            guard self.isRunning else { break }
            self.waitForWork()
        }
        timer.cancel()
        self.finish(error: self.terminalError, notifyDelegate: true)
    }

    /// Ends the loop after the current step; `error` nil means a requested close.
    func terminate(_ error: AMQPError?, canCloseConnection: Bool = false) {
        if self.isRunning, let error {
            self.logger.debug("AMQP connection failed", metadata: [AMQPLoggingKeys.error: error.description])
            self.canCloseConnection = canCloseConnection
        }
        if self.terminalError == nil {
            self.terminalError = error
        }
        self.isRunning = false
    }

    /// Marks the start of a library call that the watchdog must bound.
    func markBusy() {
        self.watch.withLock { $0.busySince = .now }
    }

    /// Throws the error in `reply` and ends the connection if the reply is not normal. The broker's `channel.close`
    /// and `connection.close` are answered first: this connection's single channel is unusable afterwards.
    func check(_ reply: amqp_rpc_reply_t, _ context: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            let error = AMQPError.status(reply.library_error, context)
            self.terminate(error)
            throw error
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            let error = self.handleServerClose(reply.reply, context: context)
            throw error
        default:
            let error = AMQPError(.protocolError, "\(context): no reply from the broker")
            self.terminate(error)
            throw error
        }
    }

    /// Calls an RPC wrapper that returns its decoded `*-ok` reply or NULL, and copies the reply out.
    func rpc<T>(_ context: String, _ call: (amqp_connection_state_t) -> UnsafeMutablePointer<T>?) throws -> T {
        self.markBusy()
        guard let reply = call(self.state) else {
            try self.check(amqp_get_rpc_reply(self.state), context)
            throw AMQPError(.protocolError, "\(context): empty reply")
        }
        return reply.pointee
    }

    /// Throws for a failed write such as `amqp_basic_ack`; a failed write means the socket is gone.
    func checkStatus(_ status: Int32, _ context: String) throws {
        guard status != AMQP_STATUS_OK.rawValue else { return }
        let error = AMQPError.status(status, context)
        self.terminate(error)
        throw error
    }

    private func openConnection() throws {
        guard let state = amqp_new_connection() else {
            throw AMQPError(.connectionFailed, "Cannot allocate an AMQP connection")
        }
        self.state = state
        let configuration = self.configuration
        let target = "\(configuration.host):\(configuration.port)"
        guard let socket = configuration.isTLS ? amqp_ssl_socket_new(state) : amqp_tcp_socket_new(state) else {
            throw AMQPError(.connectionFailed, "Cannot create a socket for \(target)")
        }
        if configuration.isTLS {
            amqp_ssl_socket_set_verify_peer(socket, 1)
            amqp_ssl_socket_set_verify_hostname(socket, 1)
            let systemBundle = "/etc/ssl/certs/ca-certificates.crt"
            let caPath =
                configuration.caCertificatePath
                ?? (FileManager.default.fileExists(atPath: systemBundle) ? systemBundle : nil)
            if let caPath {
                let status = amqp_ssl_socket_set_cacert(socket, caPath)
                guard status == AMQP_STATUS_OK.rawValue else {
                    throw AMQPError(.tlsFailed, "Cannot load the CA certificates from \(caPath)")
                }
            }
        }
        var handshakeTimeout = timeval(configuration.connectTimeout)
        var rpcTimeout = timeval(configuration.rpcTimeout)
        var connectTimeout = timeval(configuration.connectTimeout)
        _ = amqp_set_handshake_timeout(state, &handshakeTimeout)
        _ = amqp_set_rpc_timeout(state, &rpcTimeout)
        let status = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &connectTimeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            var error = AMQPError.status(status, "Cannot connect to \(target)")
            if error.code != .tlsFailed {
                error.code = status == AMQP_STATUS_TIMEOUT.rawValue ? .timeout : .connectionFailed
                error.isRetriable = true
            }
            throw error
        }
        try self.login()
        _ = try self.rpc("Opening channel") { amqp_channel_open($0, self.channel) }
        let socketDescriptor = amqp_get_sockfd(state)
        self.watch.withLock { $0.socket = socketDescriptor }
        self.logger.debug("AMQP connection open", metadata: [AMQPLoggingKeys.url: configuration.redactedURL])
    }

    private func login() throws {
        let configuration = self.configuration
        let arena = AMQPArena()
        var properties = AMQPFieldValue.table(
            [
                "connection_name": .string(configuration.connectionName),
                "product": "itglue-offboard",
                "capabilities": .table(["consumer_cancel_notify": true, "connection.blocked": true]),
            ],
            in: arena
        )
        let heartbeat = configuration.heartbeat.components
        let heartbeatSeconds = Int32(heartbeat.seconds) + (heartbeat.attoseconds > 0 ? 1 : 0)
        let reply = crabbitmq_login_plain(
            self.state,
            configuration.virtualHost,
            0,
            131_072,
            heartbeatSeconds,
            &properties,
            configuration.username,
            configuration.password
        )
        let context = "Logging in to \(configuration.redactedURL)"
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_SERVER_EXCEPTION where reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD:
            let close = reply.reply.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            let text = close.reply_text.string
            let code: AMQPError.Code = close.reply_code == 403 ? .authenticationFailed : .accessRefused
            throw AMQPError(code, "\(context): \(text)", replyCode: Int(close.reply_code))
        case AMQP_RESPONSE_LIBRARY_EXCEPTION
        where reply.library_error == AMQP_STATUS_CONNECTION_CLOSED.rawValue
            || reply.library_error == AMQP_STATUS_SOCKET_CLOSED.rawValue:
            throw AMQPError(
                .connectionFailed,
                "\(context): the broker closed the connection during the handshake",
                isRetriable: true
            )
        default:
            try self.check(reply, context)
        }
    }

    private func closeGracefully() {
        self.markBusy()
        let channelReply = amqp_channel_close(self.state, self.channel, AMQP_REPLY_SUCCESS)
        if channelReply.reply_type == AMQP_RESPONSE_NORMAL {
            self.markBusy()
            _ = amqp_connection_close(self.state, AMQP_REPLY_SUCCESS)
        }
        self.terminate(nil)
    }

    private func runCommands() {
        let commands = self.shared.withLock { shared in
            let commands = shared.commands
            shared.commands.removeAll(keepingCapacity: true)
            return commands
        }
        for (index, command) in commands.enumerated() {
            guard self.isRunning else {
                let error = self.terminalError ?? self.closedError
                for remaining in commands[index...] {
                    remaining.fail(error)
                }
                return
            }
            self.markBusy()
            command.run(self, self.delegate)
        }
    }

    private func readFrames() {
        while self.isRunning {
            self.markBusy()
            var frame = amqp_frame_t()
            var immediately = timeval(tv_sec: 0, tv_usec: 0)
            let status = amqp_simple_wait_frame_noblock(self.state, &frame, &immediately)
            if status == AMQP_STATUS_TIMEOUT.rawValue {
                return
            }
            guard status == AMQP_STATUS_OK.rawValue else {
                self.terminate(AMQPError.status(status, "Reading from \(self.configuration.redactedURL)"))
                return
            }
            self.dispatch(frame)
            amqp_maybe_release_buffers(self.state)
        }
    }

    private func dispatch(_ frame: amqp_frame_t) {
        // Heartbeats never surface here; content frames without a method were already consumed by read_message.
        guard frame.frame_type == AMQP_FRAME_METHOD else { return }
        let method = frame.payload.method
        switch method.id {
        case AMQP_BASIC_DELIVER_METHOD:
            let deliver = method.decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            let exchange = deliver.exchange.string
            let routingKey = deliver.routing_key.string
            guard let message = self.readMessage(channel: frame.channel, context: "Reading a delivery") else { return }
            let delivery = AMQPDelivery(
                deliveryTag: deliver.delivery_tag,
                exchange: exchange,
                routingKey: routingKey,
                isRedelivered: deliver.redelivered != 0,
                message: message
            )
            self.delegate.connection(self, didReceive: .delivery(delivery))
        case AMQP_BASIC_RETURN_METHOD:
            let returned = method.decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let exchange = returned.exchange.string
            let routingKey = returned.routing_key.string
            let replyText = returned.reply_text.string
            guard let message = self.readMessage(channel: frame.channel, context: "Reading a returned message") else {
                return
            }
            self.delegate.connection(
                self,
                didReceive: .returned(
                    exchange: exchange,
                    routingKey: routingKey,
                    message: message,
                    replyCode: Int(returned.reply_code),
                    replyText: replyText
                )
            )
        case AMQP_BASIC_ACK_METHOD:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            self.delegate.connection(self, didReceive: .ack(tag: ack.delivery_tag, isMultiple: ack.multiple != 0))
        case AMQP_BASIC_NACK_METHOD:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            self.delegate.connection(self, didReceive: .nack(tag: nack.delivery_tag, isMultiple: nack.multiple != 0))
        case AMQP_BASIC_CANCEL_METHOD:
            let cancel = method.decoded.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
            self.delegate.connection(self, didReceive: .consumerCancelled(consumerTag: cancel.consumer_tag.string))
        case AMQP_CONNECTION_BLOCKED_METHOD:
            let blocked = method.decoded.assumingMemoryBound(to: amqp_connection_blocked_t.self).pointee
            self.logger.info(
                "AMQP connection blocked by the broker",
                metadata: [AMQPLoggingKeys.reason: blocked.reason.string]
            )
            self.delegate.connection(self, didReceive: .blocked(reason: blocked.reason.string))
        case AMQP_CONNECTION_UNBLOCKED_METHOD:
            self.logger.info("AMQP connection unblocked")
            self.delegate.connection(self, didReceive: .unblocked)
        case AMQP_CHANNEL_CLOSE_METHOD, AMQP_CONNECTION_CLOSE_METHOD:
            _ = self.handleServerClose(method, context: "AMQP connection to \(self.configuration.redactedURL)")
        default:
            self.logger.debug("Ignoring AMQP method", metadata: [AMQPLoggingKeys.method: String(method.id, radix: 16)])
        }
    }

    /// Reads the header and body frames that follow a `basic.deliver` or `basic.return`.
    private func readMessage(channel: amqp_channel_t, context: String) -> AMQPMessage? {
        var message = amqp_message_t()
        let reply = amqp_read_message(self.state, channel, &message, 0)
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
            try? self.check(reply, context)
            return nil
        }
        defer { amqp_destroy_message(&message) }
        return AMQPMessage(body: message.body.array, properties: AMQPProperties(message.properties))
    }

    /// Answers the broker's `channel.close` / `connection.close` with close-ok and ends the connection.
    private func handleServerClose(_ method: amqp_method_t, context: String) -> AMQPError {
        let error: AMQPError
        switch method.id {
        case AMQP_CHANNEL_CLOSE_METHOD:
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            error = .broker(
                replyCode: Int(close.reply_code),
                replyText: close.reply_text.string,
                isConnection: false,
                context
            )
            var closeOK = amqp_channel_close_ok_t()
            let status = amqp_send_method(self.state, self.channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &closeOK)
            self.terminate(error, canCloseConnection: status == AMQP_STATUS_OK.rawValue)
            return error
        case AMQP_CONNECTION_CLOSE_METHOD:
            let close = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            error = .broker(
                replyCode: Int(close.reply_code),
                replyText: close.reply_text.string,
                isConnection: true,
                context
            )
            var closeOK = amqp_connection_close_ok_t()
            _ = amqp_send_method(self.state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &closeOK)
        default:
            error = AMQPError(.protocolError, "\(context): unexpected method \(String(method.id, radix: 16))")
        }
        self.terminate(error)
        return error
    }

    private func waitForWork() {
        self.watch.withLock { $0.busySince = nil }
        let hasBufferedData = amqp_data_in_buffer(self.state) != 0 || amqp_frames_enqueued(self.state) != 0
        let hasCommands = self.shared.withLock { !$0.commands.isEmpty }
        if !hasBufferedData && !hasCommands {
            var fds = [
                pollfd(fd: amqp_get_sockfd(self.state), events: Int16(POLLIN), revents: 0),
                pollfd(fd: self.wakeReader, events: Int16(POLLIN), revents: 0),
            ]
            let components = self.configuration.pollInterval.components
            let milliseconds = Int32(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
            _ = poll(&fds, nfds_t(fds.count), max(milliseconds, 1))
        }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(self.wakeReader, &buffer, buffer.count) > 0 {}
        amqp_maybe_release_buffers(self.state)
    }

    private func startWatchdog() -> any DispatchSourceTimer {
        let limit = self.configuration.rpcTimeout + .seconds(5)
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1)
        // The handler holds `self` until the thread cancels the timer at its end.
        timer.setEventHandler { [logger = self.logger] in
            self.watch.withLock { watch in
                guard let socket = watch.socket, let busySince = watch.busySince, busySince.duration(to: .now) > limit
                else { return }
                logger.warning(
                    "AMQP call stuck, shutting the socket down",
                    metadata: [AMQPLoggingKeys.limit: "\(limit)"]
                )
                _ = shutdown(socket, Int32(SHUT_RDWR))
                watch.busySince = nil
            }
        }
        timer.resume()
        return timer
    }

    private func finish(error: AMQPError?, notifyDelegate: Bool) {
        // Forget the descriptor under the lock first, so the watchdog can never shut down a reused descriptor.
        if self.canCloseConnection {
            self.markBusy()
            _ = amqp_connection_close(self.state, AMQP_REPLY_SUCCESS)
        }
        self.watch.withLock { $0 = Watch() }
        if let state = self.state {
            amqp_destroy_connection(state)
            self.state = nil
        }
        let (commands, waiters) = self.shared.withLock { shared in
            shared.isAccepting = false
            shared.hasExited = true
            shared.exitError = error
            Glibc.close(self.wakeReader)
            Glibc.close(self.wakeWriter)
            defer {
                shared.commands = []
                shared.exitWaiters = []
            }
            return (shared.commands, shared.exitWaiters)
        }
        let failure = error ?? self.closedError
        for command in commands {
            command.fail(failure)
        }
        if notifyDelegate {
            self.delegate.connection(self, didTerminateWith: error)
        }
        for waiter in waiters {
            waiter.resume()
        }
    }
}
