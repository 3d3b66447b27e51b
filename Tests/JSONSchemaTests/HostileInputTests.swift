import JSONSchema
import Testing

@Suite("Parser, numbers and hostile input")
struct HostileInputTests {
    @Test("parse errors carry the byte offset")
    func parseErrorOffset() {
        #expect(throws: JSONParseError(offset: 6, reason: "unexpected character '}'")) {
            try JSONValue(parsing: #"{"a": }"#)
        }
    }

    @Test("invalid UTF-8 and excessive nesting are errors, not crashes")
    func rejectsHostileBytes() throws {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let value = try JSONValue(parsing: String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
        #expect(value.arrayValue != nil)
    }

    @Test("numbers are exact: 1 == 1.0, huge integers, decimal multipleOf")
    func exactNumbers() throws {
        #expect(try JSONValue(parsing: "1.0") == 1)
        #expect(try JSONValue(parsing: "1e2").int64Value == 100)
        let huge = try JSONValue(parsing: "123456789012345678901234567890")
        #expect(huge.serialized() == "123456789012345678901234567890")
        #expect(huge.int64Value == nil)
        let validator = try SchemaValidator(schema: ["multipleOf": 0.01])
        #expect(validator.isValid(try JSONValue(parsing: "19.99")))
        #expect(!validator.isValid(try JSONValue(parsing: "19.999")))
        #expect(try SchemaValidator(schema: ["maximum": 1e308]).isValid(try JSONValue(parsing: "1e308")))
        #expect(!(try SchemaValidator(schema: ["maximum": 1e308]).isValid(try JSONValue(parsing: "1e999999999999"))))
    }

    @Test("invalid regular expressions and unresolvable refs are schema errors")
    func schemaErrors() {
        #expect(throws: SchemaError.self) { try SchemaValidator(schema: ["pattern": "(unclosed"]) }
        #expect(throws: SchemaError.self) { try SchemaValidator(schema: ["$ref": "https://example.com/nowhere.json"]) }
        #expect(throws: SchemaError.self) { try SchemaValidator(schema: ["type": 12]) }
    }

    @Test("a $ref cycle that consumes no instance fails instead of recursing forever")
    func referenceCycle() throws {
        let validator = try SchemaValidator(schema: ["$defs": ["a": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a"])
        #expect(!validator.isValid(1))
        #expect(validator.validate(1).errors.first?.message.contains("infinite recursion") == true)
    }

    @Test("errors have locations, messages and a basic output")
    func errorsAndBasicOutput() throws {
        let validator = try SchemaValidator(schema: [
            "type": "object", "additionalProperties": false, "properties": ["dry_run": ["type": "boolean"]],
        ])
        let result = validator.validate(["dry_run": "yes", "confirm": true])
        #expect(!result.isValid)
        #expect(
            result.errors.contains {
                $0.instanceLocation == "/dry_run" && $0.keywordLocation == "/properties/dry_run/type"
                    && $0.message == "expected boolean, got string"
            }
        )
        #expect(
            result.errors.contains {
                $0.instanceLocation == "/confirm" && $0.message == "unexpected property 'confirm'"
            }
        )
        let output = result.basicOutput()
        #expect(output["valid"] == false)
        #expect(output["errors"]?.arrayValue?.count == result.errors.count)
        #expect(validator.validate(["dry_run": true]).basicOutput() == ["valid": true])
    }
}
