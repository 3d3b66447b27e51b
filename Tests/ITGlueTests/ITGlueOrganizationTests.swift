import Foundation
import HTTPServer
import ITGlue
import ITGlueSandbox
import Testing

@Suite(.timeLimit(.minutes(1))) struct ITGlueOrganizationTests {
    @Test func organizationByID() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let organization = try #require(try await client.organization(id: "123456"))
        #expect(organization.name == "Example Client")
        #expect(!organization.isPrimary)
        #expect(organization.organizationTypeName == "Customer")
        #expect(organization.organizationStatusName == "Active")
        #expect(!organization.isPSASynced)
        #expect(organization.attributesJSON.contains(#""name":"Example Client""#))
        let primary = try #require(try await client.organization(id: "1000"))
        #expect(primary.isPrimary)
        #expect(primary.organizationTypeName == "Owner")
        let request = try #require(SandboxHarness.requests(sandbox, path: "/organizations/123456").first)
        #expect(request.queryValue("include") == "adapters_resources")
        #expect(request.isAPIKeyValid)
    }

    @Test func unknownIDIsNil() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        #expect(try await client.organization(id: "999999") == nil)
    }

    @Test func unknownRouteIsNotAMissingOrganization() async throws {
        let page = "<html><head><title>The page you were looking for doesn't exist (404)</title></head></html>"
        let (server, client) = try SandboxHarness.startServer(handler: { _ in .text(404, page, contentType: "text/html")
        })
        defer { server.stop() }
        let error = await #expect(throws: ITGlueError.self) { try await client.organization(id: "123456") }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("doesn't exist") == true)
    }

    @Test func emptyNameIsRefusedWithoutSending() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        await #expect(throws: ITGlueError(code: .invalidRequest, message: "")) {
            try await client.organizations(named: "")
        }
        #expect(sandbox.requestLog().isEmpty)
    }

    @Test func psaSyncedOrganizationCannotBeRenamed() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let error = await #expect(throws: ITGlueError.self) {
            try await client.updateOrganization(id: "200004", name: "Renamed", organizationStatusID: nil)
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.status == 422)
        #expect(try await client.organization(id: "200004")?.name == "Synced Corp")
    }

    @Test func wrongKeyIsPermissionDenied() async throws {
        let (sandbox, client) = try SandboxHarness.start(apiKey: "wrong-key-0123456789")
        defer { sandbox.stop() }
        let error = await #expect(throws: ITGlueError.self) { try await client.organization(id: "123456") }
        #expect(error?.code == .permissionDenied)
        #expect(error?.status == 401)
        #expect(error?.isConnectionError == false)
        #expect(error.map { !$0.description.contains("wrong-key-0123456789") } == true)
        // 401 is not retried.
        #expect(SandboxHarness.requests(sandbox, path: "/organizations/123456").count == 1)
    }

    @Test func malformedIDIsRefusedWithoutSending() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        await #expect(throws: ITGlueError(code: .invalidRequest, message: "")) {
            try await client.organization(id: "../organizations")
        }
        #expect(sandbox.requestLog().isEmpty)
    }

    @Test func duplicateNamesGiveEveryMatch() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let found = try await client.organizations(named: "Duplicate Co")
        #expect(Set(found.map(\.id)) == ["200002", "200003"])
    }

    @Test func commasAreEscapedInTheNameFilter() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let found = try await client.organizations(named: "Comma, Inc")
        #expect(found.map(\.id) == ["200009"])
        let request = try #require(SandboxHarness.requests(sandbox, path: "/organizations").first)
        #expect(request.queryValue("filter[name]") == #"Comma\, Inc"#)
    }

    @Test(arguments: ["Happy", "happy frog", "Happy Frog ", "Example"])
    func onlyExactNamesMatch(name: String) async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        #expect(try await client.organizations(named: name).isEmpty)
    }

    @Test func exactNameMatches() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let found = try await client.organizations(named: "Happy Frog")
        #expect(found.map(\.id) == ["200001"])
        #expect(found.first?.organizationStatusName == "Inactive")
    }

    @Test func childrenByParentAndAncestors() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let children = try await client.childOrganizations(of: "200005")
        #expect(children.map(\.id) == ["200006"])
        #expect(children.first?.parentID == "200005")
        #expect(children.first?.ancestorIDs == ["200005"])
        #expect(try await client.childOrganizations(of: "123456").isEmpty)
        #expect(try await client.childOrganizations(of: "200006").isEmpty)
    }

    @Test func psaSyncedOrganizationIsDetected() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let synced = try #require(try await client.organization(id: "200004"))
        #expect(synced.name == "Synced Corp")
        #expect(synced.isPSASynced)
        #expect(try await client.organization(id: "200001")?.isPSASynced == false)
        // Lists carry the same information.
        #expect(try await client.organizations(named: "Synced Corp").map(\.isPSASynced) == [true])
        let statuses = try await client.organizations(filter: ["id": "200004,200001"]).map { ($0.id, $0.isPSASynced) }
        #expect(statuses.sorted { $0.0 < $1.0 }.map(\.1) == [false, true])
    }

    @Test func statusesFilterAndPatch() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let statuses = try await client.organizationStatuses()
        let inactive = try #require(statuses.first { $0.name == "Inactive" })
        let active = try #require(statuses.first { $0.name == "Active" })
        let inactiveOrganizations = try await client.organizations(
            filter: ["organization_status_id": String(inactive.id)]
        )
        #expect(inactiveOrganizations.map(\.id).contains("200001"))
        #expect(!inactiveOrganizations.map(\.id).contains("123456"))

        let updated = try await client.updateOrganization(
            id: "123456",
            name: "Example Client (offboarded)",
            organizationStatusID: inactive.id
        )
        #expect(updated.name == "Example Client (offboarded)")
        #expect(updated.organizationStatusID == inactive.id)
        let reread = try #require(try await client.organization(id: "123456"))
        #expect(reread.name == "Example Client (offboarded)")
        #expect(reread.organizationStatusName == "Inactive")
        #expect(active.id != inactive.id)

        let patch = try #require(
            SandboxHarness.requests(sandbox, path: "/organizations/123456", method: "PATCH").first
        )
        #expect(patch.body.contains(#""organization-status-id":\#(inactive.id)"#))
        #expect(patch.body.contains(#""type":"organizations""#))
    }

    @Test func emptyPatchIsRefusedWithoutSending() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        await #expect(throws: ITGlueError(code: .invalidRequest, message: "")) {
            try await client.updateOrganization(id: "123456", name: nil, organizationStatusID: nil)
        }
        #expect(sandbox.requestLog().isEmpty)
    }
}
