import Foundation
import JSONSchema

/// `itglue-offboard validate`: any JSON document against any draft 2020-12 (or draft-07) schema.
struct ValidateCommand: Command {
    static let name = "validate"
    static let abstract = "Validate JSON documents against a schema file (draft 2020-12)"
    static let help = """
        --schema FILE [--format-assertion] [--json] [INSTANCE...]

        Validates each INSTANCE file (standard input when none) against the schema and prints every error
        with its instance location and keyword location (JSON Pointers).

          --schema FILE        the schema (draft 2020-12, or draft-07 when its $schema says so)
          --format-assertion   treat "format" as an assertion instead of an annotation
          --json               print the specification's "basic" output format, one object per instance

        Exit status 0 when every instance is valid, 1 when one is not, 2 when the schema or an instance
        cannot be used (unreadable, not JSON, or an invalid schema).
        """

    let schemaPath: String
    let isFormatAssertion: Bool
    let isJSONOutput: Bool
    let instancePaths: [String]

    init(arguments: inout CommandArguments, environment: Environment) throws {
        guard let schema = try arguments.option("schema") else { throw UsageError("--schema FILE is required") }
        self.schemaPath = schema
        self.isFormatAssertion = arguments.flag("format-assertion")
        self.isJSONOutput = arguments.flag("json")
        self.instancePaths = try arguments.positionals()
    }

    func run() async throws -> Int32 {
        var options = ValidationOptions()
        options.isFormatAssertionEnabled = self.isFormatAssertion
        let validator: SchemaValidator
        do {
            validator = try SchemaValidator(schema: try self.load(self.schemaPath), options: options)
        } catch {
            ItglueOffboard.fail("validate: schema \(self.schemaPath): \(error)")
            return ExitStatus.usage
        }
        var status = ExitStatus.success
        for path in self.instancePaths.isEmpty ? ["-"] : self.instancePaths {
            let instance: JSONValue
            do {
                instance = try self.load(path)
            } catch {
                ItglueOffboard.fail("validate: \(path == "-" ? "stdin" : path): \(error)")
                return ExitStatus.usage
            }
            let result = validator.validate(instance)
            let name = path == "-" ? "stdin" : path
            if self.isJSONOutput {
                print(result.basicOutput().serialized())
            } else if result.isValid {
                print("\(name): valid")
            } else {
                print("\(name): invalid")
                for error in result.errors {
                    let location = error.instanceLocation.isEmpty ? "(root)" : error.instanceLocation
                    print("  \(location): \(error.message) [at \(error.keywordLocation)]")
                }
            }
            if !result.isValid { status = ExitStatus.failure }
        }
        return status
    }

    private func load(_ path: String) throws -> JSONValue {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw UsageError("cannot read the file")
            }
            data = contents
        }
        return try JSONValue(parsing: data)
    }
}
