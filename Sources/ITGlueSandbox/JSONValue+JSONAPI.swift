import JSONSchema

/// Builders and readings for the JSON:API documents the sandbox writes and the request bodies it reads.
extension JSONValue {
    /// `.string(value)`, or `.null` when the value is nil.
    static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// `.integer(value)`, or `.null` when the value is nil.
    static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.integer) ?? .null }

    /// An integer, also from a string of digits (IT Glue request bodies mix both).
    var integerValue: Int? {
        switch self {
        case .number(let number): number.int64Value.flatMap { Int(exactly: $0) }
        case .string(let value) where !value.isEmpty && value.utf8.allSatisfy({ (48...57).contains($0) }): Int(value)
        default: nil
        }
    }
}
