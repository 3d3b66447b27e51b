import JSONSchema

/// Turns a message body into an ``OffboardingRequest``, or into the failure result that answers it.
///
/// The request schema is compiled once; decoding is then safe to call from many tasks at once.
public struct RequestDecoder: Sendable {
    private let validator: SchemaValidator

    /// Compiles `schemaText` (by default the bundled `schemas/offboarding-request.schema.json`).
    public init(schemaText: String = BundledSchemas.offboardingRequest) throws {
        self.validator = try SchemaValidator(schema: JSONValue(parsing: schemaText))
    }

    /// Parses and validates `body`; every problem becomes one error of the returned failure.
    public func decode(_ body: [UInt8]) -> Result<OffboardingRequest, RequestRejection> {
        let document: JSONValue
        do {
            // A repeated member (`"confirm_delete": false, "confirm_delete": true`) is refused: which one a reader
            // keeps differs between JSON parsers, and a deletion must not hinge on that.
            document = try JSONValue(parsing: body, isRejectingDuplicateKeys: true)
        } catch {
            return .failure(RequestRejection(code: .invalidRequest, messages: ["body is not JSON: \(error)"]))
        }
        let validation = self.validator.validate(document)
        guard validation.isValid else {
            return .failure(Self.rejection(for: validation.errors, in: document))
        }
        let organizationID: String? =
            if let text = document["org_id"]?.stringValue { text } else {
                document["org_id"]?.int64Value.map(String.init)
            }
        return .success(
            OffboardingRequest(
                organizationID: organizationID,
                organizationName: document["org_name"]?.stringValue,
                isConfirmed: document["confirm_delete"]?.boolValue ?? false,
                isDryRun: document["dry_run"]?.boolValue ?? false,
                isForced: document["force_delete"]?.boolValue ?? false,
                reason: document["reason"]?.stringValue,
                requestID: document["request_id"]?.stringValue,
                requestedBy: document["requested_by"]?.stringValue
            )
        )
    }

    /// Identifier problems (a missing, malformed or empty `org_id`/`org_name`) are `InvalidIdentifier`;
    /// everything else is `InvalidRequest`. Only the most specific error per location is kept.
    private static func rejection(for errors: [ValidationError], in document: JSONValue) -> RequestRejection {
        let identifierLocations: Set<String> = ["/org_id", "/org_name"]
        let isIdentifierProblem = errors.contains { error in
            identifierLocations.contains(error.instanceLocation)
                || (error.instanceLocation.isEmpty && error.keywordLocation.hasPrefix("/anyOf"))
        }
        var seen = Set<String>()
        var messages: [String] = []
        for error in errors {
            let location = error.instanceLocation.isEmpty ? "request" : error.instanceLocation
            let line = "\(location): \(error.message)"
            if seen.insert(line).inserted { messages.append(line) }
        }
        if document.objectValue == nil { messages = ["request: must be a JSON object"] }
        return RequestRejection(code: isIdentifierProblem ? .invalidIdentifier : .invalidRequest, messages: messages)
    }
}

/// Why a body was refused before any IT Glue call.
public struct RequestRejection: Error, Sendable, Hashable {
    public var code: OffboardingErrorCode
    public var messages: [String]
}
