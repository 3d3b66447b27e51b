import JSONSchema
import Testing

@Suite(
    "JSON-Schema-Test-Suite (draft 2020-12)",
    .enabled(
        if: TestSuite.root != nil,
        "test suite not found: set JSON_SCHEMA_TEST_SUITE or provide ../shared/jsonschema-test-suite"
    )
)
struct TestSuiteTests {
    struct Outcome {
        var passed = 0
        var failures: [String] = []
    }

    static func run(_ file: String) throws -> Outcome {
        var options = ValidationOptions()
        options.isFormatAssertionEnabled = file.hasPrefix("optional/format/")
        var outcome = Outcome()
        for group in try TestSuite.groups(in: file) {
            let validator: SchemaValidator
            do {
                validator = try SchemaValidator(schema: group.schema, registry: TestSuite.registry, options: options)
            } catch {
                outcome.failures += group.cases.map { "\(group.description) / \($0.description): \(error)" }
                continue
            }
            for testCase in group.cases {
                let fast = validator.isValid(testCase.instance)
                let full = validator.validate(testCase.instance)
                if fast == testCase.isValid, full.isValid == testCase.isValid, full.errors.isEmpty == full.isValid {
                    outcome.passed += 1
                } else {
                    outcome.failures.append(
                        "\(group.description) / \(testCase.description): expected \(testCase.isValid), fast \(fast), full \(full.isValid)"
                    )
                }
            }
        }
        return outcome
    }

    @Test("required files pass completely", arguments: TestSuite.files().filter { !$0.hasPrefix("optional/") })
    func requiredFile(_ file: String) throws {
        let outcome = try Self.run(file)
        print("[required] \(file): \(outcome.passed)/\(outcome.passed + outcome.failures.count)")
        for failure in outcome.failures { Issue.record("\(file): \(failure)") }
    }

    @Test("optional files are counted", arguments: TestSuite.files().filter { $0.hasPrefix("optional/") })
    func optionalFile(_ file: String) throws {
        let outcome = try Self.run(file)
        print("[optional] \(file): \(outcome.passed)/\(outcome.passed + outcome.failures.count)")
        for failure in outcome.failures { print("  [optional failure] \(file): \(failure)") }
        #expect(outcome.passed + outcome.failures.count > 0)
    }
}
