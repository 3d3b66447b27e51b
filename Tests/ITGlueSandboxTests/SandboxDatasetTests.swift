import Foundation
import ITGlueSandbox
import Testing

@Suite("Sandbox data sets")
struct SandboxDatasetTests {
    @Test func demoHasTheFixedIdsOthersRelyOn() throws {
        let demo = SandboxDataset.demo
        try demo.validate()
        let names = Dictionary(uniqueKeysWithValues: demo.organizations.map { ($0.id, $0.name) })
        #expect(names["1000"] == "Kraken Techs" && names["123456"] == "Example Client")
        #expect(names["200002"] == "Duplicate Co" && names["200003"] == "Duplicate Co")
        #expect(names["200009"] == "Comma, Inc" && names["200010"] == "Big Client")
        #expect(demo.organizations.filter(\.isPrimary).map(\.id) == ["1000"])
        #expect(demo.flexibleAssets.filter { $0.organizationId == "123456" }.count == 12)
        #expect(Set(demo.flexibleAssets.map(\.flexibleAssetTypeId)).count == 3)
    }

    @Test func loadsAFileWrittenInTheDocumentedFormat() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = """
            {"organizationTypes":[{"id":"86","name":"Customer"}],"organizationStatuses":[{"id":"68","name":"Active"}],
             "organizations":[{"id":"7","name":"Tiny","organizationTypeId":86,"organizationStatusId":68}],
             "configurations":[{"id":"1","organizationId":"7","name":"PC"}]}
            """
        try Data(text.utf8).write(to: url)
        let dataset = try SandboxDataset.load(contentsOf: url)
        #expect(dataset.organizations.first?.isPrimary == false)
        try await withSandbox(dataset: dataset) { _, client in
            let json = try await client.get("/organizations/7/relationships/configurations").json
            #expect(json["meta"]["total-count"].int == 1)
        }
    }

    @Test func roundTripsTheDemoThroughJSON() throws {
        let data = try JSONEncoder().encode(SandboxDataset.demo)
        #expect(try JSONDecoder().decode(SandboxDataset.self, from: data) == SandboxDataset.demo)
    }

    @Test func refusesBrokenDataSets() throws {
        var orphan = SandboxDataset.demo
        orphan.configurations.append(.init(id: "1", organizationId: "404", name: "Lost"))
        #expect(throws: SandboxError.self) { try orphan.validate() }
        var duplicate = SandboxDataset.demo
        duplicate.organizations.append(duplicate.organizations[0])
        #expect(throws: SandboxError.self) { try duplicate.validate() }
        var textID = SandboxDataset.demo
        textID.organizations[0].id = "abc"
        #expect(throws: SandboxError.self) { try textID.validate() }
    }

    @Test func updatesDataForATestAndRefusesInvalidChanges() async throws {
        try await withSandbox { sandbox, client in
            try sandbox.updateDataset { $0.contacts.append(.init(id: "9", organizationId: "200008", name: "New")) }
            #expect(
                try await client.get("/organizations/200008/relationships/contacts").json["meta"]["total-count"].int
                    == 1
            )
            #expect(throws: SandboxError.self) {
                try sandbox.updateDataset { $0.contacts.append(.init(id: "10", organizationId: "1", name: "Orphan")) }
            }
            sandbox.addOrganization(
                .init(id: "300000", name: "Added", organizationTypeId: 86, organizationStatusId: 68)
            )
            #expect(try await client.get("/organizations/300000").status == 200)
        }
    }
}
