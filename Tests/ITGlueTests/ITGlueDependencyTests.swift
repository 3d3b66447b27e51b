import Foundation
import ITGlue
import ITGlueSandbox
import Testing

@Suite(.timeLimit(.minutes(1))) struct ITGlueDependencyTests {
    @Test func exampleClientCounts() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let counts = try await client.dependencyCounts(organizationID: "123456")
        #expect(counts.flexibleAssets == 12)
        #expect(counts.configurations == 4)
        #expect(counts.documents == 7)
        #expect(counts.contacts == 0 && counts.locations == 0 && counts.passwords == 0 && counts.domains == 0)
        #expect(counts.flexibleAssetsByType.count == 3)
        #expect(counts.flexibleAssetsByType.values.reduce(0, +) == 12)
        // Counts are cheap: every count asked for one item per page.
        let counted = sandbox.requestLog().filter { $0.path != "/flexible_asset_types" }
        #expect(!counted.isEmpty)
        #expect(counted.allSatisfy { $0.queryValue("page[size]") == "1" })
        #expect(
            SandboxHarness.requests(sandbox, path: "/flexible_assets").allSatisfy {
                $0.queryValue("filter[organization_id]") == "123456"
                    && $0.queryValue("filter[flexible_asset_type_id]") != nil
            }
        )
    }

    @Test func happyFrogCounts() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let counts = try await client.dependencyCounts(organizationID: "200001")
        #expect(counts.configurations == 1)
        #expect(counts.contacts == 2)
        #expect(counts.locations == 1)
        #expect(counts.domains == 1)
        #expect(counts.documents == 0)
        #expect(counts.flexibleAssets == 0)
        #expect(counts.flexibleAssetsByType.isEmpty)
        // Three passwords, one of them archived: the sandbox counts archived records, as the safe reading.
        #expect(counts.passwords == 3)
    }

    @Test func flexibleAssetTypesAreListedOnce() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let first = try await client.dependencyCounts(organizationID: "123456")
        let second = try await client.dependencyCounts(organizationID: "123456")
        _ = try await client.dependencyCounts(organizationID: "200001")
        #expect(first == second)
        #expect(SandboxHarness.requests(sandbox, path: "/flexible_asset_types").count == 1)
        client.invalidateFlexibleAssetTypes()
        _ = try await client.dependencyCounts(organizationID: "123456")
        #expect(SandboxHarness.requests(sandbox, path: "/flexible_asset_types").count == 2)
    }

    @Test func failedTypeListingIsNotCached() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        sandbox.inject(.failNext(1, status: 422))
        await #expect(throws: ITGlueError(code: .invalidRequest, message: "")) {
            try await client.dependencyCounts(organizationID: "123456")
        }
        #expect(try await client.dependencyCounts(organizationID: "123456").flexibleAssets == 12)
        #expect(SandboxHarness.requests(sandbox, path: "/flexible_asset_types").map(\.status) == [422, 200])
    }

    @Test func flexibleAssetTypeCacheExpires() async throws {
        let (sandbox, client) = try SandboxHarness.start(configure: { $0.flexibleAssetTypesTTL = .zero })
        defer { sandbox.stop() }
        _ = try await client.dependencyCounts(organizationID: "123456")
        _ = try await client.dependencyCounts(organizationID: "123456")
        #expect(SandboxHarness.requests(sandbox, path: "/flexible_asset_types").count == 2)
    }

    @Test func bigClientRecordsSpanPages() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let counts = try await client.dependencyCounts(organizationID: "200010")
        #expect(counts.configurations == 1500)
        #expect(counts.documents == 60)
        let records = try await client.dependentRecords(organizationID: "200010")
        let configurations = records.filter { $0.kind == "configurations" }
        #expect(configurations.count == 1500)
        #expect(Set(configurations.map(\.id)).count == 1500)
        #expect(records.filter { $0.kind == "documents" }.count == 60)
        #expect(records.count == counts.total)
        let pages = SandboxHarness.requests(sandbox, path: "/organizations/200010/relationships/configurations")
            .compactMap { $0.queryValue("page[number]") }
        #expect(pages == ["1", "2"])
    }

    @Test func exampleClientRecordsHaveNames() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let records = try await client.dependentRecords(organizationID: "123456")
        #expect(records.filter { $0.kind == "flexible_assets" }.count == 12)
        #expect(records.filter { $0.kind == "configurations" }.count == 4)
        #expect(records.filter { $0.kind == "documents" }.count == 7)
        #expect(records.count == 23)
        #expect(records.allSatisfy { $0.name?.isEmpty == false })
    }

    @Test func knownCountsSkipEmptyRoutes() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let counts = try await client.dependencyCounts(organizationID: "123456")
        sandbox.clearRequestLog()
        let records = try await client.dependentRecords(organizationID: "123456", knownCounts: counts)
        #expect(records.count == counts.total)
        let paths = Set(sandbox.requestLog().map(\.path))
        #expect(
            paths == [
                "/organizations/123456/relationships/configurations", "/organizations/123456/relationships/documents",
                "/flexible_assets",
            ]
        )
        #expect(SandboxHarness.requests(sandbox, path: "/flexible_assets").count == 3)
    }

    @Test func exportIsPolledUntilReady() async throws {
        var configuration = SandboxConfiguration()
        configuration.exportDelay = .seconds(2)
        let (sandbox, client) = try SandboxHarness.start(configuration)
        defer { sandbox.stop() }
        let export = try await client.createExport(organizationID: "123456")
        #expect(!export.isReady)
        #expect(export.downloadURL == nil)
        let ready = try await client.waitForExport(
            id: export.id,
            timeout: .seconds(20),
            interval: .milliseconds(100)
        )
        #expect(ready.isReady)
        #expect(ready.id == export.id)
        #expect(ready.downloadURL?.isEmpty == false)
        #expect(ready.organizationID == "123456")
        #expect(SandboxHarness.requests(sandbox, path: "/exports/\(export.id)").count >= 2)
    }

    @Test func exportWaitTimesOut() async throws {
        var configuration = SandboxConfiguration()
        configuration.exportDelay = .seconds(600)
        let (sandbox, client) = try SandboxHarness.start(configuration)
        defer { sandbox.stop() }
        let export = try await client.createExport(organizationID: "123456")
        let error = await #expect(throws: ITGlueError.self) {
            try await client.waitForExport(id: export.id, timeout: .milliseconds(300), interval: .milliseconds(100))
        }
        #expect(error?.code == .exportTimedOut)
    }
}
