import Foundation
import Offboarding
import Testing

@Suite struct PolicyLoadingTests {
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func error(loading json: String) -> PolicyError? {
        do {
            _ = try OffboardingPolicy(jsonData: Data(json.utf8))
            return nil
        } catch {
            return error as? PolicyError
        }
    }

    private func temporaryFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).json")
            .path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: - Errors, with their exact messages

    @Test func unknownNestedFieldNamesTheFileAndPointer() throws {
        let path = try self.temporaryFile(#"{"limits": {"configurtions": 5}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: PolicyError.self) { try OffboardingPolicy.load(contentsOf: path) }
        #expect(error.description == "policy \(path): /limits/configurtions: unknown field")
        #expect(error.code == .invalidPolicy)
        #expect(error.pointer == "/limits/configurtions")
        #expect(error.path == path)
    }

    @Test(
        arguments: [
            (#"{"confirm": true}"#, "policy: /confirm: unknown field"),
            (#"{"allow_psa_synced": "yes"}"#, "policy: /allow_psa_synced: must be a boolean"),
            (#"{"limits": {"configurations": -1}}"#, "policy: /limits/configurations: must be a non-negative integer"),
            (#"{"limits": {"documents": 1.5}}"#, "policy: /limits/documents: must be a non-negative integer"),
            (#"{"limits": {"documents": "10"}}"#, "policy: /limits/documents: must be a non-negative integer"),
            (#"{"limits": []}"#, "policy: /limits: must be an object"),
            (#"{"mode": "remove"}"#, #"policy: /mode: must be "delete" or "soft_delete""#),
            (#"{"mode": null}"#, #"policy: /mode: must be "delete" or "soft_delete", not null"#),
            (
                #"{"protected": {"organization_ids": ["12", "12a"]}}"#,
                "policy: /protected/organization_ids/1: must be a string of digits"
            ),
            (
                #"{"protected": {"organization_names": [7]}}"#,
                "policy: /protected/organization_names/0: must be a string"
            ),
            (
                #"{"protected": {"organization_types": "Owner"}}"#,
                "policy: /protected/organization_types: must be an array of strings"
            ),
            (#"{"approval_ttl_seconds": 0}"#, "policy: /approval_ttl_seconds: must be an integer of at least 1"),
            (
                #"{"verification": {"interval_seconds": 0}}"#,
                "policy: /verification/interval_seconds: must be an integer of at least 1"
            ),
            (#"{"soft_delete": {"status_name": ""}}"#, "policy: /soft_delete/status_name: must not be empty"),
            (#"{"archive": {"enabled": true, "compress": true}}"#, "policy: /archive/compress: unknown field"),
            (
                #"{"require_approval": true}"#,
                "policy: /approvers: must name at least one approver when require_approval is true"
            ),
            (#"[]"#, "policy: top level: must be an object"),
            (#"{"a~b/c": 1}"#, "policy: /a~0b~1c: unknown field"),
        ]
    )
    func invalidPolicies(json: String, message: String) throws {
        let error = try #require(self.error(loading: json))
        #expect(error.description == message)
        #expect(error.code == .invalidPolicy)
    }

    @Test(
        arguments: [
            (#"{"mode": "delete",}"#, "policy: invalid JSON at line 1, column 19: expected a string key after ','"),
            (
                #"{"mode": "soft_delete", "mode": "delete"}"#,
                #"policy: invalid JSON at line 1, column 25: duplicate key "mode""#
            ),
            ("{\n  \"mode\" \"delete\"\n}", "policy: invalid JSON at line 2, column 10: expected ':' after a key"),
            ("", "policy: invalid JSON at line 1, column 1: unexpected end of input, expected a value"),
            (#"{"limits": {"documents": 01}}"#, "policy: invalid JSON at line 1, column 27: leading zero in a number"),
            (#"{} {}"#, "policy: invalid JSON at line 1, column 4: unexpected content after the JSON value"),
        ]
    )
    func invalidJSON(json: String, message: String) throws {
        let error = try #require(self.error(loading: json))
        #expect(error.description == message)
        #expect(error.code == .invalidJSON)
    }

    @Test func missingFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)/policy.json"
        let error = try #require(throws: PolicyError.self) { try OffboardingPolicy.load(contentsOf: path) }
        #expect(error.description == "policy \(path): no such file")
        #expect(error.code == .fileUnreadable)
    }

    @Test func directoryInsteadOfFile() throws {
        let path = FileManager.default.temporaryDirectory.path
        let error = try #require(throws: PolicyError.self) { try OffboardingPolicy.load(contentsOf: path) }
        #expect(error.description == "policy \(path): is a directory, not a file")
    }

    // MARK: - Valid policies

    @Test func emptyObjectIsTheBuiltInDefault() throws {
        #expect(try OffboardingPolicy(jsonData: Data("{}".utf8)) == .builtInDefault)
    }

    @Test func absentMembersTakeTheirDefaults() throws {
        let policy = try OffboardingPolicy(
            jsonData: Data(#"{"limits": {"configurations": 10}, "protected": {"organization_ids": ["42"]}}"#.utf8)
        )
        #expect(policy.limits == OffboardingPolicy.Limits(configurations: 10))
        #expect(policy.limits.documents == nil)
        #expect(policy.limits.isBlockedByChildren)
        #expect(policy.protection == OffboardingPolicy.Protection(organizationIDs: ["42"]))
        #expect(policy.softDelete == OffboardingPolicy.SoftDelete())
        #expect(policy.verification == OffboardingPolicy.Verification())
    }

    @Test func nullMeansNoLimitAndAnyone() throws {
        let policy = try OffboardingPolicy(
            jsonData: Data(
                #"{"limits": {"configurations": null}, "deletable_statuses": null, "allowed_publishers": null}"#.utf8
            )
        )
        #expect(policy.limits.configurations == nil)
        #expect(policy.deletableStatuses == nil)
        #expect(policy.allowedPublishers == nil)
    }

    @Test func examplePolicyLoads() throws {
        let path = Self.packageRoot.appendingPathComponent("ops/policy.example.json").path
        let policy = try OffboardingPolicy.load(contentsOf: path)
        #expect(policy.protection.organizationTypes.contains("Owner"))
        #expect(policy.allowedPublishers?.isEmpty == false)
        #expect(policy.mode == .delete)
        let example = PolicySubject(
            organizationID: "123456",
            name: "Example Client",
            isPrimary: false,
            typeName: "Customer",
            statusName: "Active",
            isPSASynced: false,
            counts: DependencyCounts(configurations: 4, documents: 7, flexibleAssets: 12)
        )
        let publisher = try #require(policy.allowedPublishers?.first)
        #expect(policy.evaluate(example, request: PolicyRequest(isConfirmed: true, publisher: publisher)).isAllowed)
    }

    @Test func definitionJSONLoadsBackToTheSamePolicy() throws {
        let examplePath = Self.packageRoot.appendingPathComponent("ops/policy.example.json").path
        var custom = OffboardingPolicy.builtInDefault
        custom.mode = .softDelete
        custom.limits.domains = nil
        custom.approvalTTL = .seconds(3600)
        custom.isApprovalRequired = true
        custom.approvers = ["ops-lead"]
        for policy in [OffboardingPolicy.builtInDefault, custom, try OffboardingPolicy.load(contentsOf: examplePath)] {
            let json = policy.definitionJSON()
            #expect(try OffboardingPolicy(jsonData: Data(json.utf8)) == policy)
        }
        #expect(custom.definitionJSON().contains(#""domains" : null"#))
        #expect(custom.definitionJSON().contains(#""mode" : "soft_delete""#))
    }

    // MARK: - The schema and the code agree

    private func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.packageRoot.appendingPathComponent("schemas/policy.schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func schemaDefaultsAreTheBuiltInDefault() throws {
        let schema = try self.schema()
        #expect(schema["$id"] as? String == "https://itglue-offboard.example/schemas/policy.schema.json")
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        var defaults: [String: Any] = [:]
        for (name, property) in properties where name != "$schema" {
            guard let value = property["default"] else {
                Issue.record("\(name) has no default")
                continue
            }
            defaults[name] = value
        }
        let data = try JSONSerialization.data(withJSONObject: defaults)
        #expect(try OffboardingPolicy(jsonData: data) == .builtInDefault)
    }

    @Test func schemaDescribesEveryFieldTheCodeWrites() throws {
        let schema = try self.schema()
        let definitions = try #require(schema["$defs"] as? [String: [String: Any]])
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(OffboardingPolicy.builtInDefault.definitionJSON().utf8))
                as? [String: Any]
        )
        func check(_ object: [String: Any], against node: [String: Any], at pointer: String) {
            #expect(node["additionalProperties"] as? Bool == false, "\(pointer) allows additional properties")
            let properties = node["properties"] as? [String: [String: Any]] ?? [:]
            for (key, value) in object {
                guard var property = properties[key] else {
                    Issue.record("\(pointer)/\(key) is not in the schema")
                    continue
                }
                if let reference = property["$ref"] as? String, let name = reference.split(separator: "/").last {
                    property.merge(definitions[String(name)] ?? [:]) { own, _ in own }
                }
                #expect(property["description"] is String, "\(pointer)/\(key) has no description")
                #expect(property["default"] != nil, "\(pointer)/\(key) has no default")
                if let nested = value as? [String: Any] {
                    check(nested, against: property, at: "\(pointer)/\(key)")
                }
            }
        }
        check(written, against: schema, at: "")
    }
}
