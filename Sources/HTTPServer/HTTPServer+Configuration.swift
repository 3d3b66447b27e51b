extension HTTPServer {
    /// Where an ``HTTPServer`` listens and the limits it enforces on each request.
    public struct Configuration: Sendable {
        /// The address to bind: an IPv4 or IPv6 literal or a host name. Default: `127.0.0.1` (loopback only).
        public var host = "127.0.0.1"
        /// The TCP port; 0 picks a free ephemeral port, which ``HTTPServer/start()`` returns. Default: 0.
        public var port = 0
        /// The longest request line accepted; longer ones get 414. Default: 8 KiB.
        public var maximumRequestLineBytes = 8 * 1024
        /// The most bytes the request line and header fields may take together; more gets 431. Default: 16 KiB.
        public var maximumHeaderBytes = 16 * 1024
        /// The most header fields one request may carry; more gets 431. Default: 100.
        public var maximumHeaderCount = 100
        /// The largest `Content-Length` accepted; larger gets 413. Default: 1 MiB.
        public var maximumBodyBytes = 1024 * 1024
        /// How long a connection may sit without sending a complete request before it is closed. Default: 60 s.
        public var idleTimeout: Duration = .seconds(60)
        /// The most connections served at once; one more is answered 503 and closed. Default: 256.
        public var maximumConnections = 256
        /// How long ``HTTPServer/stop()`` waits for in-flight requests to finish. Default: 5 s.
        public var shutdownGracePeriod: Duration = .seconds(5)

        /// A configuration with every default.
        public init() {}
    }
}
