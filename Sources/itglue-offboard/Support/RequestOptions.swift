import Foundation
import JSONSchema

/// The request options that `delete` and `request` share; they become a request body, so a manual run goes
/// through the same schema as a message.
struct RequestOptions {
    static let help = """
          --org-id ID          organization id (digits)
          --org-name NAME      exact organization name (must match exactly one organization)
          --confirm            set confirm_delete: without it nothing is deleted
          --dry-run            resolve and check only
          --force              bypass dependency limits (never protection or confirmation)
          --reason TEXT        why, for the audit log
          --request-id ID      caller's request id (default: a new UUID)
          --requested-by WHO   who asks (default: the USER variable)
        """

    let body: JSONValue
    let requestID: String

    init(arguments: inout CommandArguments, environment: Environment) throws {
        var object: [String: JSONValue] = [:]
        if let id = try arguments.option("org-id") { object["org_id"] = .string(id) }
        if let name = try arguments.option("org-name") { object["org_name"] = .string(name) }
        guard object["org_id"] != nil || object["org_name"] != nil else {
            throw UsageError("--org-id ID or --org-name NAME is required")
        }
        object["confirm_delete"] = .bool(arguments.flag("confirm"))
        object["dry_run"] = .bool(arguments.flag("dry-run"))
        object["force_delete"] = .bool(arguments.flag("force"))
        if let reason = try arguments.option("reason") { object["reason"] = .string(reason) }
        self.requestID = try arguments.option("request-id") ?? UUID().uuidString.lowercased()
        object["request_id"] = .string(self.requestID)
        if let who = try arguments.option("requested-by") ?? environment["USER"] {
            object["requested_by"] = .string(who)
        }
        self.body = .object(object)
    }

    var bodyBytes: [UInt8] { Array(self.body.serialized().utf8) }
}
