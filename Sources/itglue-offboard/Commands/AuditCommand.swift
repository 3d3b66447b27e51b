import Foundation
import Offboarding

/// `itglue-offboard audit`: reads the audit log under `OFFBOARD_STATE_DIR`.
struct AuditCommand: Command {
    static let name = "audit"
    static let abstract = "Query the audit log"
    static let help = """
        [--org-id ID] [--since TIME] [--limit N] [--json]

        Prints the audit entries (newest first) of OFFBOARD_STATE_DIR (default ./state): who asked, why, what
        the policy decided, the dependency counts, the outcome and when.

          --org-id ID          only this organization
          --since TIME         only entries received since TIME: ISO 8601 (2026-01-22 or
                               2026-01-22T10:30:00Z) or an age such as 90m, 24h, 7d
          --limit N            at most N entries (default: 100)
          --json               one JSON object per line instead of a table
        """

    let organizationID: String?
    let since: Date?
    let limit: Int
    let isJSON: Bool
    let environment: Environment

    init(arguments: inout CommandArguments, environment: Environment) throws {
        self.organizationID = try arguments.option("org-id")
        self.since = try arguments.option("since").map(Self.parseTime)
        self.limit = try arguments.integer("limit", in: 1...1_000_000) ?? 100
        self.isJSON = arguments.flag("json")
        self.environment = environment
    }

    func run() async throws -> Int32 {
        let directory = self.environment.stateDirectory
        guard FileManager.default.fileExists(atPath: directory) else {
            throw ConfigurationError("OFFBOARD_STATE_DIR: \(directory) does not exist (no audit log yet)")
        }
        let log: AuditLog
        do {
            log = try AuditLog(directory: directory)
        } catch {
            throw ConfigurationError("OFFBOARD_STATE_DIR: \(error)")
        }
        let entries = try log.entries(organizationID: self.organizationID, since: self.since, limit: self.limit)
        if self.isJSON {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            for entry in entries {
                print(String(decoding: try encoder.encode(entry), as: UTF8.self))
            }
            return ExitStatus.success
        }
        print(["received", "org_id", "org_name", "outcome", "requested_by", "reason"].joined(separator: "\t"))
        for entry in entries {
            print(
                [
                    OffboardingResult.timestamp(entry.receivedAt), entry.organizationID ?? "-",
                    entry.organizationName ?? "-", entry.outcome ?? entry.state.rawValue, entry.requestedBy ?? "-",
                    entry.reason ?? "-",
                ].joined(separator: "\t")
            )
        }
        return ExitStatus.success
    }

    static func parseTime(_ text: String) throws -> Date {
        let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last, let seconds = units[unit], let amount = Double(text.dropLast()), amount >= 0 {
            return Date().addingTimeInterval(-amount * seconds)
        }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) { return date }
        throw UsageError("--since takes an ISO 8601 time or an age such as 24h, not '\(text)'")
    }
}
