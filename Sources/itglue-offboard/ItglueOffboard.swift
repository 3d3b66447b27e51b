import Foundation
import Logging

/// `itglue-offboard`: argument dispatch only; each command lives in its own file.
@main
enum ItglueOffboard {
    static let version = "0.1.0"

    static var commands: [any Command.Type] {
        [
            ConsumeCommand.self, DeleteCommand.self, RequestCommand.self, SweepCommand.self, SandboxCommand.self,
            ValidateCommand.self, AuditCommand.self, TopologyCommand.self,
        ]
    }

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        exit(await self.run(arguments, environment: Environment(ProcessInfo.processInfo.environment)))
    }

    static func run(_ arguments: [String], environment: Environment) async -> Int32 {
        guard let name = arguments.first, !["--help", "-h", "help"].contains(name) else {
            print(self.usage)
            return arguments.isEmpty ? ExitStatus.usage : ExitStatus.success
        }
        if name == "--version" {
            print("itglue-offboard \(self.version)")
            return ExitStatus.success
        }
        guard let command = self.commands.first(where: { $0.name == name }) else {
            self.fail("unknown command '\(name)'; see itglue-offboard --help")
            return ExitStatus.usage
        }
        var rest = CommandArguments(Array(arguments.dropFirst()))
        if rest.flag("help") || rest.flag("h") {
            print("Usage: itglue-offboard \(command.name) \(command.help)")
            return ExitStatus.success
        }
        LoggingSystem.bootstrap(
            StreamLogHandler(
                handle: .standardError,
                format: environment["OFFBOARD_LOG_FORMAT"] == "json" ? .json : .logfmt
            )
        )
        do {
            let instance = try command.init(arguments: &rest, environment: environment)
            try rest.finish()
            return try await instance.run()
        } catch let error as UsageError {
            self.fail("\(command.name): \(error); see itglue-offboard \(command.name) --help")
            return ExitStatus.usage
        } catch let error as ConfigurationError {
            self.fail("\(command.name): \(error)")
            return ExitStatus.configuration
        } catch {
            self.fail("\(command.name): \(error)")
            return ExitStatus.configuration
        }
    }

    static func fail(_ message: String) {
        FileHandle.standardError.write(Data("itglue-offboard: \(message)\n".utf8))
    }

    static var usage: String {
        var lines = [
            "Usage: itglue-offboard <command> [options]", "",
            "Deletes client organizations from IT Glue safely, driven by RabbitMQ messages.", "", "Commands:",
        ]
        for command in self.commands {
            lines.append("  " + command.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.abstract)
        }
        lines += [
            "", "Every command has --help. Exit status: 0 success, 1 the operation failed,",
            "2 usage error, 3 configuration or connection error.",
        ]
        return lines.joined(separator: "\n")
    }
}
