import Foundation
import ITGlueSandbox

/// `itglue-offboard sandbox`: serves the embedded IT Glue sandbox over HTTP until SIGTERM/SIGINT.
struct SandboxCommand: Command {
    static let name = "sandbox"
    static let abstract = "Serve the embedded IT Glue sandbox over HTTP (demo data, fault injection)"
    static let help = """
        [--host HOST] [--port PORT] [--data FILE] [--api-key KEY] [--deletion-delay SECONDS] [--rate-limit N]

        An in-memory IT Glue that answers as the real API does (JSON:API, paging, error shapes, rate limits,
        asynchronous deletion), for trying a policy before production. Point the service at it with
        ITGLUE_BASE_URL=http://HOST:PORT and ITGLUE_API_KEY=KEY. Faults are injected through
        POST /_sandbox/faults (see the README).

          --host HOST              listen address (default: 127.0.0.1)
          --port PORT              port (default: 8080; 0 = any free port)
          --data FILE              data set as JSON (default: the built-in demo data)
          --api-key KEY            the key requests must send (default: sandbox-api-key)
          --deletion-delay SECONDS how long a deleted organization stays visible (default: 0)
          --rate-limit N           requests per 5 minutes before 429 (default: 3000)
          --retry-after            send Retry-After on 429 answers
        """

    let host: String
    let port: Int
    let dataPath: String?
    let configuration: SandboxConfiguration

    init(arguments: inout CommandArguments, environment: Environment) throws {
        self.host = try arguments.option("host") ?? "127.0.0.1"
        self.port = try arguments.integer("port", in: 0...65535) ?? 8080
        self.dataPath = try arguments.option("data")
        var configuration = SandboxConfiguration()
        if let key = try arguments.option("api-key") { configuration.apiKey = key }
        if let delay = try arguments.integer("deletion-delay", in: 0...86_400) {
            configuration.deletionDelay = .seconds(delay)
        }
        if let limit = try arguments.integer("rate-limit", in: 1...1_000_000) { configuration.rateLimit = limit }
        configuration.isRetryAfterEnabled = arguments.flag("retry-after")
        self.configuration = configuration
    }

    func run() async throws -> Int32 {
        let dataset: SandboxDataset
        if let path = self.dataPath {
            do {
                dataset = try SandboxDataset.load(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ConfigurationError("--data \(path): \(error)")
            }
        } else {
            dataset = .demo
        }
        let sandbox = ITGlueSandbox(
            dataset: dataset,
            configuration: self.configuration,
            logger: Environment([:]).logger
        )
        let url: URL
        do {
            url = try sandbox.start(host: self.host, port: self.port)
        } catch {
            throw ConfigurationError("sandbox: \(error)")
        }
        print("IT Glue sandbox on \(url.absoluteString) (x-api-key: \(self.configuration.apiKey)); Ctrl-C stops it")
        let stop = AsyncStream<Void>.makeStream()
        let watcher = SignalWatcher { stop.continuation.finish() }
        for await _ in stop.stream {}
        withExtendedLifetime(watcher) {}
        sandbox.stop()
        return ExitStatus.success
    }
}
