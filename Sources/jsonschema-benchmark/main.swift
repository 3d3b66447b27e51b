import Foundation
import JSONSchema

/// Measures the offboarding request schema: validations per second (fast and full path) and
/// parse+validate per second from bytes, for a valid and an invalid instance. Run in release mode:
/// `swift run -c release jsonschema-benchmark`. `compare.py` measures Python's `jsonschema` on the same data.
let schemaText = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "org_id": {"oneOf": [{"type": "string", "pattern": "^[0-9]{1,19}$"}, {"type": "integer", "minimum": 1}]},
        "org_name": {"type": "string", "minLength": 1, "maxLength": 255},
        "confirm_delete": {"type": "boolean"},
        "dry_run": {"type": "boolean"},
        "force_delete": {"type": "boolean"},
        "reason": {"type": "string", "maxLength": 2000},
        "request_id": {"type": "string", "minLength": 1, "maxLength": 200},
        "requested_by": {"type": "string", "maxLength": 200}
      },
      "anyOf": [{"required": ["org_id"]}, {"required": ["org_name"]}]
    }
    """#
let validText = #"""
    {"org_id": "4821734", "org_name": "Acme Dental", "confirm_delete": true, "dry_run": false, "reason": "Client offboarded after contract end", "request_id": "req-2026-12-04-0001", "requested_by": "ops@example.com"}
    """#
let invalidText = #"""
    {"org_id": "48x21", "confirm_delete": "yes", "dry_run": false, "confirm": true, "request_id": ""}
    """#

func measure(_ label: String, iterations: Int, _ body: () -> Bool) {
    var sink = 0
    for _ in 0..<(iterations / 10) where body() { sink += 1 }
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<iterations where body() { sink += 1 }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(iterations) / seconds
    print(
        "\(label.padding(toLength: 44, withPad: " ", startingAt: 0)) \(String(format: "%12.0f", rate)) /s  (valid results: \(sink))"
    )
}

let validator = try SchemaValidator(schema: try JSONValue(parsing: schemaText))
let valid = try JSONValue(parsing: validText)
let invalid = try JSONValue(parsing: invalidText)
let validBytes = Array(validText.utf8)
let invalidBytes = Array(invalidText.utf8)
precondition(validator.isValid(valid) && !validator.isValid(invalid))
print("invalid instance errors:")
for error in validator.validate(invalid).errors { print("  \(error)") }

let iterations = 200_000
measure("valid   isValid (fast path)", iterations: iterations) { validator.isValid(valid) }
measure("valid   validate (full path)", iterations: iterations) { validator.validate(valid).isValid }
measure("valid   parse bytes + isValid", iterations: iterations) {
    (try? JSONValue(parsing: validBytes)).map(validator.isValid) ?? false
}
measure("invalid isValid (fast path)", iterations: iterations) { validator.isValid(invalid) }
measure("invalid validate (full path)", iterations: iterations) { validator.validate(invalid).isValid }
measure("invalid parse bytes + isValid", iterations: iterations) {
    (try? JSONValue(parsing: invalidBytes)).map(validator.isValid) ?? false
}
measure("compile schema", iterations: 2_000) {
    (try? SchemaValidator(schema: try JSONValue(parsing: schemaText))) != nil
}
