import Foundation
import JSONSchema
import Offboarding
import Testing

/// The schemas in `schemas/`, the copies compiled into the binary, and the request decoder agree.
@Suite struct MessageContractTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func schemaFile(_ name: String) throws -> JSONValue {
        let url = Self.packageRoot.appendingPathComponent("schemas").appendingPathComponent(name)
        return try JSONValue(parsing: Data(contentsOf: url))
    }

    @Test(arguments: BundledSchemas.all.keys.sorted())
    func bundledSchemaMatchesTheFileInSchemas(name: String) throws {
        let bundled = try JSONValue(parsing: try #require(BundledSchemas.all[name]))
        #expect(bundled == (try Self.schemaFile(name)), "run ops/embed-schemas after editing schemas/\(name)")
    }

    @Test func everySchemaFileIsBundled() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: Self.packageRoot.appendingPathComponent("schemas").path
        )
        .filter { $0.hasSuffix(".schema.json") }
        #expect(Set(files) == Set(BundledSchemas.all.keys))
    }

    @Test(arguments: [
        #"{"success": true, "org_id": "123456", "org_name": "Example Client", "deleted": true, "timestamp": "2026-01-22T10:30:00Z", "dependency_check": {"assets_found": 12, "configs_found": 4, "documents_found": 7, "blocked": false}, "warnings": [], "errors": []}"#,
        #"{"success": false, "errors": [{"code": "OrganizationNotFound", "message": "No organization matches the provided identifier", "timestamp": "2026-01-22T10:30:15Z"}]}"#,
    ])
    func designExamplesMatchTheResultSchema(example: String) throws {
        var options = ValidationOptions()
        options.isFormatAssertionEnabled = true
        let validator = try SchemaValidator(
            schema: try Self.schemaFile("offboarding-result.schema.json"),
            options: options
        )
        let result = validator.validate(try JSONValue(parsing: example))
        #expect(result.isValid, "\(result.errors)")
    }

    @Test(arguments: [
        #"{"success": true, "errors": []}"#,
        #"{"success": false, "errors": [{"code": "Oops", "message": "x", "timestamp": "2026-01-22T10:30:15Z"}]}"#,
        #"{"success": false, "errors": [], "extra": 1}"#,
        #"{"success": false, "errors": [{"code": "InvalidRequest", "message": "x", "timestamp": "yesterday"}]}"#,
    ])
    func resultSchemaRejectsMalformedResults(example: String) throws {
        let validator = try SchemaValidator(schema: try Self.schemaFile("offboarding-result.schema.json"))
        #expect(!validator.isValid(try JSONValue(parsing: example)))
    }

    @Test func encodedResultsMatchTheSchema() throws {
        let validator = try SchemaValidator(schema: try Self.schemaFile("offboarding-result.schema.json"))
        var deleted = OffboardingResult(isSuccess: true)
        deleted.organizationID = "1"
        deleted.organizationName = "A"
        deleted.isDeleted = true
        deleted.timestamp = OffboardingResult.timestamp(Date())
        deleted.dependencyCheck = OffboardingResult.DependencyCheck(
            counts: DependencyCounts(configurations: 2),
            isBlocked: false,
            blockedBy: []
        )
        deleted.warnings = []
        for result in [deleted, .failure(.invalidRequest, "body is not JSON")] {
            let json = try JSONValue(parsing: result.jsonBytes())
            #expect(validator.isValid(json), "\(validator.validate(json).errors)")
        }
        #expect(OffboardingResult.timestamp(Date(timeIntervalSince1970: 1_769_077_800)) == "2026-01-22T10:30:00Z")
    }

    @Test func decoderAcceptsStringAndIntegerIdentifiers() throws {
        let decoder = try RequestDecoder()
        let fromString = try decoder.decode(Array(#"{"org_id": "42", "confirm_delete": true}"#.utf8)).get()
        let fromInteger = try decoder.decode(Array(#"{"org_id": 42, "reason": "r", "requested_by": "psa"}"#.utf8)).get()
        #expect(fromString.organizationID == "42")
        #expect(fromString.isConfirmed)
        #expect(fromInteger.organizationID == "42")
        #expect(!fromInteger.isConfirmed && !fromInteger.isDryRun && !fromInteger.isForced)
        #expect(fromInteger.requestedBy == "psa")
    }

    @Test(arguments: [
        ("not json", "InvalidRequest"),
        (#"{"org_id": "1", "confirm_delete": false, "confirm_delete": true}"#, "InvalidRequest"),
        (#"{"org_id": "1", "confirm": true}"#, "InvalidRequest"),
        (#"{"org_id": "1", "dry_run": 1}"#, "InvalidRequest"),
        ("[]", "InvalidRequest"),
        ("{}", "InvalidIdentifier"),
        (#"{"org_id": "-1"}"#, "InvalidIdentifier"),
        (#"{"org_id": 0}"#, "InvalidIdentifier"),
        (#"{"org_id": 1.5}"#, "InvalidIdentifier"),
        (#"{"org_name": ""}"#, "InvalidIdentifier"),
    ])
    func decoderNamesTheProblem(body: String, code: String) throws {
        let decoder = try RequestDecoder()
        guard case .failure(let rejection) = decoder.decode(Array(body.utf8)) else {
            Issue.record("accepted \(body)")
            return
        }
        #expect(rejection.code.rawValue == code)
        #expect(!rejection.messages.isEmpty)
    }
}
