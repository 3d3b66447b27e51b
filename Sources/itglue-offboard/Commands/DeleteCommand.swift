import ITGlueSandbox
import Offboarding

/// `itglue-offboard delete`: one offboarding run directly against IT Glue, the result JSON on stdout.
struct DeleteCommand: Command {
    static let name = "delete"
    static let abstract = "Run one offboarding directly against IT Glue and print the result JSON"
    static let help = """
        (--org-id ID | --org-name NAME) [--confirm] [--dry-run] [--force] [--reason TEXT] [--sandbox]

        Runs the same engine, policy, audit log and archive as the consumer, without a broker.

        \(RequestOptions.help)
          --sandbox            run against the embedded IT Glue sandbox (demo data)

        Exit status 0 when the result has success true, 1 when it has not.
        """

    let options: RequestOptions
    let isSandbox: Bool
    let environment: Environment

    init(arguments: inout CommandArguments, environment: Environment) throws {
        self.options = try RequestOptions(arguments: &arguments, environment: environment)
        self.isSandbox = arguments.flag("sandbox")
        self.environment = environment
    }

    func run() async throws -> Int32 {
        let logger = self.environment.logger
        let policy = try self.environment.policy()
        let target = try ITGlueTarget(
            isSandbox: self.isSandbox,
            sandboxPort: nil,
            environment: self.environment,
            logger: logger
        )
        defer { target.sandbox?.stop() }
        let offboarder = try target.makeOffboarder(policy: policy, environment: self.environment, logger: logger)
        let context = RequestContext(messageID: "cli:\(self.options.requestID)", isFromBroker: false)
        let result = await offboarder.handle(body: self.options.bodyBytes, context: context)
        return ResultPrinter.print(result)
    }
}
