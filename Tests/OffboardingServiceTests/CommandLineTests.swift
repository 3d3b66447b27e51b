import Foundation
import JSONSchema
import Testing

/// The executable's commands, exit statuses and one-line configuration errors.
@Suite(.enabled(if: ConsumerProcess.isAvailable, "itglue-offboard is not built (swift build)"))
struct CommandLineTests {
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    private func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Outcome
    {
        let process = Process()
        process.executableURL = ConsumerProcess.executable
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment
        for key in base.keys where key.hasPrefix("OFFBOARD_") || key.hasPrefix("ITGLUE_") || key == "AMQP_URL" {
            base[key] = nil
        }
        base["OFFBOARD_STATE_DIR"] = NSTemporaryDirectory() + "cli-\(UUID().uuidString.prefix(8))"
        process.environment = base.merging(environment) { _, new in new }
        let output = Pipe()
        let error = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: out, as: UTF8.self),
            standardError: String(decoding: err, as: UTF8.self)
        )
    }

    private func temporaryFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "cli-\(UUID().uuidString.prefix(8)).json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func versionHelpAndUsageErrors() throws {
        #expect(try self.run(["--version"]).status == 0)
        #expect(try self.run(["--help"]).standardOutput.contains("consume"))
        #expect(try self.run(["delete", "--help"]).status == 0)
        let unknown = try self.run(["frobnicate"])
        #expect(unknown.status == 2)
        let missing = try self.run(["delete", "--confirm"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("--org-id"))
        #expect(try self.run(["delete", "--org-id", "1", "--bogus"]).status == 2)
    }

    @Test func badConfigurationFailsAtStartWithOneClearLine() throws {
        let url = try self.run(["consume", "--sandbox"], environment: ["AMQP_URL": "http://nope"])
        #expect(url.status == 3)
        #expect(url.standardError.contains("AMQP_URL"))
        let policy = try self.temporaryFile(#"{"limits": {"configurtions": 5}}"#)
        let invalid = try self.run(["consume", "--sandbox"], environment: ["OFFBOARD_POLICY": policy])
        #expect(invalid.status == 3)
        #expect(invalid.standardError.contains("configurtions"))
        #expect(invalid.standardError.split(separator: "\n").count == 1)
        let noKey = try self.run(["delete", "--org-id", "1"])
        #expect(noKey.status == 3)
        #expect(noKey.standardError.contains("ITGLUE_API_KEY"))
        let secret = "s3cr3t-password"
        let broker = try self.run(
            ["consume", "--sandbox"],
            environment: ["AMQP_URL": "amqp://user:\(secret)@127.0.0.1:1/%2f", "OFFBOARD_METRICS_ADDR": "off"]
        )
        #expect(broker.status == 3)
        #expect(!broker.standardError.contains(secret))
    }

    @Test func deleteRunsOneOffboardingAndTheAuditLogRecordsIt() throws {
        let state = NSTemporaryDirectory() + "cli-\(UUID().uuidString.prefix(8))"
        let deleted = try self.run(
            ["delete", "--sandbox", "--org-id", "123456", "--confirm", "--reason", "contract ended"],
            environment: ["OFFBOARD_STATE_DIR": state]
        )
        #expect(deleted.status == 0)
        let result = try JSONValue(parsing: deleted.standardOutput)
        #expect(result["deleted"] == true)
        #expect(result["dependency_check"]?["assets_found"] == 12)
        let blocked = try self.run(["delete", "--sandbox", "--org-id", "1000", "--confirm", "--force"])
        #expect(blocked.status == 1)
        #expect(try JSONValue(parsing: blocked.standardOutput)["errors"]?[0]?["code"] == "DeletionBlocked")

        let audit = try self.run(["audit", "--json", "--org-id", "123456"], environment: ["OFFBOARD_STATE_DIR": state])
        #expect(audit.status == 0)
        let entry = try JSONValue(parsing: try #require(audit.standardOutput.split(separator: "\n").first).description)
        #expect(entry["outcome"] == "deleted")
        #expect(entry["reason"] == "contract ended")
    }

    @Test func validateAnswersZeroOneOrTwo() throws {
        let schema = try self.temporaryFile(
            #"{"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}"#
        )
        let valid = try self.temporaryFile(#"{"a": 1}"#)
        let invalid = try self.temporaryFile(#"{"a": "x"}"#)
        #expect(try self.run(["validate", "--schema", schema, valid]).status == 0)
        let failed = try self.run(["validate", "--schema", schema, valid, invalid])
        #expect(failed.status == 1)
        #expect(failed.standardOutput.contains("/a"))
        #expect(try self.run(["validate", "--schema", schema], input: "{}").status == 1)
        #expect(try self.run(["validate", "--schema", schema], input: "not json").status == 2)
        let badSchema = try self.temporaryFile(#"{"type": 12}"#)
        #expect(try self.run(["validate", "--schema", badSchema, valid]).status == 2)
        let email = try self.temporaryFile(#"{"format": "email"}"#)
        #expect(try self.run(["validate", "--schema", email], input: #""nope""#).status == 0)
        #expect(try self.run(["validate", "--schema", email, "--format-assertion"], input: #""nope""#).status == 1)
    }

    @Test func topologyPrintsTheShippedDefinitions() throws {
        let printed = try self.run(["topology"])
        #expect(printed.status == 0)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shipped = try Data(contentsOf: root.appendingPathComponent("ops/rabbitmq/definitions.json"))
        #expect(try JSONValue(parsing: printed.standardOutput) == JSONValue(parsing: shipped))
    }

    @Test func sweepListsMatchesAndRefusesWithoutACriterion() throws {
        let listed = try self.run(["sweep", "--sandbox", "--status", "Inactive", "--list"])
        #expect(listed.status == 0)
        let ids = try listed.standardOutput.split(separator: "\n").map { try JSONValue(parsing: String($0))["org_id"] }
        #expect(Set(ids) == ["200001", "200008"])
        #expect(try self.run(["sweep", "--sandbox", "--list"]).status == 2)
        let unknown = try self.run(["sweep", "--sandbox", "--status", "Nope", "--list"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("Nope"))
    }
}
