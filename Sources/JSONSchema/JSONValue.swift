/// A JSON value: the data model of RFC 8259 with exact numbers.
///
/// Equality follows JSON Schema: numbers compare by mathematical value (`1 == 1.0`), objects ignore member order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The number `value`, for building documents from `Int` counts and ids without spelling out `JSONNumber`.
    public static func integer(_ value: Int) -> JSONValue {
        .number(JSONNumber(Int64(value)))
    }

    /// The member named `key` when this is an object, otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range, otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The string when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number when this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The value as `Int64` when this is an integral number (`1.0` included) that fits.
    public var int64Value: Int64? { self.numberValue?.int64Value }

    /// The nearest `Double` when this is a number (may be infinite for huge magnitudes).
    public var doubleValue: Double? { self.numberValue?.doubleValue }

    /// The members when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON Schema type name: "null", "boolean", "integer" (integral numbers), "number", "string", "array"
    /// or "object".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let number): return number.isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
