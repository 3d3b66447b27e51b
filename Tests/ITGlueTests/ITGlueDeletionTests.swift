import Foundation
import HTTPServer
import ITGlue
import ITGlueSandbox
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite(.timeLimit(.minutes(1))) struct ITGlueDeletionTests {
    @Test func deleteSendsAnIDArrayAndNoQuery() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        #expect(try await client.deleteOrganizations(ids: ["200008"]) == ["200008"])
        let deletes = SandboxHarness.requests(sandbox, path: "/organizations", method: "DELETE")
        let delete = try #require(deletes.first)
        #expect(deletes.count == 1)
        #expect(delete.query.isEmpty)
        #expect(!delete.hasFilterParameters)
        #expect(delete.status == 200)
        #expect(delete.body == #"{"data":[{"type":"organizations","attributes":{"id":200008}}]}"#)
        #expect(try await client.organization(id: "200008") == nil)
    }

    @Test func deleteSeveralIDs() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        #expect(try await client.deleteOrganizations(ids: ["200002", "200003"]) == ["200002", "200003"])
        let delete = try #require(SandboxHarness.requests(sandbox, path: "/organizations", method: "DELETE").first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(delete.body.utf8)) as? [String: Any])
        let items = try #require(json["data"] as? [[String: Any]])
        let ids = items.compactMap { ($0["attributes"] as? [String: Any])?["id"] as? Int }
        #expect(ids == [200_002, 200_003])
        #expect(items.allSatisfy { $0["type"] as? String == "organizations" })
    }

    @Test func deletedOrganizationMayStayVisible() async throws {
        var configuration = SandboxConfiguration()
        configuration.deletionDelay = .seconds(600)
        let (sandbox, client) = try SandboxHarness.start(configuration)
        defer { sandbox.stop() }
        #expect(try await client.deleteOrganizations(ids: ["200008"]) == ["200008"])
        #expect(try await client.organization(id: "200008")?.name == "Empty Org")
    }

    @Test func deletionIsPolledUntilGone() async throws {
        var configuration = SandboxConfiguration()
        configuration.deletionDelay = .seconds(2)
        let (sandbox, client) = try SandboxHarness.start(configuration)
        defer { sandbox.stop() }
        _ = try await client.deleteOrganizations(ids: ["200008"])
        #expect(try await client.waitUntilDeleted(id: "200008", timeout: .seconds(20), interval: .milliseconds(50)))
        #expect(SandboxHarness.requests(sandbox, path: "/organizations/200008").count >= 2)
        // Still pending after the timeout: false, not an error.
        _ = try await client.deleteOrganizations(ids: ["200007"])
        #expect(try await client.waitUntilDeleted(id: "200007", timeout: .zero, interval: .milliseconds(50)) == false)
    }

    @Test(arguments: [[String](), ["12a"], [""], ["0123"], ["200008", "200008"], ["200008", "1 OR 1"]])
    func malformedIDsAreRefusedWithoutSending(ids: [String]) async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let error = await #expect(throws: ITGlueError.self) { try await client.deleteOrganizations(ids: ids) }
        #expect(error?.code == .invalidRequest)
        #expect(sandbox.requestLog().isEmpty)
    }

    @Test func primaryAndUnknownAreRefusedByITGlue() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let primary = await #expect(throws: ITGlueError.self) {
            try await client.deleteOrganizations(ids: ["1000"])
        }
        #expect(primary?.code == .invalidRequest)
        #expect(primary?.status == 422)
        let unknown = await #expect(throws: ITGlueError.self) {
            try await client.deleteOrganizations(ids: ["999999"])
        }
        #expect(unknown?.code == .notFound)
        #expect(try await client.organization(id: "1000") != nil)
        // Neither 4xx was retried.
        #expect(SandboxHarness.requests(sandbox, path: "/organizations", method: "DELETE").count == 2)
    }

    @Test func deleteIsNotRetriedWhenTheOutcomeIsUnknown() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        sandbox.inject(.failNext(1, status: 500))
        let error = await #expect(throws: ITGlueError.self) {
            try await client.deleteOrganizations(ids: ["200008"])
        }
        #expect(error?.code == .server)
        #expect(error?.isConnectionError == true)
        sandbox.inject(.dropNext(1))
        let dropped = await #expect(throws: ITGlueError.self) {
            try await client.deleteOrganizations(ids: ["200008"])
        }
        #expect(dropped?.code == .connection)
        // The drop is reported as such, not after the timeout: the DELETE had a connection of its own, so curl
        // neither resent it nor stalled trying to.
        #expect(dropped?.message.contains("timed out") == false)
        #expect(SandboxHarness.requests(sandbox, path: "/organizations", method: "DELETE").count == 2)
        #expect(try await client.organization(id: "200008") != nil)
    }

    @Test func deleteIsRetriedWhenITGlueRefusedToServeIt() async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        sandbox.inject(.failNext(1, status: 503))
        sandbox.inject(.rateLimitNext(1))
        #expect(try await client.deleteOrganizations(ids: ["200008"]) == ["200008"])
        let deletes = SandboxHarness.requests(sandbox, path: "/organizations", method: "DELETE")
        #expect(deletes.map(\.status) == [503, 429, 200])
    }

    @Test(arguments: [
        #"{"data":[{"id":"200008","type":"organizations"},{"id":"200009","type":"organizations"}]}"#,
        #"{"data":[{"id":"200009","type":"organizations"}]}"#,
        #"{"data":[]}"#,
        #"{"meta":{}}"#,
    ])
    func answerNamingOtherIDsIsAMismatch(answer: String) async throws {
        let (server, client) = try SandboxHarness.startServer(handler: { _ in .json(200, answer) })
        defer { server.stop() }
        let error = await #expect(throws: ITGlueError.self) {
            try await client.deleteOrganizations(ids: ["200008"])
        }
        #expect(error?.code == .deletionMismatch)
        #expect(error?.isRetriable == false)
    }

    @Test func sandboxRefusesAFilteredDelete() async throws {
        // The client cannot send one, so this drives the sandbox directly to show the refusal the client avoids.
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        let baseURL = client.configuration.baseURL
        var request = URLRequest(
            url: try requireURL("\(baseURL.absoluteString)/organizations?filter%5Bname%5D=Empty%20Org")
        )
        request.httpMethod = "DELETE"
        request.setValue(SandboxHarness.apiKey, forHTTPHeaderField: "x-api-key")
        request.setValue("application/vnd.api+json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"data":[{"type":"organizations","attributes":{"id":200008}}]}"#.utf8)
        let (_, response) = try await URLSession(configuration: .ephemeral).data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 400)
    }
}
