import Foundation
import JSONSchema

/// Lenient readings of IT Glue attributes, which are kebab-case, often `null`, and sometimes change type between
/// endpoints (`parent-id` is a string in one example and a number in another).
extension JSONValue {
    /// The value as text: strings as they are, numbers in decimal, Booleans as `true`/`false`; nil for null,
    /// objects and arrays.
    var lenientString: String? {
        switch self {
        case .string(let value): value
        case .number(let number): number.description
        case .bool(let value): String(value)
        default: nil
        }
    }

    /// The value as an integer, also from a numeric string (`"422"`).
    var lenientInt: Int? {
        switch self {
        case .number(let number): number.int64Value.flatMap { Int(exactly: $0) }
        case .string(let value): Int(value.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    /// The value as a Boolean, also from `"true"`/`"false"` strings in any case.
    var lenientBool: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let value): Bool(value.lowercased())
        default: nil
        }
    }
}
