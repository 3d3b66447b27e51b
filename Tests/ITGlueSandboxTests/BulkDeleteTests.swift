import Foundation
import ITGlueSandbox
import Testing

@Suite("Sandbox DELETE /organizations")
struct BulkDeleteTests {
    @Test func deletesByExplicitIdsAndAnswersWithTheOrganizations() async throws {
        try await withSandbox { sandbox, client in
            let reply = try await client.send("DELETE", "/organizations", body: bulkDeleteBody(["200008", "200002"]))
            #expect(reply.status == 200)
            #expect(reply.json["data"].array.map { $0["id"].string } == ["200008", "200002"])
            #expect(reply.json["data"][0]["attributes"]["name"].string == "Empty Org")
            #expect(!sandbox.organizationExists(id: "200008"))
            #expect(try await client.get("/organizations/200008").status == 404)
            #expect(sandbox.organizationExists(id: "200003"))
        }
    }

    @Test func acceptsIdsAsDigitStrings() async throws {
        try await withSandbox { sandbox, client in
            let body = #"{"data":[{"type":"organizations","attributes":{"id":"200008"}}]}"#
            let actual1 = try await client.send("DELETE", "/organizations", body: body).status
            #expect(actual1 == 200)
            #expect(!sandbox.organizationExists(id: "200008"))
        }
    }

    @Test(arguments: [
        [("filter[id]", "200008")], [("filter[name]", "Empty Org")], [("filter[exclude][id]", "1000")],
        [("filter", "x")],
    ])
    func refusesAnyFilterAndDeletesNothing(query: [(String, String)]) async throws {
        try await withSandbox { sandbox, client in
            let before = sandbox.dataset()
            for body in [bulkDeleteBody(["200008"]), nil] {
                let reply = try await client.send("DELETE", "/organizations", query: query, body: body ?? "{}")
                #expect(reply.status == 400)
                #expect(reply.json["errors"][0]["status"].int == 400)
                #expect(reply.json["errors"][0]["detail"].string == "Cannot be used in combination with filter")
            }
            #expect(sandbox.dataset() == before)
            let log = sandbox.requestLog()
            #expect(log.allSatisfy { $0.hasFilterParameters })
        }
    }

    @Test func refusesThePrimaryOrganizationAndDeletesNothingOfTheBatch() async throws {
        try await withSandbox { sandbox, client in
            let reply = try await client.send("DELETE", "/organizations", body: bulkDeleteBody(["200008", "1000"]))
            #expect(reply.status == 422)
            #expect(reply.json["errors"][0]["detail"].string == "Cannot delete the primary organization")
            #expect(sandbox.organizationExists(id: "200008"))
            #expect(sandbox.organizationExists(id: "1000"))
        }
    }

    @Test func failsTheWholeBatchOnAnUnknownId() async throws {
        try await withSandbox { sandbox, client in
            let reply = try await client.send("DELETE", "/organizations", body: bulkDeleteBody(["200008", "424242"]))
            #expect(reply.status == 404)
            #expect(reply.json["errors"][0]["title"].string == "Not Found")
            #expect(sandbox.organizationExists(id: "200008"))
        }
    }

    @Test(arguments: [
        "", "{}", #"{"data":[]}"#, #"{"data":null}"#, #"{"data":{"type":"organizations","attributes":{"id":200008}}}"#,
        #"{"data":[{"type":"organizations","id":"200008"}]}"#,
        #"{"data":[{"type":"configurations","attributes":{"id":200008}}]}"#,
        #"{"data":[{"type":"organizations","attributes":{"id":"20x"}}]}"#,
    ])
    func refusesMalformedBodiesWith400(body: String) async throws {
        try await withSandbox { sandbox, client in
            let reply = try await client.send("DELETE", "/organizations", body: body.isEmpty ? nil : body)
            #expect(reply.status == 400)
            #expect(sandbox.organizationExists(id: "200008"))
        }
    }

    @Test func keepsTheOrganizationVisibleUntilTheDeletionDelayPasses() async throws {
        try await withSandbox(configuration: configured { $0.deletionDelay = .seconds(2) }) { sandbox, client in
            let reply = try await client.send("DELETE", "/organizations", body: bulkDeleteBody(["200001"]))
            #expect(reply.status == 200)
            #expect(sandbox.isDeletionPending(id: "200001"))
            #expect(try await client.get("/organizations/200001").status == 200)
            #expect(
                try await client.get("/organizations/200001/relationships/contacts").json["meta"]["total-count"].int
                    == 2
            )
            // Poll as a client would; no bound on how fast the machine is.
            var status = 200
            while status == 200 {
                try await Task.sleep(for: .milliseconds(50))
                status = try await client.get("/organizations/200001").status
            }
            #expect(status == 404)
            #expect(!sandbox.organizationExists(id: "200001"))
            #expect(sandbox.dataset().contacts.isEmpty)
            #expect(!sandbox.dataset().passwords.contains { $0.organizationId == "200001" })
        }
    }
}
