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
        #expect(error.description == "policy \(path): /limits/configurtions: unexpected property 'configurtions'")
        #expect(error.code == .invalidPolicy)
        #expect(error.pointer == "/limits/configurtions")
        #expect(error.path == path)
    }

    @Test(
        arguments: [
            (#"{"confirm": true}"#, "policy: /confirm: unexpected property 'confirm'"),
            (#"{"allow_psa_synced": "yes"}"#, "policy: /allow_psa_synced: expected boolean, got string"),
            (#"{"limits": {"configurations": -1}}"#, "policy: /limits/configurations: -1 is less than the minimum 0"),
            (#"{"limits": {"documents": 1.5}}"#, "policy: /limits/documents: expected null or integer, got number"),
            (#"{"limits": {"documents": "10"}}"#, "policy: /limits/documents: expected null or integer, got string"),
            (
                #"{"limits": {"documents": 1e13}}"#,
                "policy: /limits/documents: 10000000000000 is greater than the maximum 1000000000000"
            ),
            (#"{"limits": []}"#, "policy: /limits: expected object, got array"),
            (#"{"mode": "remove"}"#, "policy: /mode: value must be one of \"delete\", \"soft_delete\""),
            (#"{"mode": null}"#, "policy: /mode: value must be one of \"delete\", \"soft_delete\""),
            (#"{"approvers": null}"#, "policy: /approvers: expected array, got null"),
            (
                #"{"protected": {"organization_ids": ["12", "12a"]}}"#,
                "policy: /protected/organization_ids/1: string does not match the pattern '^[0-9]+$'"
            ),
            (
                #"{"protected": {"organization_names": [7]}}"#,
                "policy: /protected/organization_names/0: expected string, got integer"
            ),
            (
                #"{"protected": {"organization_types": "Owner"}}"#,
                "policy: /protected/organization_types: expected array, got string"
            ),
            (#"{"approval_ttl_seconds": 0}"#, "policy: /approval_ttl_seconds: 0 is less than the minimum 1"),
            (
                #"{"verification": {"interval_seconds": 0}}"#,
                "policy: /verification/interval_seconds: 0 is less than the minimum 1"
            ),
            (
                #"{"soft_delete": {"status_name": ""}}"#,
                "policy: /soft_delete/status_name: string is shorter than 1 characters"
            ),
            (
                #"{"archive": {"enabled": true, "compress": true}}"#,
                "policy: /archive/compress: unexpected property 'compress'"
            ),
            (
                #"{"require_approval": true}"#,
                "policy: /approvers: must name at least one approver when require_approval is true"
            ),
            (
                #"{"require_approval": true, "approvers": []}"#,
                "policy: /approvers: must name at least one approver when require_approval is true"
            ),
            (#"[]"#, "policy: top level: expected object, got array"),
            (#"{"a~b/c": 1}"#, "policy: /a~0b~1c: unexpected property 'a~b/c'"),
            // The most deeply nested violation is reported, whatever the order of the members.
            (
                #"{"confirm": true, "limits": {"passwords": -2}}"#,
                "policy: /limits/passwords: -2 is less than the minimum 0"
            ),
        ]
    )
    func invalidPolicies(json: String, message: String) throws {
        let error = try #require(self.error(loading: json))
        #expect(error.description == message)
        #expect(error.code == .invalidPolicy)
        #expect(error.pointer.map { message.hasPrefix("policy: \($0.isEmpty ? "top level" : $0): ") } == true)
    }

    @Test(
        arguments: [
            (
                #"{"mode": "delete",}"#,
                "policy: invalid JSON at line 1, column 19: expected a member name: unexpected character '}'"
            ),
            (
                #"{"mode": "soft_delete", "mode": "delete"}"#,
                #"policy: invalid JSON at line 1, column 25: duplicate member name "mode""#
            ),
            (
                "{\n  \"limits\": {\"documents\": 1, \"documents\": 2}\n}",
                #"policy: invalid JSON at line 2, column 30: duplicate member name "documents""#
            ),
            (
                "{\n  \"mode\" \"delete\"\n}",
                "policy: invalid JSON at line 2, column 10: expected ':': unexpected character '\"'"
            ),
            ("", "policy: invalid JSON at line 1, column 1: unexpected end of input"),
            (
                #"{"limits": {"documents": 01}}"#,
                "policy: invalid JSON at line 1, column 27: leading zeros are not allowed"
            ),
            (#"{} {}"#, "policy: invalid JSON at line 1, column 4: unexpected data after the JSON value"),
            // Columns count characters, not UTF-8 bytes.
            (#"{"é": 1, "é": 2}"#, #"policy: invalid JSON at line 1, column 10: duplicate member name "é""#),
        ]
    )
    func invalidJSON(json: String, message: String) throws {
        let error = try #require(self.error(loading: json))
        #expect(error.description == message)
        #expect(error.code == .invalidJSON)
        #expect(error.pointer == nil)
    }

    @Test func invalidUTF8() throws {
        let error = try #require(throws: PolicyError.self) {
            try OffboardingPolicy(jsonData: Data([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]))
        }
        #expect(error.description == "policy: invalid JSON at line 1, column 4: invalid UTF-8")
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

    /// Inside each section, a member's schema `default` is what the code uses when the member is absent.
    @Test func nestedSchemaDefaultsAreWhatAnAbsentMemberMeans() throws {
        let schema = try self.schema()
        let definitions = try #require(schema["$defs"] as? [String: [String: Any]])
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
            guard let members = property["properties"] as? [String: [String: Any]] else { continue }
            var defaults: [String: Any] = [:]
            for (member, node) in members {
                var node = node
                if let reference = node["$ref"] as? String, let definition = reference.split(separator: "/").last {
                    node.merge(definitions[String(definition)] ?? [:]) { own, _ in own }
                }
                guard let value = node["default"] else {
                    Issue.record("\(name)/\(member) has no default")
                    continue
                }
                defaults[member] = value
            }
            let explicit = try JSONSerialization.data(withJSONObject: [name: defaults])
            let empty = Data(#"{"\#(name)": {}}"#.utf8)
            #expect(try OffboardingPolicy(jsonData: explicit) == OffboardingPolicy(jsonData: empty), "\(name)")
        }
    }

    @Test func integralNumbersAndTheSchemaMemberAreAccepted() throws {
        let policy = try OffboardingPolicy(
            jsonData: Data(#"{"$schema": "x", "approval_ttl_seconds": 3.6e3, "limits": {"documents": 7.0}}"#.utf8)
        )
        #expect(policy.approvalTTL == .seconds(3600))
        #expect(policy.limits.documents == 7)
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
