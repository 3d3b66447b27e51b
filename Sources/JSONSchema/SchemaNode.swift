/// One compiled schema (object or Boolean) in a ``SchemaProgram``; subschemas are referenced by index so that
/// recursive schemas form a graph without reference cycles in memory.
struct SchemaNode: Sendable {
    /// `true`/`false` for Boolean schemas, `nil` for object schemas.
    var constant: Bool?
    var keywords: [CompiledKeyword] = []
    /// Index of the schema resource this node belongs to (its dynamic scope entry).
    var resource: Int
    /// Absolute URI of the node: resource URI plus a JSON Pointer fragment.
    var absoluteLocation: String
    /// Whether an error location under this node is worth reporting as absolute.
    var hasAbsoluteBase: Bool
}

/// A keyword with its location relative to its node.
struct CompiledKeyword: Sendable {
    var name: String
    var kind: Keyword
}

/// The compiled forms of keywords; subschemas are node indices.
enum Keyword: Sendable {
    case reference(Int)
    case dynamicReference(Int, anchor: String?)
    case type(TypeSet)
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case minimum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case maxLength(Int)
    case minLength(Int)
    case pattern(RegexPattern)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case contains(Int, minimum: Int, maximum: Int?)
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([String: [String]])
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(condition: Int, then: Int?, else: Int?)
    case dependentSchemas([String: Int])
    case prefixItems([Int])
    /// Applies to the items from `start` on (after `prefixItems`, or draft-07 array-form `items`).
    case items(Int, start: Int)
    case properties([String: Int])
    case patternProperties([(RegexPattern, Int)])
    case additionalProperties(Int, known: Set<String>, patterns: [RegexPattern])
    case propertyNames(Int)
    case unevaluatedItems(Int)
    case unevaluatedProperties(Int)
    case format(String)
}

/// The primitive types a `type` keyword allows.
struct TypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = TypeSet(rawValue: 1 << 0)
    static let boolean = TypeSet(rawValue: 1 << 1)
    static let integer = TypeSet(rawValue: 1 << 2)
    static let number = TypeSet(rawValue: 1 << 3)
    static let string = TypeSet(rawValue: 1 << 4)
    static let array = TypeSet(rawValue: 1 << 5)
    static let object = TypeSet(rawValue: 1 << 6)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }

    func allows(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return self.contains(.null)
        case .bool: return self.contains(.boolean)
        case .number(let number): return self.contains(.number) || (self.contains(.integer) && number.isInteger)
        case .string: return self.contains(.string)
        case .array: return self.contains(.array)
        case .object: return self.contains(.object)
        }
    }

    var names: [String] {
        let all: [(TypeSet, String)] = [
            (.null, "null"), (.boolean, "boolean"), (.integer, "integer"), (.number, "number"),
            (.string, "string"), (.array, "array"), (.object, "object"),
        ]
        return all.filter { self.contains($0.0) }.map(\.1)
    }
}
