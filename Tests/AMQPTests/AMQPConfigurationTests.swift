import AMQP
import Testing

@Suite struct AMQPConfigurationTests {
    struct ValidCase: Sendable, CustomTestStringConvertible {
        var url: String
        var host: String
        var port: Int
        var virtualHost: String
        var username: String
        var password: String
        var isTLS: Bool
        var testDescription: String { self.url }
    }

    @Test(arguments: [
        ValidCase(
            url: "amqp://guest:guest@127.0.0.1:5672/%2f",
            host: "127.0.0.1",
            port: 5672,
            virtualHost: "/",
            username: "guest",
            password: "guest",
            isTLS: false
        ),
        ValidCase(
            url: "amqp://localhost",
            host: "localhost",
            port: 5672,
            virtualHost: "/",
            username: "guest",
            password: "guest",
            isTLS: false
        ),
        ValidCase(
            url: "amqp://broker.example.com/",
            host: "broker.example.com",
            port: 5672,
            virtualHost: "/",
            username: "guest",
            password: "guest",
            isTLS: false
        ),
        ValidCase(
            url: "amqps://svc:s%40cr%3At@mq.example.com/offboarding",
            host: "mq.example.com",
            port: 5671,
            virtualHost: "offboarding",
            username: "svc",
            password: "s@cr:t",
            isTLS: true
        ),
        ValidCase(
            url: "AMQPS://user:p@ss@mq:1234/a%2Fb",
            host: "mq",
            port: 1234,
            virtualHost: "a/b",
            username: "user",
            password: "p@ss",
            isTLS: true
        ),
        ValidCase(
            url: "amqp://only-user@[::1]:5673/v%20h",
            host: "::1",
            port: 5673,
            virtualHost: "v h",
            username: "only-user",
            password: "guest",
            isTLS: false
        ),
        ValidCase(
            url: "amqp://u:@h",
            host: "h",
            port: 5672,
            virtualHost: "/",
            username: "u",
            password: "",
            isTLS: false
        ),
    ])
    func parsesValidURLs(_ valid: ValidCase) throws {
        let configuration = try AMQPConfiguration(url: valid.url)
        #expect(configuration.host == valid.host)
        #expect(configuration.port == valid.port)
        #expect(configuration.virtualHost == valid.virtualHost)
        #expect(configuration.username == valid.username)
        #expect(configuration.password == valid.password)
        #expect(configuration.isTLS == valid.isTLS)
    }

    @Test func parsesQueryParameters() throws {
        let configuration = try AMQPConfiguration(
            url: "amqps://u:p@h/v?heartbeat=5&connection_timeout=2500&cacertfile=%2Fetc%2Fca.pem"
        )
        #expect(configuration.heartbeat == .seconds(5))
        #expect(configuration.connectTimeout == .milliseconds(2500))
        #expect(configuration.caCertificatePath == "/etc/ca.pem")
    }

    @Test(arguments: [
        ("http://u:hunter2@h/", "scheme"),
        ("u:hunter2@h", "expected amqp://"),
        ("amqp://u:hunter2@h:0/", "port"),
        ("amqp://u:hunter2@h:70000/", "port"),
        ("amqp://u:hunter2@h:abc/", "port"),
        ("amqp://u:hunter2@h/a/b", "one path segment"),
        ("amqp://u:hunter2@h/%zz", "virtual host"),
        ("amqp://u:hunter2%@h/", "password"),
        ("amqp://u:hunter2@[::1/", "IPv6"),
        ("amqp://u:hunter2@h/?frame_max=1", "frame_max"),
        ("amqp://u:hunter2@h/?heartbeat=soon", "heartbeat"),
    ])
    func rejectsInvalidURLsWithoutLeakingThePassword(url: String, problem: String) throws {
        let error = try #require(throws: AMQPError.self) { try AMQPConfiguration(url: url) }
        #expect(error.code == .invalidURL)
        #expect(error.message.contains(problem))
        #expect(!error.message.contains("hunter2"))
        #expect(!error.description.contains("hunter2"))
        #expect(!error.isRetriable)
    }

    @Test func redactsThePassword() throws {
        let configuration = try AMQPConfiguration(url: "amqp://svc:top%2Fsecret@10.0.0.5:5679/prod")
        #expect(configuration.redactedURL == "amqp://svc:***@10.0.0.5:5679/prod")
        #expect(!configuration.description.contains("secret"))
        #expect(!String(describing: configuration).contains("secret"))
        let root = try AMQPConfiguration(url: "amqps://a:b@[::1]")
        #expect(root.redactedURL == "amqps://a:***@[::1]:5671/%2f")
    }

    @Test func errorsCompareByCode() {
        #expect(AMQPError(.timeout, "a") == AMQPError(.timeout, "b"))
        #expect(AMQPError(.timeout, "a") != AMQPError(.publishNacked, "a"))
        #expect(AMQPError(.timeout, "a").isRetriable)
        #expect(!AMQPError(.authenticationFailed, "a").isRetriable)
    }
}
