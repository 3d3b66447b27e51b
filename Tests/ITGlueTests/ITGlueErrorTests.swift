import Foundation
import HTTPServer
import ITGlue
import ITGlueSandbox
import Testing

/// Every error shape IT Glue is known to send, over real HTTP, and how the client maps it.
@Suite(.timeLimit(.minutes(1))) struct ITGlueErrorTests {
    @Test(arguments: SandboxFault.ErrorBody.allCases, [400, 401, 403, 404, 415, 422])
    func clientErrorsFromTheSandbox(body: SandboxFault.ErrorBody, status: Int) async throws {
        let (sandbox, client) = try SandboxHarness.start()
        defer { sandbox.stop() }
        sandbox.inject(.failNext(1, status: status, body: body))
        let error = await #expect(throws: ITGlueError.self) { try await client.organizations(named: "Happy Frog") }
        let expected: ITGlueError.Code =
            switch status {
            case 401, 403: .permissionDenied
            case 404: .notFound
            default: .invalidRequest
            }
        #expect(error?.code == expected)
        #expect(error?.status == status)
        #expect(error?.message.isEmpty == false)
        #expect(error?.isRetriable == false)
        // 4xx is never retried.
        #expect(SandboxHarness.requests(sandbox, path: "/organizations").count == 1)
    }

    @Test(arguments: SandboxFault.ErrorBody.allCases, [500, 502, 503, 504])
    func serverErrorsFromTheSandbox(body: SandboxFault.ErrorBody, status: Int) async throws {
        let (sandbox, client) = try SandboxHarness.start(configure: { $0.retry.maxAttempts = 2 })
        defer { sandbox.stop() }
        sandbox.inject(.failNext(2, status: status, body: body))
        let error = await #expect(throws: ITGlueError.self) { try await client.organization(id: "123456") }
        #expect(error?.code == .server)
        #expect(error?.status == status)
        #expect(error?.isConnectionError == true)
        #expect(error?.message.isEmpty == false)
        #expect(SandboxHarness.requests(sandbox, path: "/organizations/123456").count == 2)
    }

    @Test(arguments: [
        (
            422, #"{"errors":[{"status":"422","title":"Unprocessable Entity","detail":"has already been taken"}]}"#,
            "has already been taken"
        ),
        (
            422,
            #"{"errors":[{"status":422,"title":"Valid organization_id is required","source":{"pointer":"data/attributes/organization_id"}}]}"#,
            "Valid organization_id is required"
        ),
        (403, #"{"message":"Forbidden"}"#, "Forbidden"),
        (
            404,
            "<html><head><title>The page you were looking for doesn't exist (404)</title></head><body><p>x</p></body></html>",
            "doesn't exist (404)"
        ),
        (401, "", "401"),
        (415, "Unsupported Media Type", "Unsupported Media Type"),
    ])
    func observedBodiesFromAPlainServer(status: Int, body: String, expected: String) async throws {
        let contentType = body.hasPrefix("<") ? "text/html" : "application/json"
        let (server, client) = try SandboxHarness.startServer(handler: { _ in
            .json(status, body, contentType: contentType)
        })
        defer { server.stop() }
        let error = await #expect(throws: ITGlueError.self) { try await client.organizations(named: "X") }
        #expect(error?.status == status)
        #expect(error?.message.contains(expected) == true)
        #expect(error?.isRetriable == false)
    }

    @Test(arguments: [
        "<html>oops</html>", #"{"data":"#, #"{"meta":{"total-count":3}}"#,
    ])
    func unexpectedSuccessBodiesAreInvalidResponses(body: String) async throws {
        let (server, client) = try SandboxHarness.startServer(handler: { _ in .json(200, body) })
        defer { server.stop() }
        let error = await #expect(throws: ITGlueError.self) { try await client.organizations(named: "X") }
        #expect(error?.code == .invalidResponse)
    }

    @Test(arguments: ["GET", "DELETE"])
    func redirectsAreNotFollowed(method: String) async throws {
        let counter = RequestCounter()
        let (server, client) = try SandboxHarness.startServer(handler: { request in
            _ = counter.next()
            return request.path == "/elsewhere"
                ? .json(200, #"{"data":[{"id":"1","type":"organizations","attributes":{"name":"X"}}]}"#)
                : HTTPResponse(status: 307, headers: [("Location", "/elsewhere")])
        })
        defer { server.stop() }
        let error = await #expect(throws: ITGlueError.self) {
            if method == "GET" {
                _ = try await client.organizations(named: "X")
            } else {
                _ = try await client.deleteOrganizations(ids: ["1"])
            }
        }
        #expect(error?.code == .invalidResponse)
        #expect(error?.status == 307)
        #expect(counter.count == 1)
    }

    @Test func countWithoutTotalIsAnInvalidResponse() async throws {
        let (server, client) = try SandboxHarness.startServer(handler: { request in
            request.path == "/flexible_asset_types"
                ? .json(200, #"{"data":[],"meta":{"total-pages":1}}"#)
                : .json(200, #"{"data":[]}"#)
        })
        defer { server.stop() }
        let error = await #expect(throws: ITGlueError.self) {
            try await client.dependencyCounts(organizationID: "123456")
        }
        #expect(error?.code == .invalidResponse)
    }
}
