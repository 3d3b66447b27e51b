/// One subcommand of `itglue-offboard`.
protocol Command {
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The full `--help` text after the usage line.
    static var help: String { get }

    /// Reads (and so removes) the command's arguments; `environment` supplies the defaults.
    init(arguments: inout CommandArguments, environment: Environment) throws

    /// Runs the command and returns the exit status.
    func run() async throws -> Int32
}
