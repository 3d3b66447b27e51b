/// Where and how to connect to a RabbitMQ broker.
///
/// Create it from a URL with ``init(url:)``, then adjust the `var`s. ``description`` never shows the password.
public struct AMQPConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Broker host name or IP address. With TLS, the certificate must match it.
    public var host: String
    /// Default: 5672, or 5671 with TLS.
    public var port: Int
    /// Default: `/`.
    public var virtualHost: String
    /// Default: `guest` (which RabbitMQ only accepts from loopback).
    public var username: String
    /// Default: `guest`.
    public var password: String
    /// Use TLS (`amqps://`), verifying the peer certificate and host name. Default: false.
    public var isTLS: Bool
    /// PEM file with the CA certificates that sign the broker's certificate; nil uses the system bundle
    /// (`/etc/ssl/certs/ca-certificates.crt`) when it exists. Default: nil.
    public var caCertificatePath: String?
    /// Heartbeat interval proposed to the broker; zero disables heartbeats. Default: 15 seconds.
    public var heartbeat: Duration = .seconds(15)
    /// Bound for the TCP connect and TLS handshake, and for the AMQP login handshake. Default: 10 seconds.
    public var connectTimeout: Duration = .seconds(10)
    /// Bound for every synchronous AMQP method (declare, consume, cancel, close). Default: 10 seconds.
    public var rpcTimeout: Duration = .seconds(10)
    /// Shown by the broker's management UI and logs as the client-provided name. Default: `itglue-offboard`.
    public var connectionName: String = "itglue-offboard"
    /// How long the connection thread waits for traffic before it services heartbeats and queued work again.
    /// Default: 100 milliseconds.
    public var pollInterval: Duration = .milliseconds(100)

    /// Creates a configuration from its parts.
    public init(
        host: String,
        port: Int? = nil,
        virtualHost: String = "/",
        username: String = "guest",
        password: String = "guest",
        isTLS: Bool = false
    ) {
        self.host = host
        self.port = port ?? (isTLS ? 5671 : 5672)
        self.virtualHost = virtualHost
        self.username = username
        self.password = password
        self.isTLS = isTLS
    }

    /// The configuration as a URL with the password replaced by `***`, e.g. `amqp://guest:***@127.0.0.1:5672/%2f`.
    public var redactedURL: String {
        let scheme = self.isTLS ? "amqps" : "amqp"
        let user = Self.percentEncode(self.username)
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "\(scheme)://\(user):***@\(host):\(self.port)/\(Self.percentEncode(self.virtualHost))"
    }

    public var description: String {
        "AMQPConfiguration(\(self.redactedURL), heartbeat: \(self.heartbeat), connectionName: \(self.connectionName))"
    }
}
