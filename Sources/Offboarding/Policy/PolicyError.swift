import JSONSchema

/// Why a policy could not be loaded.
///
/// ``description`` is one line naming the source, the JSON Pointer of the offending value and the
/// problem, for example `policy /etc/x.json: /limits/configurtions: unexpected property 'configurtions'`, so the
/// consumer can refuse to start with a message an operator can act on.
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case fileUnreadable
            case invalidJSON
            case invalidPolicy
        }

        private let value: Value

        /// The policy file does not exist or cannot be read.
        public static let fileUnreadable = Code(value: .fileUnreadable)
        /// The document is not valid JSON (RFC 8259; duplicate keys and trailing commas included).
        public static let invalidJSON = Code(value: .invalidJSON)
        /// The JSON does not validate against `schemas/policy.schema.json` (unknown field, wrong type,
        /// out-of-range number, approval without approvers).
        public static let invalidPolicy = Code(value: .invalidPolicy)

        public var description: String {
            switch self.value {
            case .fileUnreadable: "fileUnreadable"
            case .invalidJSON: "invalidJSON"
            case .invalidPolicy: "invalidPolicy"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// The file the policy came from; `nil` for ``OffboardingPolicy/init(jsonData:)``.
    public var path: String?
    /// The JSON Pointer (RFC 6901) of the offending value; `""` is the whole document, `nil` when no value
    /// is concerned (an unreadable file, a syntax error).
    public var pointer: String?
    /// What is wrong, e.g. `unexpected property 'configurtions'` or `-1 is less than the minimum 0`.
    public var problem: String

    init(code: Code, path: String? = nil, pointer: String? = nil, problem: String) {
        self.code = code
        self.path = path
        self.pointer = pointer
        self.problem = problem
    }

    /// A validated member that the loader cannot convert: the schema and the code disagree.
    static func schemaMismatch(at pointer: String, _ value: JSONValue) -> PolicyError {
        PolicyError(
            code: .invalidPolicy,
            pointer: pointer,
            problem: "the loader cannot read this \(value.typeName) although the policy schema allows it"
        )
    }

    public var description: String {
        var line = "policy"
        if let path = self.path {
            line += " \(path)"
        }
        line += ": "
        if let pointer = self.pointer {
            line += pointer.isEmpty ? "top level: " : "\(pointer): "
        }
        return line + self.problem
    }
}
