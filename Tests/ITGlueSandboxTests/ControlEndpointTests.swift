import Foundation
import ITGlueSandbox
import Testing

@Suite("Sandbox control endpoint and request log")
struct ControlEndpointTests {
    @Test func injectsAndClearsFaultsOverHTTPWithoutAnAPIKey() async throws {
        try await withSandbox { _, client in
            let set = try await client.send(
                "POST",
                "/_sandbox/faults",
                body: #"{"fail_next":1,"status":500,"body":"message","rate_limit_next":1}"#,
                apiKey: nil,
                contentType: "application/json"
            )
            #expect(set.status == 200)
            #expect(set.json["fail_next"].int == 1 && set.json["rate_limit_next"].int == 1)
            let failed = try await client.get("/organizations")
            #expect(failed.status == 500 && failed.json["message"].string == "Internal Server Error")
            #expect(try await client.get("/organizations").status == 429)
            let counted = try await client.send(
                "POST",
                "/_sandbox/faults",
                body: #"{"drop_next":3,"hang_next":2,"truncate_next":1,"drop_after_next":4,"latency_ms":5}"#,
                apiKey: nil
            ).json
            #expect(counted["drop_next"].int == 3 && counted["hang_next"].int == 2)
            #expect(counted["truncate_next"].int == 1 && counted["drop_after_next"].int == 4)
            #expect(counted["latency_ms"].int == 5)
            let cleared = try await client.send("DELETE", "/_sandbox/faults", apiKey: nil).json
            #expect(cleared["drop_next"].int == 0 && cleared["hang_next"].int == 0)
            #expect(cleared["truncate_next"].int == 0 && cleared["drop_after_next"].int == 0)
            #expect(try await client.get("/organizations").status == 200)
        }
    }

    @Test func refusesUnknownFaultKeys() async throws {
        try await withSandbox { _, client in
            let reply = try await client.send("POST", "/_sandbox/faults", body: #"{"fail_nxt":1}"#, apiKey: nil)
            #expect(reply.status == 400)
            #expect(reply.json["error"].string?.contains("fail_nxt") == true)
        }
    }

    @Test func logsEveryAPIRequestWithoutTheKey() async throws {
        try await withSandbox { sandbox, client in
            _ = try await client.get("/organizations", [("filter[name]", "Happy Frog"), ("page[size]", "1")])
            _ = try await client.send("DELETE", "/organizations", body: bulkDeleteBody(["200008"]))
            _ = try await client.send("GET", "/organizations", apiKey: "another-secret-key")
            _ = try await client.send("GET", "/_sandbox/faults", apiKey: nil)
            let log = sandbox.requestLog()
            #expect(log.count == 3)
            #expect(log[0].method == "GET" && log[0].path == "/organizations")
            #expect(log[0].query.map(\.name) == ["filter[name]", "page[size]"])
            #expect(log[0].queryValue("filter[name]") == "Happy Frog")
            #expect(log[0].status == 200 && log[0].isAPIKeyValid)
            #expect(log[1].method == "DELETE" && log[1].body == bulkDeleteBody(["200008"]) && log[1].status == 200)
            #expect(log[2].status == 401 && log[2].hasAPIKey && !log[2].isAPIKeyValid)

            let remote = try await client.send("GET", "/_sandbox/requests", apiKey: nil)
            #expect(remote.json["requests"].array.count == 3)
            #expect(remote.json["requests"][0]["query"][0][1].string == "Happy Frog")
            #expect(remote.json["requests"][2]["api_key_valid"].bool == false)
            #expect(!remote.text.contains(SandboxHTTPClient.apiKey) && !remote.text.contains("another-secret-key"))

            _ = try await client.send("DELETE", "/_sandbox/requests", apiKey: nil)
            #expect(sandbox.requestLog().isEmpty)
        }
    }

    @Test func keepsOnlyTheNewestRecordsBeyondTheCapacity() async throws {
        try await withSandbox(configuration: configured { $0.requestLogCapacity = 2 }) { sandbox, client in
            for id in ["1000", "123456", "200001"] {
                _ = try await client.get("/organizations/\(id)")
            }
            #expect(sandbox.requestLog().map(\.path) == ["/organizations/123456", "/organizations/200001"])
        }
    }

    @Test func resetRestoresTheInitialData() async throws {
        try await withSandbox { sandbox, client in
            _ = try await client.send("DELETE", "/organizations", body: bulkDeleteBody(["200008"]))
            sandbox.inject(.dropNext(5))
            #expect(!sandbox.organizationExists(id: "200008"))
            #expect(try await client.send("POST", "/_sandbox/reset", apiKey: nil).status == 200)
            #expect(sandbox.organizationExists(id: "200008"))
            #expect(sandbox.requestLog().isEmpty)
            #expect(try await client.get("/organizations/200008").status == 200)
        }
    }
}
